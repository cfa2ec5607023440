/**
 * End-to-end conformance with PyTorch: the model of issue 10 (Linear, BatchNorm1d, GELU, Linear) trained for six
 * mini-batch steps with cross-entropy and each optimizer, from the same initial state, gives PyTorch's losses,
 * final state dict (running statistics included) and eval logits (test/golden/training.json, written by
 * scripts/golden/generate.py). The per-op, per-layer and per-optimizer fixtures live in the packages themselves.
 */
import { describe, expect, test } from 'vitest';
import { Tensor, autograd, nn, optim, tensor } from '../src/index.ts';

type NDArray = tensor.NDArray;
import { type Encoded, loadFixture, mismatch } from './golden/compare.ts';

// biome-ignore lint/suspicious/noExplicitAny: JSON options.
type Args = Record<string, any>;

interface TrainingCase {
  name: string;
  model: { module: string; args: unknown[] };
  optimizer: string;
  options: Args;
  state: Record<string, Encoded>;
  x: Encoded;
  y: number[];
  batch: number;
  losses: number[];
  finalState: Record<string, Encoded>;
  evalLogits: Encoded;
}

const fixture = loadFixture<TrainingCase>('training.json');

/** Builds `new nn[module](...args)`; an argument `{ module, args }` is built as a child first. */
function build(module: string, args: readonly unknown[]): nn.Module {
  const Ctor = (nn as unknown as Record<string, new (...a: unknown[]) => nn.Module>)[module]!;
  const isChild = (a: unknown): a is { module: string; args: unknown[] } => typeof a === 'object' && a !== null && 'module' in a;
  return new Ctor(...args.map((a) => (isChild(a) ? build(a.module, a.args) : a)));
}

/** PyTorch's key for a Seedling state entry: the same, or its snake_case (`runningMean` → `running_mean`). */
const torchKey = (key: string, dict: Readonly<Record<string, Encoded>>) =>
  key in dict ? key : key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const entries = (m: nn.Module): [string, NDArray][] => [
  ...m.namedParameters().map(([k, p]): [string, NDArray] => [k, p.data]),
  ...m.namedBuffers(),
];
const values = (a: NDArray) => ({ shape: a.shape, data: Array.from(a.data as ArrayLike<number | bigint>, Number) });

type OptimizerCtor = new (params: unknown, options: Args) => { step(): void; zeroGrad(): void };

describe(`training against PyTorch ${fixture.torch}`, () => {
  test.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const model = build(c.model.module, c.model.args);
    for (const [k, a] of entries(model)) {
      const v = c.state[torchKey(k, c.state)]!.data;
      a.data.set((typeof a.data[0] === 'bigint' ? v.map(BigInt) : v) as never);
    }
    const opt = new (optim as unknown as Record<string, OptimizerCtor>)[c.optimizer]!(model.parameters(), c.options);
    const features = c.x.shape[1]!;
    const rows = (from: number, n: number) =>
      new Tensor(tensor.array(Float64Array.from(c.x.data.slice(from * features, (from + n) * features)), { shape: [n, features] }));
    model.train();
    c.losses.forEach((expected, step) => {
      const start = (step % 3) * c.batch;
      opt.zeroGrad();
      const loss = nn.crossEntropyLoss(
        model.forward(rows(start, c.batch)),
        autograd.tensor(c.y.slice(start, start + c.batch), { dtype: 'float64' }),
      );
      loss.backward();
      opt.step();
      // float64 throughout, so the default 1e-9 (the first Linear has no bias: see TRAIN_MODEL in the generator).
      expect(
        mismatch({ shape: [], data: [loss.item()] }, { shape: [], dtype: 'float64', data: [expected] }),
        `loss at step ${step}`,
      ).toBeNull();
    });
    for (const [k, a] of entries(model)) expect(mismatch(values(a), c.finalState[torchKey(k, c.finalState)]!), `final ${k}`).toBeNull();
    model.eval();
    const logits = model.forward(rows(0, c.y.length));
    expect(mismatch({ shape: logits.shape, data: logits.data.data, dtype: logits.dtype }, c.evalLogits)).toBeNull();
  });
});
