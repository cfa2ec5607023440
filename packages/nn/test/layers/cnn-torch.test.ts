/**
 * Issue 16's acceptance test: a LeNet-style CNN (Conv2d, BatchNorm2d, ReLU, MaxPool2d, Conv2d,
 * GroupNorm, Tanh, AvgPool2d, Flatten, Linear) defined in Seedling and in PyTorch with the same
 * weights gives the same logits, loss, parameter gradients and running statistics (float64, train
 * mode). Values from scripts/golden/cnn_lenet.py.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { tensor } from '@seedling-ml/autograd';
import { NDArray } from '@seedling-ml/tensor';
import * as nn from '../../src/index.ts';

interface Entry {
  shape: number[];
  data: number[];
}
const fx = JSON.parse(readFileSync(new URL('../fixtures/cnn-lenet-torch.json', import.meta.url), 'utf8')) as {
  input: Entry;
  targets: number[];
  state: Record<string, Entry>;
  logits: number[];
  loss: number;
  grads: Record<string, number[]>;
  runningAfter: Record<string, number[]>;
};

const f64 = { dtype: 'float64' as const, seed: 0 };
const model = new nn.Sequential(
  new nn.Conv2d(1, 6, 5, { ...f64, padding: 2 }),
  new nn.BatchNorm2d(6, f64),
  new nn.ReLU(),
  new nn.MaxPool2d(2),
  new nn.Conv2d(6, 16, 5, f64),
  new nn.GroupNorm(4, 16, f64),
  new nn.Tanh(),
  new nn.AvgPool2d(2),
  new nn.Flatten(),
  new nn.Linear(64, 32, f64),
  new nn.ReLU(),
  new nn.Linear(32, 10, f64),
);

/** Seedling's key for a PyTorch key: the same, unless this build still spells a buffer in camelCase. */
function keyOf(torchKey: string, keys: Set<string>): string {
  if (keys.has(torchKey)) return torchKey;
  const camel = torchKey.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  if (keys.has(camel)) return camel;
  throw new Error(`no Seedling key for PyTorch's '${torchKey}'`);
}

function expectClose(actual: ArrayLike<number>, expected: number[], tol = 1e-9): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++)
    expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(expected[i]!)));
}

test('same weights → same logits, loss, gradients and running statistics as PyTorch', () => {
  const keys = new Set(Object.keys(model.stateDict()));
  const dict: Record<string, NDArray> = {};
  for (const [k, v] of Object.entries(fx.state)) dict[keyOf(k, keys)] = new NDArray(Float64Array.from(v.data), v.shape);
  // Every PyTorch key maps to one of ours and nothing of ours is left out.
  expect(Object.keys(dict).sort()).toEqual([...keys].sort());
  model.loadStateDict(dict);

  const x = tensor(new NDArray(Float64Array.from(fx.input.data), fx.input.shape));
  const logits = model.forward(x);
  // float64 on both sides; the sums are short (≤ 150 terms), so 1e-9 relative leaves a wide margin.
  expectClose(logits.data.data, fx.logits);
  const loss = nn.crossEntropyLoss(logits, fx.targets);
  expect(loss.item()).toBeCloseTo(fx.loss, 10);
  loss.backward();
  const params = new Map(model.namedParameters());
  for (const [k, g] of Object.entries(fx.grads)) expectClose(params.get(k)!.grad!.data.data, g);
  const buffers = new Map(model.namedBuffers());
  for (const [k, v] of Object.entries(fx.runningAfter)) expectClose(buffers.get(keyOf(k, new Set(buffers.keys())))!.data, v);
});
