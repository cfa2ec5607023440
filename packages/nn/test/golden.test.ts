/**
 * Conformance with PyTorch: every loss (values and input gradients) and every layer in train and eval mode
 * (outputs, input and parameter gradients, BatchNorm's running statistics) against the golden fixtures that
 * scripts/golden/generate.py wrote with PyTorch (test/golden/losses.json, layers.json). No Python needed.
 * Wiring a loss case: one line in `LOSSES`. Layers are built by export name from the fixture's constructor
 * arguments, so a new layer needs only a line in the generator.
 */
import { describe, expect, test } from 'vitest';
import { Tensor, logSoftmax, tensor } from '@seedling-ml/autograd';
import { type NDArray, array } from '@seedling-ml/tensor';
import * as nn from '../src/index.ts';
import { Module } from '../src/index.ts';
import { type Encoded, loadFixture, mismatch } from './golden/compare.ts';

// Fixture arguments are JSON in Seedling's own terms.
// biome-ignore lint/suspicious/noExplicitAny: JSON arguments.
type Args = Record<string, any>;
type Call = (xs: Tensor[], args: Args) => Tensor;

interface LossCase {
  name: string;
  op: string;
  dtype: 'float32' | 'float64';
  args: Args | null;
  inputs: (Encoded & { const: boolean })[];
  output: Encoded;
  cotangent?: Encoded;
  grads?: (Encoded | null)[];
  /** A looser tolerance where PyTorch is less exact (reason at the case in the generator). */
  rtol?: number;
}

interface LayerStep {
  mode: 'train' | 'eval';
  input: Encoded & { const: boolean };
  output: Encoded;
  cotangent: Encoded;
  inputGrad: Encoded | null;
  paramGrads: Record<string, Encoded>;
  state: Record<string, Encoded>;
}

interface LayerCase {
  name: string;
  module: string;
  args: unknown[];
  dtype: 'float32' | 'float64';
  state: Record<string, Encoded>;
  steps: LayerStep[];
  rtol?: number;
}

/** Per-class weights and posWeight as tensors of the input's dtype (PyTorch takes tensors). */
function withTensors(a: Args, dtype: Tensor['dtype']): Args {
  const out: Args = { ...a };
  for (const k of ['weight', 'posWeight']) if (Array.isArray(out[k])) out[k] = tensor(out[k], { dtype });
  return out;
}
const _byName = (name: string) => (nn as unknown as Record<string, (x: Tensor, t: Tensor, o: Args) => Tensor>)[name]!;
const loss =
  (f: (x: Tensor, t: Tensor, o: Args) => Tensor): Call =>
  (xs, a) =>
    f(xs[0]!, xs[1]!, withTensors(a, xs[0]!.dtype));

/** Fixture `op` → Seedling call. `klDivLoss(logSoftmax)`: PyTorch's kl_div takes log-probabilities, made here. */
export const LOSSES: Readonly<Record<string, Call>> = {
  mseLoss: loss(nn.mseLoss),
  l1Loss: loss(nn.l1Loss),
  crossEntropyLoss: loss(nn.crossEntropyLoss),
  nllLoss: loss(nn.nllLoss),
  bceWithLogitsLoss: loss(nn.bceWithLogitsLoss),
  smoothL1Loss: (xs, a) => nn.smoothL1Loss(xs[0]!, xs[1]!, a),
  huberLoss: (xs, a) => nn.huberLoss(xs[0]!, xs[1]!, a),
  'klDivLoss(logSoftmax)': (xs, a) => nn.klDivLoss(logSoftmax(xs[0]!, -1), xs[1]!, a),
};

interface InitCase {
  kind: 'gain' | 'fans';
  name: string;
  nonlinearity?: nn.Nonlinearity;
  param?: number | null;
  gain?: number;
  shape?: number[];
  fanIn?: number;
  fanOut?: number;
}

const losses = loadFixture<LossCase>('losses.json');
const init = loadFixture<InitCase>('init.json');
const layers = loadFixture<LayerCase>('layers.json');

function toArray(e: Encoded): NDArray {
  return array(Float64Array.from(e.data), { dtype: e.dtype, shape: e.shape });
}
const scalar = (x: number): Encoded => ({ shape: [], dtype: 'float64', data: [x] });
const view = (t: Tensor) => ({ shape: t.shape, data: t.data.data, dtype: t.dtype });
/** Values only (a buffer's dtype is compared elsewhere; PyTorch's int64 counter is stored as a double). */
const values = (a: NDArray) => ({ shape: a.shape, data: Array.from(a.data as ArrayLike<number | bigint>, Number) });

describe(`losses against PyTorch ${losses.torch}`, () => {
  const live = losses.cases;
  test.each(live.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const call = LOSSES[c.op];
    if (call === undefined) throw new Error(`fixture op '${c.op}' has no entry in LOSSES`);
    const xs = c.inputs.map((e) => new Tensor(toArray(e), { requiresGrad: !e.const }));
    const out = call(xs, c.args ?? {});
    expect(mismatch(view(out), c.output, c.rtol)).toBeNull();
    out.backward(new Tensor(toArray(c.cotangent!)));
    c.grads!.forEach((g, i) => {
      if (g === null) return;
      expect(xs[i]!.grad, `gradient of input ${i}`).not.toBeNull();
      expect(mismatch(view(xs[i]!.grad!), g, c.rtol), `gradient of input ${i}`).toBeNull();
    });
  });
});

/** Builds `new nn[module](...args)`; an argument `{ module, args }` is built as a child first (Sequential). */
function build(module: string, args: readonly unknown[]): Module {
  const Ctor = (nn as unknown as Record<string, new (...a: unknown[]) => Module>)[module];
  if (Ctor === undefined) throw new Error(`layer '${module}' is not exported by @seedling-ml/nn`);
  const isChild = (a: unknown): a is { module: string; args: unknown[] } => typeof a === 'object' && a !== null && 'module' in a;
  return new Ctor(...args.map((a) => (isChild(a) ? build(a.module, a.args) : a)));
}

/** PyTorch's state-dict key of a Seedling one: the same, or its snake_case (`runningMean` → `running_mean`). */
function torchKey(key: string, fixture: Readonly<Record<string, Encoded>>): string {
  if (key in fixture) return key;
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function entries(m: Module): [string, NDArray][] {
  return [...m.namedParameters().map(([k, p]): [string, NDArray] => [k, p.data]), ...m.namedBuffers()];
}

describe(`layers against PyTorch ${layers.torch}`, () => {
  const live = layers.cases;
  test.each(live.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const m = build(c.module, c.args);
    // Same state keys as PyTorch (strict loading both ways), then PyTorch's values copied in.
    const own = entries(m);
    expect(own.map(([k]) => torchKey(k, c.state)).sort()).toEqual(Object.keys(c.state).sort());
    for (const [k, a] of own)
      a.data.set(c.state[torchKey(k, c.state)]!.data.map((v) => (typeof a.data[0] === 'bigint' ? BigInt(v) : v)) as never);
    c.steps.forEach((s, i) => {
      const at = `step ${i} (${s.mode})`;
      if (s.mode === 'train') m.train();
      else m.eval();
      m.zeroGrad();
      const x = new Tensor(toArray(s.input), { requiresGrad: !s.input.const });
      const y = m.forward(x);
      expect(mismatch(view(y), s.output, c.rtol), `${at}: output`).toBeNull();
      y.backward(new Tensor(toArray(s.cotangent)));
      if (s.inputGrad !== null) expect(mismatch(view(x.grad!), s.inputGrad, c.rtol), `${at}: input gradient`).toBeNull();
      for (const [k, p] of m.namedParameters()) {
        const g = s.paramGrads[torchKey(k, s.paramGrads)];
        expect(g, `${at}: PyTorch has a gradient for ${k}`).toBeDefined();
        expect(mismatch(view(p.grad!), g!, c.rtol), `${at}: gradient of ${k}`).toBeNull();
      }
      for (const [k, a] of entries(m)) expect(mismatch(values(a), s.state[torchKey(k, s.state)]!, c.rtol), `${at}: state ${k}`).toBeNull();
    });
  });
});

test('Dropout in training: kept values scaled by 1/(1 − p), the gradient through the same mask (PyTorch semantics)', () => {
  // The mask is random by design (Seedling's Rng, not PyTorch's); what is deterministic is checked here.
  const p = 0.25;
  const drop = new nn.Dropout(p, { seed: 7 });
  const x = new Tensor(
    array(
      Float64Array.from({ length: 400 }, (_, i) => 1 + (i % 7)),
      { shape: [20, 20] },
    ),
    { requiresGrad: true },
  );
  const y = drop.forward(x);
  y.backward(new Tensor(array(new Float64Array(400).fill(1), { shape: [20, 20] })));
  let kept = 0;
  for (let i = 0; i < 400; i++) {
    const out = y.data.data[i]!;
    // PyTorch scales the mask first (mask / (1 − p)) and multiplies by x: the same rounding as here.
    const scale = out === 0 ? 0 : 1 / (1 - p);
    if (out !== 0) kept++;
    expect(out).toBe(x.data.data[i]! * scale);
    expect(x.grad!.data.data[i]).toBe(scale);
  }
  // Both outcomes occur (a mask of all ones or all zeros would make the checks above vacuous).
  expect(kept).toBeGreaterThan(0);
  expect(kept).toBeLessThan(400);
});

describe(`nn.init facts against PyTorch ${init.torch}`, () => {
  test.each(init.cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    if (c.kind === 'gain') expect(mismatch(scalar(nn.calculateGain(c.nonlinearity!, c.param ?? undefined)), scalar(c.gain!))).toBeNull();
    else expect(nn.computeFans(c.shape!)).toEqual({ fanIn: c.fanIn, fanOut: c.fanOut });
  });
});

/** Exported Modules that have no PyTorch fixture, each with the reason. */
export const LAYERS_WITHOUT_FIXTURE: Readonly<Record<string, string>> = {
  MaxUnpool2d:
    "its forward takes MaxPool2d's indices as a second input, which the one-input layer fixtures cannot pass; the op it calls, maxUnpool2d (after maxPool2d with returnIndices), has PyTorch fixtures in autograd's test/golden/ops.json",
};

test('every exported loss and layer has a PyTorch fixture or a listed reason', () => {
  const exported = Object.entries(nn).filter(([, v]) => typeof v === 'function');
  const lossNames = exported.map(([k]) => k).filter((k) => k.endsWith('Loss'));
  const covered = new Set(losses.cases.map((c) => c.op.replace(/\(.*\)$/, '')));
  expect(lossNames.filter((k) => !covered.has(k))).toEqual([]);
  const layerNames = exported.filter(([, v]) => (v as { prototype?: unknown }).prototype instanceof Module).map(([k]) => k);
  const built = new Set(layers.cases.map((c) => c.module));
  expect(layerNames.filter((k) => !built.has(k) && !(k in LAYERS_WITHOUT_FIXTURE))).toEqual([]);
  // Every fixture is checked.
  expect(losses.cases.filter((c) => LOSSES[c.op] === undefined).map((c) => c.name)).toEqual([]);
  expect(layers.cases.filter((c) => !layerNames.includes(c.module)).map((c) => c.name)).toEqual([]);
});
