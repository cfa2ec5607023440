/**
 * Conformance with PyTorch: every op's forward values and input gradients against the golden fixtures that
 * scripts/golden/generate.py wrote with PyTorch (test/golden/ops.json). No Python is needed to run this.
 * Wiring a fixture case: one line in `OPS` (fixture `op` name → Seedling call).
 */
import { describe, expect, test } from 'vitest';
import { array } from '@seedling-ml/tensor';
import * as ag from '../src/index.ts';
import { Tensor } from '../src/index.ts';
import { type Encoded, loadFixture, mismatch } from './golden/compare.ts';

interface OpCase {
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

// Fixture arguments are JSON in Seedling's own terms; each call below passes on the ones it takes.
// biome-ignore lint/suspicious/noExplicitAny: JSON arguments.
type Args = Record<string, any>;
type Call = (xs: Tensor[], args: Args) => Tensor;

const unary =
  (f: (x: Tensor) => Tensor): Call =>
  (xs) =>
    f(xs[0]!);
const binary =
  (f: (a: Tensor, b: Tensor) => Tensor): Call =>
  (xs) =>
    f(xs[0]!, xs[1]!);
const reduction =
  (f: (x: Tensor, o: Args) => Tensor): Call =>
  (xs, a) =>
    f(xs[0]!, a);

/** The convolution and pooling ops, looked up by their export name. */
const byName = (name: string) => (ag as unknown as Record<string, (...a: unknown[]) => Tensor>)[name]!;
/** conv(x, weight, bias | null, options). */
const conv =
  (name: string): Call =>
  (xs, a) =>
    byName(name)(xs[0]!, xs[1]!, xs[2] ?? null, a);
/** pool(x, options). */
const pool =
  (name: string): Call =>
  (xs, a) =>
    byName(name)(xs[0]!, a);
/** max pool(x, options): with returnIndices the fixture holds the indices, the second output. */
const values0or1 =
  (name: string): Call =>
  (xs, a) => {
    const out = (byName(name) as (...v: unknown[]) => Tensor | [Tensor, Tensor])(xs[0]!, a);
    return Array.isArray(out) ? out[1] : out;
  };
/** adaptive pool(x, outputSize). */
const adaptive =
  (name: string): Call =>
  (xs, a) =>
    byName(name)(xs[0]!, a.outputSize);

/** Fixture `op` → Seedling call. */
export const OPS: Readonly<Record<string, Call>> = {
  abs: unary(ag.abs),
  neg: unary(ag.neg),
  exp: unary(ag.exp),
  expm1: unary(ag.expm1),
  log: unary(ag.log),
  log1p: unary(ag.log1p),
  sqrt: unary(ag.sqrt),
  erf: unary(ag.erf),
  tanh: unary(ag.tanh),
  sigmoid: unary(ag.sigmoid),
  relu: unary(ag.relu),
  square: unary(ag.square),
  reciprocal: unary(ag.reciprocal),
  sign: unary(ag.sign),
  selu: unary(ag.selu),
  clip: (xs, a) => ag.clip(xs[0]!, a.min, a.max),
  clamp: (xs, a) => ag.clamp(xs[0]!, a.min, a.max),
  astype: (xs, a) => ag.astype(xs[0]!, a.dtype),
  leakyRelu: (xs, a) => ag.leakyRelu(xs[0]!, a.negativeSlope),
  elu: (xs, a) => ag.elu(xs[0]!, a.alpha),
  gelu: reduction(ag.gelu),
  softplus: reduction(ag.softplus),
  softmax: (xs, a) => ag.softmax(xs[0]!, a.axis),
  logSoftmax: (xs, a) => ag.logSoftmax(xs[0]!, a.axis),
  silu: unary(ag.silu),
  mish: unary(ag.mish),
  hardtanh: (xs, a) => ag.hardtanh(xs[0]!, a.minVal, a.maxVal),
  hardsigmoid: unary(ag.hardsigmoid),
  hardswish: unary(ag.hardswish),
  logsigmoid: unary(ag.logsigmoid),
  add: binary(ag.add),
  sub: binary(ag.sub),
  mul: binary(ag.mul),
  div: binary(ag.div),
  pow: binary(ag.pow),
  maximum: binary(ag.maximum),
  minimum: binary(ag.minimum),
  where: (xs) => ag.where(xs[0]!, xs[1]!, xs[2]!),
  equal: binary(ag.equal),
  notEqual: binary(ag.notEqual),
  less: binary(ag.less),
  lessEqual: binary(ag.lessEqual),
  greater: binary(ag.greater),
  greaterEqual: binary(ag.greaterEqual),
  sum: reduction(ag.sum),
  mean: reduction(ag.mean),
  variance: reduction(ag.variance),
  max: reduction(ag.max),
  min: reduction(ag.min),
  logsumexp: reduction(ag.logsumexp),
  argmax: reduction(ag.argmax),
  argmin: reduction(ag.argmin),
  matmul: (xs, a) => ag.matmul(xs[0]!, xs[1]!, a),
  reshape: (xs, a) => ag.reshape(xs[0]!, a.shape),
  transpose: (xs, a) => ag.transpose(xs[0]!, a.perm),
  broadcastTo: (xs, a) => ag.broadcastTo(xs[0]!, a.shape),
  squeeze: (xs, a) => ag.squeeze(xs[0]!, a.axis),
  expandDims: (xs, a) => ag.expandDims(xs[0]!, a.axis),
  concat: (xs, a) => ag.concat(xs, a.axis),
  stack: (xs, a) => ag.stack(xs, a.axis),
  slice: (xs, a) => ag.slice(xs[0]!, a.specs),
  pad: (xs, a) => ag.pad(xs[0]!, a.widths, a.mode === undefined ? a.value : { mode: a.mode }),
  gather: (xs, a) => ag.gather(xs[0]!, xs[1]!, a.axis),
  takeAlongAxis: (xs, a) => ag.takeAlongAxis(xs[0]!, xs[1]!, a.axis),
  conv2d: conv('conv2d'),
  convTranspose2d: conv('convTranspose2d'),
  conv1d: conv('conv1d'),
  maxPool2d: values0or1('maxPool2d'),
  avgPool2d: pool('avgPool2d'),
  maxPool1d: values0or1('maxPool1d'),
  maxUnpool2d: (xs, a) => {
    const [y, indices] = ag.maxPool2d(xs[0]!, { ...(a.pool as ag.MaxPool2dOptions), returnIndices: true });
    return ag.maxUnpool2d(y, indices, a.unpool);
  },
  avgPool1d: pool('avgPool1d'),
  adaptiveAvgPool2d: adaptive('adaptiveAvgPool2d'),
  adaptiveAvgPool1d: adaptive('adaptiveAvgPool1d'),
};

/** Exports that are not ops (no PyTorch fixture applies), each with the reason. */
export const NOT_OPS: Readonly<Record<string, string>> = {
  AutogradError: 'error class',
  GradcheckError: 'error class',
  Tensor: 'the tensor class itself (its methods are the ops above)',
  Node: 'graph node class',
  tensor: 'constructor',
  noGrad: 'grad-mode switch',
  isGradEnabled: 'grad-mode query',
  peekGrad: 'gradient accessor for optimizers (reads .grad without handing it out); tested in dispose.test.ts',
  apply: 'op machinery',
  defineOp: 'op machinery',
  gradcheck: 'finite-difference checker, tested against analytic gradients in gradcheck.test.ts',
  softmaxCrossEntropy:
    "fused form of logSoftmax + takeAlongAxis + mean + neg (each with PyTorch fixtures); softmax-cross-entropy.test.ts checks it against that composition, and nn's crossEntropyLoss golden cases run through it",
  linear:
    "fused form of matmul (transposeB) + add (each with PyTorch fixtures); linear.test.ts checks it against that composition bit for bit, and nn's Linear (torch-compared in nn's tests) runs through it",
};

const fixture = loadFixture<OpCase>('ops.json');

function toTensor(e: Encoded, requiresGrad: boolean): Tensor {
  return new Tensor(array(Float64Array.from(e.data), { dtype: e.dtype, shape: e.shape }), { requiresGrad });
}

const view = (t: Tensor) => ({ shape: t.shape, data: t.data.data, dtype: t.dtype });

describe(`ops against PyTorch ${fixture.torch}`, () => {
  test.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const call = OPS[c.op];
    if (call === undefined) throw new Error(`fixture op '${c.op}' has no entry in OPS`);
    const xs = c.inputs.map((e) => toTensor(e, !e.const));
    const out = call(xs, c.args ?? {});
    // Piecewise-constant ops (comparisons, argmax, sign) compare values only: their dtype is Seedling's choice.
    const constant = c.grads === undefined || !out.requiresGrad;
    expect(mismatch(constant ? { shape: out.shape, data: out.data.data } : view(out), c.output, c.rtol)).toBeNull();
    if (c.grads === undefined) return;
    if (!out.requiresGrad) {
      // Seedling treats piecewise-constant ops (sign) as constants; PyTorch records them with a zero gradient.
      for (const g of c.grads) if (g !== null) expect(g.data.every((v) => v === 0)).toBe(true);
      return;
    }
    out.backward(toTensor(c.cotangent!, false));
    c.grads.forEach((g, i) => {
      if (g === null) return;
      const grad = xs[i]!.grad;
      expect(grad, `gradient of input ${i}`).not.toBeNull();
      expect(mismatch(view(grad!), g, c.rtol), `gradient of input ${i}`).toBeNull();
    });
  });
});

test('every exported op has a PyTorch fixture or a listed reason', () => {
  const exported = Object.entries(ag)
    .filter(([name, v]) => typeof v === 'function' && !(name in NOT_OPS))
    .map(([name]) => name);
  const fixtured = new Set(fixture.cases.map((c) => c.op));
  const missing = exported.filter((name) => !fixtured.has(name) || OPS[name] === undefined);
  expect(missing).toEqual([]);
  // And every fixture op is wired: a fixture nobody checks is a bug too.
  expect([...fixtured].filter((op) => OPS[op] === undefined)).toEqual([]);
});
