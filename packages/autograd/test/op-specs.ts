/**
 * One spec per exported op: how to draw its inputs (shapes, values inside the op's domain and away from
 * kinks) and extra arguments, and how to call it. Drives the gradcheck property test in ops.test.ts.
 */
import fc from 'fast-check';
import { NDArray, type SliceSpec } from '@seedling-ml/tensor';
import * as ag from '../src/index.ts';
import type { Tensor } from '../src/index.ts';

/** Where an input's values live. `step`/`offset` snap values to offset + k·step (keeps them off kinks). */
export interface Domain {
  lo: number;
  hi: number;
  step?: number;
  offset?: number;
  /** All values distinct and well separated (for max/min, where ties are kinks). */
  distinct?: boolean;
}

/** One drawn case: input shapes (one domain each) and extra arguments for `call`. */
export interface Case {
  shapes: number[][];
  args: unknown;
}

/** An op spec: the export name, input count, domains, a case generator and the call. */
export interface OpSpec {
  op: string;
  arity: number | 'list';
  domain: Domain | Domain[];
  cases: fc.Arbitrary<Case>;
  call: (xs: Tensor[], args: never) => Tensor;
  /** Piecewise-constant op: the result must not require grad (nothing to gradcheck). */
  constant?: boolean;
  /** gradcheck tolerances when the defaults do not apply (documented at the spec). */
  tolerance?: { eps?: number; atol?: number; rtol?: number };
}

const WIDE: Domain = { lo: -2, hi: 2 };
/** Snapped to odd multiples of 0.05: never 0, never within 0.05 of it. */
const OFF_ZERO: Domain = { lo: -2, hi: 2, step: 0.1, offset: 0.05 };
const POSITIVE: Domain = { lo: 0.3, hi: 3 };
const DISTINCT: Domain = { lo: -2, hi: 2, distinct: true };

const dim = fc.integer({ min: 1, max: 3 });
export const shapeArb = (minRank = 0, maxRank = 4): fc.Arbitrary<number[]> => fc.array(dim, { minLength: minRank, maxLength: maxRank });

/** A shape that broadcasts to `s`: a suffix of it with some dims set to 1. */
function broadcastable(s: readonly number[]): fc.Arbitrary<number[]> {
  return fc
    .tuple(fc.integer({ min: 0, max: s.length }), fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }))
    .map(([drop, ones]) => s.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)));
}

const single = (minRank = 0): fc.Arbitrary<Case> => shapeArb(minRank).map((s) => ({ shapes: [s], args: undefined }));
const pair: fc.Arbitrary<Case> = shapeArb().chain((s) =>
  fc.tuple(broadcastable(s), broadcastable(s)).map(([a, b]) => ({ shapes: [a, b], args: undefined })),
);

/** A reduction's `axis` option for a rank: omitted, one (possibly negative) axis, or a list. */
function axisOption(rank: number): fc.Arbitrary<number | number[] | undefined> {
  const all = Array.from({ length: rank }, (_, i) => i);
  const options: fc.Arbitrary<number | number[] | undefined>[] = [fc.constant(undefined), fc.subarray(all)];
  if (rank > 0) options.push(fc.integer({ min: -rank, max: rank - 1 }));
  return fc.oneof(...options);
}
const reduceCase: fc.Arbitrary<Case> = shapeArb().chain((s) =>
  fc.record({ axis: axisOption(s.length), keepdims: fc.boolean() }).map((args) => ({ shapes: [s], args })),
);
const axisCase = (minRank: number): fc.Arbitrary<Case> =>
  shapeArb(minRank).chain((s) => fc.integer({ min: -s.length, max: s.length - 1 }).map((axis) => ({ shapes: [s], args: axis })));

function unary(op: string, domain: Domain, call?: (x: Tensor) => Tensor): OpSpec {
  const f = call ?? ((x: Tensor) => (ag as unknown as Record<string, (x: Tensor) => Tensor>)[op]!(x));
  return { op, arity: 1, domain, cases: single(), call: (xs) => f(xs[0]!) };
}

function binary(op: string, a: Domain, b: Domain): OpSpec {
  const f = (ag as unknown as Record<string, (a: Tensor, b: Tensor) => Tensor>)[op]!;
  return { op, arity: 2, domain: [a, b], cases: pair, call: (xs) => f(xs[0]!, xs[1]!) };
}

function constant(op: string, arity: 1 | 2): OpSpec {
  const f = (ag as unknown as Record<string, (...xs: Tensor[]) => Tensor>)[op]!;
  return { op, arity, domain: WIDE, cases: arity === 1 ? single() : pair, call: (xs) => f(...xs), constant: true };
}

// ---- matmul: every NumPy case, with transpose flags on ≥2-D operands ----
const matmulCase: fc.Arbitrary<Case> = fc
  .record({
    m: dim,
    k: dim,
    n: dim,
    aRank: fc.integer({ min: 1, max: 4 }),
    bRank: fc.integer({ min: 1, max: 4 }),
    batch: shapeArb(0, 2),
    aOnes: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
    bOnes: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
    transposeA: fc.boolean(),
    transposeB: fc.boolean(),
  })
  .map(({ m, k, n, aRank, bRank, batch, aOnes, bOnes, transposeA, transposeB }) => {
    // Batch dims of each operand: a suffix of `batch` with some dims set to 1, so they broadcast.
    const batchOf = (rank: number, ones: boolean[]): number[] => {
      const len = Math.min(rank - 2, batch.length);
      return batch.slice(batch.length - len).map((d, i) => (ones[i] ? 1 : d));
    };
    const a = aRank === 1 ? [k] : [...batchOf(aRank, aOnes), ...(transposeA ? [k, m] : [m, k])];
    const b = bRank === 1 ? [k] : [...batchOf(bRank, bOnes), ...(transposeB ? [n, k] : [k, n])];
    return { shapes: [a, b], args: { transposeA, transposeB } };
  });

// ---- shape ops ----
const reshapeCase: fc.Arbitrary<Case> = shapeArb().chain((s) => {
  const size = s.reduce((p, d) => p * d, 1);
  return fc.constantFrom([size], [-1], [...s].reverse(), [1, ...s, 1], [size, 1]).map((target) => ({ shapes: [s], args: target }));
});
const transposeCase: fc.Arbitrary<Case> = shapeArb().chain((s) => {
  const all = Array.from({ length: s.length }, (_, i) => i);
  // Some entries written negatively (a − rank), which transpose accepts.
  const perm = fc
    .tuple(
      fc.shuffledSubarray(all, { minLength: s.length, maxLength: s.length }),
      fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }),
    )
    .map(([p, negative]) => p.map((a, i) => (negative[i] ? a - s.length : a)));
  return fc.option(perm, { nil: undefined }).map((p) => ({ shapes: [s], args: p }));
});
const squeezeCase: fc.Arbitrary<Case> = fc.array(fc.integer({ min: 1, max: 2 }), { maxLength: 4 }).chain((s) => {
  const ones = s.flatMap((d, i) => (d === 1 ? [i] : []));
  return fc.option(fc.subarray(ones), { nil: undefined }).map((axis) => ({ shapes: [s], args: axis }));
});
const insertAxisCase: fc.Arbitrary<Case> = shapeArb(0, 3).chain((s) =>
  fc.integer({ min: -s.length - 1, max: s.length }).map((axis) => ({ shapes: [s], args: axis })),
);
const broadcastToCase: fc.Arbitrary<Case> = shapeArb().chain((s) => broadcastable(s).map((x) => ({ shapes: [x], args: s })));
const concatCase: fc.Arbitrary<Case> = shapeArb(1).chain((s) =>
  fc
    .record({
      axis: fc.integer({ min: -s.length, max: s.length - 1 }),
      lens: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }),
    })
    .map(({ axis, lens }) => {
      const a = axis < 0 ? axis + s.length : axis;
      return { shapes: lens.map((len) => s.map((d, i) => (i === a ? len : d))), args: axis };
    }),
);
const stackCase: fc.Arbitrary<Case> = shapeArb(0, 3).chain((s) =>
  fc.record({ axis: fc.integer({ min: -s.length - 1, max: s.length }), count: fc.integer({ min: 1, max: 3 }) }).map(({ axis, count }) => ({
    shapes: Array.from({ length: count }, () => s),
    args: axis,
  })),
);
const sliceSpec = fc.option(
  fc.record(
    { start: fc.integer({ min: -4, max: 4 }), stop: fc.integer({ min: -4, max: 4 }), step: fc.constantFrom(-2, -1, 1, 2, 3) },
    { requiredKeys: [] },
  ),
  { nil: null },
);
const sliceCase: fc.Arbitrary<Case> = shapeArb().chain((s) =>
  fc.array(sliceSpec, { maxLength: s.length }).map((specs) => ({ shapes: [s], args: specs as SliceSpec[] })),
);
const padCase: fc.Arbitrary<Case> = shapeArb().chain((s) =>
  fc
    .record({
      widths: fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })), {
        minLength: s.length,
        maxLength: s.length,
      }),
      value: fc.double({ min: -1, max: 1, noNaN: true }),
    })
    .map((args) => ({ shapes: [s], args })),
);
/** A border mode and widths within its limits: reflect < size, circular ≤ size (drawn dims are ≥ 1). */
const padModeCase: fc.Arbitrary<Case> = fc.tuple(shapeArb(), fc.constantFrom('reflect', 'replicate', 'circular')).chain(([s, mode]) => {
  const max = (d: number) => (mode === 'reflect' ? d - 1 : mode === 'circular' ? d : 3);
  return fc
    .tuple(...s.map((d) => fc.tuple(fc.integer({ min: 0, max: max(d) }), fc.integer({ min: 0, max: max(d) }))))
    .map((widths) => ({ shapes: [s], args: { widths, mode } }));
});
const gatherCase: fc.Arbitrary<Case> = shapeArb(1).chain((s) =>
  fc.integer({ min: -s.length, max: s.length - 1 }).chain((axis) => {
    const d = s[axis < 0 ? axis + s.length : axis]!;
    return fc
      .record({ idxShape: shapeArb(0, 2), seed: fc.array(fc.integer({ min: -d, max: d - 1 }), { minLength: 9, maxLength: 9 }) })
      .map(({ idxShape, seed }) => {
        const n = idxShape.reduce((p, q) => p * q, 1);
        const indices = new NDArray(
          Float64Array.from({ length: n }, (_, i) => seed[i % 9]!),
          idxShape,
        );
        return { shapes: [s], args: { indices, axis } };
      });
  }),
);
/** Logits [N, C] (N, C in 1..4) and N class indices in [0, C). */
const softmaxCrossEntropyCase: fc.Arbitrary<Case> = fc
  .record({
    n: fc.integer({ min: 1, max: 4 }),
    c: fc.integer({ min: 1, max: 4 }),
    seed: fc.array(fc.nat(1000), { minLength: 4, maxLength: 4 }),
  })
  .map(({ n, c, seed }) => ({
    shapes: [[n, c]],
    args: {
      targets: new NDArray(
        Float64Array.from({ length: n }, (_, i) => seed[i]! % c),
        [n],
      ),
    },
  }));

const takeAlongAxisCase: fc.Arbitrary<Case> = shapeArb(1).chain((s) =>
  fc
    .record({
      axis: fc.integer({ min: -s.length, max: s.length - 1 }),
      len: fc.integer({ min: 1, max: 3 }),
      seed: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 7, maxLength: 7 }),
    })
    .map(({ axis, len, seed }) => {
      const a = axis < 0 ? axis + s.length : axis;
      const d = s[a]!;
      const idxShape = s.map((q, i) => (i === a ? len : q));
      const n = idxShape.reduce((p, q) => p * q, 1);
      // Values in [-d, d): negative indices wrap.
      const indices = new NDArray(
        Float64Array.from({ length: n }, (_, i) => (seed[i % 7]! % (2 * d)) - d),
        idxShape,
      );
      return { shapes: [s], args: { indices, axis } };
    }),
);
const whereCase: fc.Arbitrary<Case> = shapeArb().chain((s) =>
  fc
    .record({ c: broadcastable(s), a: broadcastable(s), b: broadcastable(s), bits: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }) })
    .map(({ c, a, b, bits }) => {
      const n = c.reduce((p, q) => p * q, 1);
      const cond = new NDArray(
        Float64Array.from({ length: n }, (_, i) => (bits[i % 5]! ? 1 : 0)),
        c,
      );
      return { shapes: [a, b], args: cond };
    }),
);
const varianceCase: fc.Arbitrary<Case> = reduceCase.chain((c) =>
  fc.constantFrom(0, 1).map((correction) => ({ shapes: c.shapes, args: { ...(c.args as object), correction } })),
);

// ---- convolution and pooling: random NCHW shapes and random valid options ----
const small = fc.integer({ min: 1, max: 2 });
/**
 * linear: x `[..., in]` of rank 1–3, W `[out, in]`, and b `[out]` or no bias (then a 2-operand call); with or without
 * the fused ReLU (`args`: true), whose kink at 0 the values avoid (`LINEAR_DOMAINS`). Without a bias a ReLU case
 * has an odd `in`.
 */
/**
 * x and W: odd multiples of 0.05, so each product xᵢ·wᵢ is an odd multiple of 0.0025; b: an odd multiple of 0.00125.
 * x·Wᵀ + b is then an odd multiple of 0.00125 (without b, for an odd `in`, of 0.0025): never within 0.00125 of the
 * ReLU's kink, far beyond gradcheck's step.
 */
const LINEAR_DOMAINS: Domain[] = [OFF_ZERO, OFF_ZERO, { lo: -1, hi: 1, step: 0.0025, offset: 0.00125 }];
const linearCase: fc.Arbitrary<Case> = fc
  .record({ lead: fc.array(dim, { minLength: 0, maxLength: 2 }), inF: dim, outF: dim, bias: fc.boolean(), relu: fc.boolean() })
  .map(({ lead, inF: drawn, outF, bias, relu }) => ({ lead, inF: relu && !bias && drawn % 2 === 0 ? drawn - 1 : drawn, outF, bias, relu }))
  .map(({ lead, inF, outF, bias, relu }) => ({
    shapes: bias
      ? [[...lead, inF], [outF, inF], [outF]]
      : [
          [...lead, inF],
          [outF, inF],
        ],
    args: relu,
  }));

const conv2dCase: fc.Arbitrary<Case> = fc
  .record({
    n: small,
    groups: fc.integer({ min: 1, max: 2 }),
    cg: small,
    og: small,
    kh: fc.integer({ min: 1, max: 3 }),
    kw: fc.integer({ min: 1, max: 3 }),
    sh: small,
    sw: small,
    dh: small,
    dw: small,
    pad: fc.oneof(
      fc.constant<'same' | 'valid'>('valid'),
      fc.constant<'same' | 'valid'>('same'),
      fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })),
    ),
    extraH: fc.integer({ min: 0, max: 3 }),
    extraW: fc.integer({ min: 0, max: 3 }),
    bias: fc.boolean(),
  })
  .map(({ n, groups, cg, og, kh, kw, sh, sw, dh, dw, pad, extraH, extraW, bias }) => {
    // 'same' needs stride 1; the input is at least the dilated kernel so the output is never empty.
    const stride: [number, number] = pad === 'same' ? [1, 1] : [sh, sw];
    const h = dh * (kh - 1) + 1 + extraH;
    const w = dw * (kw - 1) + 1 + extraW;
    const shapes = [
      [n, cg * groups, h, w],
      [og * groups, cg, kh, kw],
    ];
    if (bias) shapes.push([og * groups]);
    return { shapes, args: { stride, padding: pad, dilation: [dh, dw], groups } };
  });
const convTranspose2dCase: fc.Arbitrary<Case> = fc
  .record({
    n: small,
    groups: fc.integer({ min: 1, max: 2 }),
    cg: small,
    og: small,
    k: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
    s: fc.tuple(small, small),
    d: fc.tuple(small, small),
    h: fc.integer({ min: 1, max: 3 }),
    w: fc.integer({ min: 1, max: 3 }),
    bias: fc.boolean(),
    opBits: fc.tuple(fc.boolean(), fc.boolean()),
  })
  .map(({ n, groups, cg, og, k, s, d, h, w, bias, opBits }) => {
    // padding ≤ what the dilated kernel adds, so the output is never empty; outputPadding the largest allowed,
    // < max(stride, dilation) (PyTorch's rule; ≥ stride takes the crop path of convTranspose2d).
    const padding: [number, number] = [Math.min(1, (d[0] * (k[0] - 1)) >> 1), Math.min(1, (d[1] * (k[1] - 1)) >> 1)];
    const outputPadding: [number, number] = [opBits[0] ? Math.max(s[0], d[0]) - 1 : 0, opBits[1] ? Math.max(s[1], d[1]) - 1 : 0];
    const shapes = [
      [n, cg * groups, h, w],
      [cg * groups, og, k[0], k[1]],
    ];
    if (bias) shapes.push([og * groups]);
    return { shapes, args: { stride: s, padding, outputPadding, dilation: d, groups } };
  });
/**
 * maxUnpool2d: a window k (= stride) and any indices in the output plane, coinciding ones included (then
 * only the last write depends on its input, which gradcheck verifies).
 */
const maxUnpool2dCase: fc.Arbitrary<Case> = fc
  .record({ n: small, c: small, h: fc.integer({ min: 1, max: 3 }), w: fc.integer({ min: 1, max: 3 }), k: fc.integer({ min: 1, max: 3 }) })
  .chain(({ n, c, h, w, k }) =>
    fc.array(fc.integer({ min: 0, max: h * k * w * k - 1 }), { minLength: n * c * h * w, maxLength: n * c * h * w }).map((idx) => ({
      shapes: [[n, c, h, w]],
      args: { indices: new NDArray(Float64Array.from(idx), [n, c, h, w]), options: { kernelSize: k } },
    })),
  );
const poolWindow = fc.record({
  k: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
  s: fc.option(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })), { nil: undefined }),
  padBits: fc.tuple(fc.boolean(), fc.boolean()),
  ceilMode: fc.boolean(),
  extra: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })),
  n: small,
  c: small,
});
const maxPool2dCase: fc.Arbitrary<Case> = poolWindow.chain((p) =>
  fc.tuple(small, small).map((d) => {
    const padding: [number, number] = [p.padBits[0] ? p.k[0] >> 1 : 0, p.padBits[1] ? p.k[1] >> 1 : 0];
    const shape = [p.n, p.c, d[0] * (p.k[0] - 1) + 1 + p.extra[0], d[1] * (p.k[1] - 1) + 1 + p.extra[1]];
    return { shapes: [shape], args: { kernelSize: p.k, stride: p.s, padding, dilation: d, ceilMode: p.ceilMode } };
  }),
);
const avgPool2dCase: fc.Arbitrary<Case> = poolWindow.chain((p) =>
  fc.record({ countIncludePad: fc.boolean(), divisorOverride: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }) }).map((o) => {
    const padding: [number, number] = [p.padBits[0] ? p.k[0] >> 1 : 0, p.padBits[1] ? p.k[1] >> 1 : 0];
    const shape = [p.n, p.c, p.k[0] + p.extra[0], p.k[1] + p.extra[1]];
    return { shapes: [shape], args: { kernelSize: p.k, stride: p.s, padding, ceilMode: p.ceilMode, ...o } };
  }),
);
const adaptiveCase: fc.Arbitrary<Case> = fc
  .record({
    n: small,
    c: small,
    h: fc.integer({ min: 1, max: 6 }),
    w: fc.integer({ min: 1, max: 6 }),
    oh: fc.integer({ min: 1, max: 4 }),
    ow: fc.integer({ min: 1, max: 4 }),
  })
  .map(({ n, c, h, w, oh, ow }) => ({ shapes: [[n, c, h, w]], args: [oh, ow] }));
const conv1dCase: fc.Arbitrary<Case> = conv2dCase.map(({ shapes, args }) => {
  const a = args as { stride: number[]; padding: 'same' | 'valid' | number[]; dilation: number[]; groups: number };
  const [x, w, b] = shapes as [number[], number[], number[] | undefined];
  return {
    shapes: [[x[0]!, x[1]!, x[3]!], [w[0]!, w[1]!, w[3]!], ...(b ? [b] : [])],
    args: {
      stride: a.stride[1],
      padding: typeof a.padding === 'string' ? a.padding : a.padding[1],
      dilation: a.dilation[1],
      groups: a.groups,
    },
  };
});
const to1d = (c: Case): Case => {
  const x = c.shapes[0]!;
  const a = c.args as Record<string, unknown>;
  const second = (v: unknown): unknown => (Array.isArray(v) ? v[1] : v);
  const out: Record<string, unknown> = {};
  // avgPool1d has no divisorOverride (nor has PyTorch's avg_pool1d); it used to be ignored silently, now it is refused.
  for (const [key, v] of Object.entries(a)) {
    if (v !== undefined && key !== 'divisorOverride') out[key] = key === 'ceilMode' || key === 'countIncludePad' ? v : second(v);
  }
  return { shapes: [[x[0]!, x[1]!, x[3]!]], args: out };
};

type Args<T> = (xs: Tensor[], args: T) => Tensor;
const spec = <T>(s: Omit<OpSpec, 'call'> & { call: Args<T> }): OpSpec => s as unknown as OpSpec;

/** The table: one entry per exported op. */
export const OP_SPECS: OpSpec[] = [
  // element-wise, binary (broadcast pairs)
  binary('add', WIDE, WIDE),
  binary('sub', WIDE, WIDE),
  binary('mul', WIDE, WIDE),
  binary('div', WIDE, POSITIVE),
  binary('pow', POSITIVE, WIDE),
  // Operands on interleaved grids (multiples of 0.1 vs odd multiples of 0.05): never tied.
  binary('maximum', { lo: -2, hi: 2, step: 0.1 }, OFF_ZERO),
  binary('minimum', { lo: -2, hi: 2, step: 0.1 }, OFF_ZERO),
  spec<NDArray>({ op: 'where', arity: 2, domain: WIDE, cases: whereCase, call: ([a, b], cond) => ag.where(cond, a!, b!) }),
  // element-wise, unary
  unary('neg', WIDE),
  unary('exp', WIDE),
  unary('log', POSITIVE),
  unary('sqrt', POSITIVE),
  unary('abs', OFF_ZERO),
  unary('tanh', WIDE),
  unary('sigmoid', { lo: -4, hi: 4 }),
  unary('relu', OFF_ZERO),
  unary('erf', WIDE),
  unary('log1p', { lo: -0.6, hi: 3 }),
  unary('expm1', WIDE),
  unary('square', WIDE),
  unary('reciprocal', POSITIVE),
  // Bounds -0.5 and 0.7 are not odd multiples of 0.05, so OFF_ZERO values never sit on them.
  unary('clip', OFF_ZERO, (x) => ag.clip(x, -0.5, 0.7)),
  spec<number | undefined>({
    op: 'clamp',
    arity: 1,
    domain: OFF_ZERO,
    cases: single().chain((c) => fc.option(fc.constant(-0.5), { nil: undefined }).map((min) => ({ ...c, args: min }))),
    call: ([x], min) => ag.clamp(x!, min, 0.7),
  }),
  unary('leakyRelu', OFF_ZERO, (x) => ag.leakyRelu(x, 0.1)),
  unary('elu', OFF_ZERO, (x) => ag.elu(x, 0.7)),
  unary('selu', OFF_ZERO),
  spec<'none' | 'tanh'>({
    op: 'gelu',
    arity: 1,
    domain: { lo: -3, hi: 3 },
    cases: single().chain((c) => fc.constantFrom<'none' | 'tanh'>('none', 'tanh').map((approximate) => ({ ...c, args: approximate }))),
    call: ([x], approximate) => ag.gelu(x!, { approximate }),
  }),
  spec<number>({
    op: 'softplus',
    arity: 1,
    domain: OFF_ZERO,
    cases: single().chain((c) => fc.constantFrom(1, 2).map((beta) => ({ ...c, args: beta }))),
    call: ([x], beta) => ag.softplus(x!, { beta }),
  }),
  unary('silu', { lo: -4, hi: 4 }),
  unary('mish', { lo: -4, hi: 4 }),
  // Kinks at the bounds: OFF_ZERO's grid (odd multiples of 0.05) never hits −1, 1, −0.5 or 0.7.
  unary('hardtanh', OFF_ZERO),
  { ...unary('hardtanh', OFF_ZERO, (x) => ag.hardtanh(x, -0.5, 0.7)), op: 'hardtanh' },
  // Kinks at ±3: the same grid, widened, never hits them.
  unary('hardsigmoid', { lo: -4, hi: 4, step: 0.1, offset: 0.05 }),
  unary('hardswish', { lo: -4, hi: 4, step: 0.1, offset: 0.05 }),
  unary('logsigmoid', { lo: -6, hi: 6 }),
  // The round trip through float32 loses digits, so the difference step must be far above float32's
  // rounding (eps 1e-2 on an identity: rounding error ≲ 1e-7 / 1e-2 = 1e-5).
  { ...unary('astype', WIDE, (x) => ag.astype(ag.astype(x, 'float32'), 'float64')), tolerance: { eps: 1e-2, atol: 1e-4 } },
  // reductions
  spec<object>({ op: 'sum', arity: 1, domain: WIDE, cases: reduceCase, call: ([x], o) => ag.sum(x!, o) }),
  spec<object>({ op: 'mean', arity: 1, domain: WIDE, cases: reduceCase, call: ([x], o) => ag.mean(x!, o) }),
  spec<object>({ op: 'max', arity: 1, domain: DISTINCT, cases: reduceCase, call: ([x], o) => ag.max(x!, o) }),
  spec<object>({ op: 'min', arity: 1, domain: DISTINCT, cases: reduceCase, call: ([x], o) => ag.min(x!, o) }),
  spec<object>({ op: 'logsumexp', arity: 1, domain: WIDE, cases: reduceCase, call: ([x], o) => ag.logsumexp(x!, o) }),
  spec<{ axis?: number | number[]; keepdims: boolean; correction: number }>({
    op: 'variance',
    arity: 1,
    domain: WIDE,
    cases: varianceCase,
    // With one element per group the unbiased estimate divides by 0; use correction 0 there.
    call: ([x], o) => {
      const axes = o.axis === undefined ? x!.shape.map((_, i) => i) : typeof o.axis === 'number' ? [o.axis] : o.axis;
      const n = axes.reduce((p, a) => p * x!.shape[a < 0 ? a + x!.rank : a]!, 1);
      return ag.variance(x!, { ...o, correction: n > 1 ? o.correction : 0 });
    },
  }),
  spec<number>({ op: 'softmax', arity: 1, domain: WIDE, cases: axisCase(1), call: ([x], axis) => ag.softmax(x!, axis) }),
  spec<number>({ op: 'logSoftmax', arity: 1, domain: WIDE, cases: axisCase(1), call: ([x], axis) => ag.logSoftmax(x!, axis) }),
  // shape ops
  spec<number[]>({ op: 'reshape', arity: 1, domain: WIDE, cases: reshapeCase, call: ([x], shape) => ag.reshape(x!, shape) }),
  spec<number[] | undefined>({
    op: 'transpose',
    arity: 1,
    domain: WIDE,
    cases: transposeCase,
    call: ([x], perm) => ag.transpose(x!, perm),
  }),
  spec<number[] | undefined>({ op: 'squeeze', arity: 1, domain: WIDE, cases: squeezeCase, call: ([x], axis) => ag.squeeze(x!, axis) }),
  spec<number>({ op: 'expandDims', arity: 1, domain: WIDE, cases: insertAxisCase, call: ([x], axis) => ag.expandDims(x!, axis) }),
  spec<number[]>({ op: 'broadcastTo', arity: 1, domain: WIDE, cases: broadcastToCase, call: ([x], shape) => ag.broadcastTo(x!, shape) }),
  spec<number>({ op: 'concat', arity: 'list', domain: WIDE, cases: concatCase, call: (xs, axis) => ag.concat(xs, axis) }),
  spec<number>({ op: 'stack', arity: 'list', domain: WIDE, cases: stackCase, call: (xs, axis) => ag.stack(xs, axis) }),
  spec<SliceSpec[]>({ op: 'slice', arity: 1, domain: WIDE, cases: sliceCase, call: ([x], specs) => ag.slice(x!, specs) }),
  spec<{ widths: [number, number][]; value: number }>({
    op: 'pad',
    arity: 1,
    domain: WIDE,
    cases: padCase,
    call: ([x], o) => ag.pad(x!, o.widths, o.value),
  }),
  spec<{ widths: [number, number][]; mode: 'reflect' | 'replicate' | 'circular' }>({
    op: 'pad',
    arity: 1,
    domain: WIDE,
    cases: padModeCase,
    call: ([x], o) => ag.pad(x!, o.widths, { mode: o.mode }),
  }),
  spec<{ indices: NDArray; axis: number }>({
    op: 'gather',
    arity: 1,
    domain: WIDE,
    cases: gatherCase,
    call: ([x], o) => ag.gather(x!, o.indices, o.axis),
  }),
  spec<{ indices: NDArray; axis: number }>({
    op: 'takeAlongAxis',
    arity: 1,
    domain: WIDE,
    cases: takeAlongAxisCase,
    call: ([x], o) => ag.takeAlongAxis(x!, o.indices, o.axis),
  }),
  spec<{ targets: NDArray }>({
    op: 'softmaxCrossEntropy',
    arity: 1,
    domain: WIDE,
    cases: softmaxCrossEntropyCase,
    call: ([x], o) => ag.softmaxCrossEntropy(x!, o.targets),
  }),
  spec<boolean>({
    op: 'linear',
    arity: 'list',
    domain: LINEAR_DOMAINS,
    cases: linearCase,
    call: ([x, w, b], relu) => ag.linear(x!, w!, b ?? null, relu ? { activation: 'relu' } : undefined),
  }),
  spec<{ transposeA: boolean; transposeB: boolean }>({
    op: 'matmul',
    arity: 2,
    domain: WIDE,
    cases: matmulCase,
    call: ([a, b], flags) => ag.matmul(a!, b!, flags),
  }),
  // convolution and pooling (random shapes and options); DISTINCT inputs keep max pooling off ties
  spec<object>({ op: 'conv2d', arity: 'list', domain: WIDE, cases: conv2dCase, call: ([x, w, b], o) => ag.conv2d(x!, w!, b ?? null, o) }),
  spec<object>({
    op: 'convTranspose2d',
    arity: 'list',
    domain: WIDE,
    cases: convTranspose2dCase,
    call: ([x, w, b], o) => ag.convTranspose2d(x!, w!, b ?? null, o),
  }),
  spec<object>({ op: 'conv1d', arity: 'list', domain: WIDE, cases: conv1dCase, call: ([x, w, b], o) => ag.conv1d(x!, w!, b ?? null, o) }),
  spec<ag.MaxPool2dOptions>({ op: 'maxPool2d', arity: 1, domain: DISTINCT, cases: maxPool2dCase, call: ([x], o) => ag.maxPool2d(x!, o) }),
  spec<ag.AvgPool2dOptions>({ op: 'avgPool2d', arity: 1, domain: WIDE, cases: avgPool2dCase, call: ([x], o) => ag.avgPool2d(x!, o) }),
  spec<[number, number]>({
    op: 'adaptiveAvgPool2d',
    arity: 1,
    domain: WIDE,
    cases: adaptiveCase,
    call: ([x], size) => ag.adaptiveAvgPool2d(x!, size),
  }),
  spec<{ indices: NDArray; options: ag.MaxUnpool2dOptions }>({
    op: 'maxUnpool2d',
    arity: 1,
    domain: WIDE,
    cases: maxUnpool2dCase,
    call: ([x], o) => ag.maxUnpool2d(x!, o.indices, o.options),
  }),
  spec<ag.MaxPool1dOptions & { returnIndices?: false }>({
    op: 'maxPool1d',
    arity: 1,
    domain: DISTINCT,
    cases: maxPool2dCase.map(to1d),
    call: ([x], o) => ag.maxPool1d(x!, o),
  }),
  spec<ag.AvgPool1dOptions>({
    op: 'avgPool1d',
    arity: 1,
    domain: WIDE,
    cases: avgPool2dCase.map(to1d),
    call: ([x], o) => ag.avgPool1d(x!, o),
  }),
  spec<[number, number]>({
    op: 'adaptiveAvgPool1d',
    arity: 1,
    domain: WIDE,
    cases: adaptiveCase.map((c) => ({ shapes: [[c.shapes[0]![0]!, c.shapes[0]![1]!, c.shapes[0]![3]!]], args: c.args })),
    call: ([x], size) => ag.adaptiveAvgPool1d(x!, size[1]),
  }),
  // piecewise constant: never require grad
  constant('sign', 1),
  constant('equal', 2),
  constant('notEqual', 2),
  constant('less', 2),
  constant('lessEqual', 2),
  constant('greater', 2),
  constant('greaterEqual', 2),
  { ...constant('argmax', 1), call: (xs: Tensor[]) => ag.argmax(xs[0]!) },
  { ...constant('argmin', 1), call: (xs: Tensor[]) => ag.argmin(xs[0]!) },
];

/** Values for one input: `size` numbers inside `domain`, drawn by fast-check (so failures shrink and replay). */
export function valuesArb(size: number, domain: Domain): fc.Arbitrary<Float64Array> {
  if (domain.distinct === true) {
    // Distinct ranks spread evenly over [lo, hi]: neighbours differ by (hi − lo) / size ≥ 0.04 here.
    return fc.array(fc.integer(), { minLength: size, maxLength: size }).map((keys) => {
      const order = keys.map((k, i) => [k, i] as const).sort((p, q) => p[0] - q[0] || p[1] - q[1]);
      const out = new Float64Array(size);
      order.forEach(([, i], rank) => (out[i] = domain.lo + ((domain.hi - domain.lo) * (rank + 0.5)) / size));
      return out;
    });
  }
  return fc.array(fc.double({ min: domain.lo, max: domain.hi, noNaN: true }), { minLength: size, maxLength: size }).map((vs) => {
    const out = Float64Array.from(vs);
    if (domain.step !== undefined) {
      const step = domain.step;
      const offset = domain.offset ?? 0;
      for (let i = 0; i < size; i++) out[i] = offset + step * Math.round((out[i]! - offset) / step);
    }
    return out;
  });
}

function domainOf(spec: OpSpec, i: number): Domain {
  return Array.isArray(spec.domain) ? (spec.domain[i] ?? spec.domain[0]!) : spec.domain;
}

/** A case plus float64 input values inside each input's domain. */
export function inputsArb(spec: OpSpec): fc.Arbitrary<{ c: Case; values: Float64Array[] }> {
  return spec.cases.chain((c) =>
    fc
      .tuple(
        ...c.shapes.map((s, i) =>
          valuesArb(
            s.reduce((p, d) => p * d, 1),
            domainOf(spec, i),
          ),
        ),
      )
      .map((values) => ({ c, values })),
  );
}

export function makeInputs(c: Case, values: Float64Array[], dtype: 'float32' | 'float64'): ag.Tensor[] {
  return c.shapes.map((s, i) => ag.tensor(new NDArray(values[i]!, s), { requiresGrad: true, dtype }));
}
