import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  SIMD_ULP_BOUNDS,
  type SimdBinaryOp,
  type SimdUnaryOp,
  binaryF32Simd,
  elementwiseSimdAvailable,
  scalarF32Simd,
  unaryF32Simd,
} from '../src/kernels/elementwise-f32-simd.ts';
import { erfScalar } from '../src/erf-scalar.ts';

/** Correctly rounded float32 references, computed in float64 by Math.* (sigmoid: the stable split). */
const REFERENCE: Record<SimdUnaryOp, (x: number) => number> = {
  relu: (x) => (x <= 0 ? 0 : x),
  exp: Math.exp,
  log: Math.log,
  tanh: Math.tanh,
  sigmoid: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  // the float64 erf of the JS loop (≈ 2e-15 relative), as the reference Math lacks
  erf: erfScalar,
};
const OPS = Object.keys(REFERENCE) as SimdUnaryOp[];

const scratch = new Float32Array(1);
const scratchBits = new Int32Array(scratch.buffer);
/** A float32's position on the line where adjacent floats differ by 1 (+0 and −0 both at 0). */
function line(v: number): number {
  scratch[0] = v;
  const u = scratchBits[0]!;
  return u < 0 ? -(u & 0x7fffffff) : u;
}

/** Worst ulp error of `op` over `xs` (Infinity for a NaN mismatch or a wrongly signed zero), and where. */
function worst(op: SimdUnaryOp, xs: Float32Array): { ulp: number; x: number; got: number; want: number } {
  const out = new Float32Array(xs.length);
  expect(unaryF32Simd(op, xs, out)).toBe(true);
  const ref = REFERENCE[op];
  let w = { ulp: 0, x: 0, got: 0, want: 0 };
  for (let i = 0; i < xs.length; i++) {
    const got = out[i]!;
    const want = Math.fround(ref(xs[i]!));
    let ulp: number;
    if (Number.isNaN(want) || Number.isNaN(got)) ulp = Number.isNaN(want) && Number.isNaN(got) ? 0 : Infinity;
    else if (want === 0 || got === 0) ulp = Object.is(got, want) ? 0 : Math.abs(line(got) - line(want)) || Infinity;
    else ulp = Math.abs(line(got) - line(want));
    if (ulp > w.ulp) w = { ulp, x: xs[i]!, got, want };
  }
  return w;
}

/** `count` consecutive float32 bit patterns from the one of `start` (a dense range of inputs). */
function denseFrom(start: number, count: number): Float32Array {
  const xs = new Float32Array(count);
  const bits = new Int32Array(xs.buffer);
  scratch[0] = start;
  const s = scratchBits[0]!;
  for (let i = 0; i < count; i++) bits[i] = s + i;
  return xs;
}

const MIN_SUBNORMAL = 2 ** -149;
const MIN_NORMAL = 2 ** -126;
const MAX_F32 = (2 - 2 ** -23) * 2 ** 127;
/** Edge values: zeros, subnormals, the normal/subnormal boundary, overflow and underflow thresholds of exp, infinities, NaN. */
const EDGES = new Float32Array([
  0,
  -0,
  MIN_SUBNORMAL,
  -MIN_SUBNORMAL,
  MIN_NORMAL - MIN_SUBNORMAL,
  MIN_NORMAL,
  -MIN_NORMAL,
  MAX_F32,
  -MAX_F32,
  Infinity,
  -Infinity,
  NaN,
  1,
  -1,
  0.55,
  -0.55,
  88.72283,
  88.72284,
  88.7229,
  89,
  100,
  -87.33654,
  -87.3366,
  -103.972,
  -103.9721,
  -104,
  -150,
  1e-30,
  -1e-30,
  1e-7,
  -1e-7,
  0.5,
  Math.SQRT2,
  Math.SQRT1_2,
  // erf's switch at |x| = 1 and where it reaches 1
  0.99999994,
  1.0000001,
  -1,
  3.8325,
  3.92,
  3.95,
  4,
  -4,
]);

/** Contiguous runs of 2¹⁶ floats around the points where the kernels switch formula or range. */
const DENSE_STARTS = [
  0,
  -0,
  MIN_NORMAL / 4,
  1 - 2 ** -10,
  Math.SQRT1_2,
  Math.SQRT2 - 2 ** -10,
  0.54,
  -0.56,
  0.3466,
  88.6,
  -87.4,
  -103.9,
  20,
  -20,
  -1 - 2 ** -10,
  3.83,
];

describe.runIf(elementwiseSimdAvailable())('SIMD float32 element-wise kernels', () => {
  test.each(OPS)('%s: within its ulp bound on every 257th float32 bit pattern, dense runs and edge values', (op) => {
    // 2³²/257 ≈ 16.7 M inputs covering every exponent of both signs, NaNs and subnormals included.
    const sweep = new Float32Array(Math.floor(2 ** 32 / 257));
    const bits = new Uint32Array(sweep.buffer);
    for (let i = 0; i < sweep.length; i++) bits[i] = i * 257;
    const dense = DENSE_STARTS.map((s) => denseFrom(s, 1 << 16));
    for (const xs of [EDGES, sweep, ...dense]) {
      const w = worst(op, xs);
      expect(w.ulp, `${op}(${w.x}) = ${w.got}, correctly rounded ${w.want}`).toBeLessThanOrEqual(SIMD_ULP_BOUNDS[op]);
    }
  });

  test('special values are exact: exp, log, tanh, sigmoid at ±0, ±Infinity, NaN and past the overflow thresholds', () => {
    const run = (op: SimdUnaryOp, xs: number[]) => {
      const out = new Float32Array(xs.length);
      unaryF32Simd(op, new Float32Array(xs), out);
      return Array.from(out);
    };
    expect(run('exp', [0, -0, Infinity, -Infinity, NaN, 88.72284, -104, MIN_SUBNORMAL])).toEqual([1, 1, Infinity, 0, NaN, Infinity, 0, 1]);
    expect(run('log', [0, -0, Infinity, -Infinity, NaN, -1, 1, MIN_SUBNORMAL])).toEqual([
      -Infinity,
      -Infinity,
      Infinity,
      NaN,
      NaN,
      NaN,
      0,
      Math.fround(Math.log(MIN_SUBNORMAL)),
    ]);
    expect(run('tanh', [0, -0, Infinity, -Infinity, NaN, 20, -20])).toEqual([0, -0, 1, -1, NaN, 1, -1]);
    expect(run('sigmoid', [0, Infinity, -Infinity, NaN, 1000, -1000])).toEqual([0.5, 1, 0, NaN, 1, 0]);
    const relu = run('relu', [-0, NaN, -MIN_SUBNORMAL, MIN_SUBNORMAL]);
    expect(Object.is(relu[0], 0)).toBe(true); // -0 becomes +0, as the JS relu
    expect(relu.slice(1)).toEqual([NaN, 0, MIN_SUBNORMAL]);
  });

  const BINARY: Record<SimdBinaryOp, (a: number, b: number) => number> = {
    add: (a, b) => a + b,
    sub: (a, b) => a - b,
    mul: (a, b) => a * b,
    div: (a, b) => a / b,
  };
  /** float32 values including the special ones, as fast-check generates them (NaN and ±Infinity allowed). */
  const f32s = (min: number, max: number) => fc.array(fc.float(), { minLength: min, maxLength: max });

  test.each(Object.keys(BINARY) as SimdBinaryOp[])('%s: bit-identical to the IEEE JS loop (arrays, and a scalar on either side)', (op) => {
    const f = BINARY[op];
    fc.assert(
      fc.property(f32s(0, 40000), fc.float(), fc.nat(), (values, s, shift) => {
        const a = Float32Array.from(values);
        const b = Float32Array.from(values, (_v, i) => values[(i + shift) % values.length]!);
        const out = new Float32Array(a.length);
        const same = (want: (i: number) => number) => {
          for (let i = 0; i < a.length; i++) {
            const w = Math.fround(want(i));
            if (!Object.is(out[i], w) && !(Number.isNaN(out[i]) && Number.isNaN(w))) return false;
          }
          return true;
        };
        binaryF32Simd(op, a, b, out);
        expect(same((i) => f(a[i]!, b[i]!))).toBe(true);
        scalarF32Simd(op, a, s, false, out);
        expect(same((i) => f(a[i]!, s))).toBe(true);
        scalarF32Simd(op, a, s, true, out);
        expect(same((i) => f(s, a[i]!))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  test('the output may alias the input, and lengths that are not a multiple of 4 or of a chunk leave the rest untouched', () => {
    const n = 16384 * 2 + 3;
    const x = Float32Array.from({ length: n + 5 }, (_v, i) => i - 7);
    const view = x.subarray(0, n);
    unaryF32Simd('relu', view, view);
    expect(Array.from(x.subarray(0, 9))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(x[n - 1]).toBe(n - 8);
    expect(Array.from(x.subarray(n))).toEqual([n - 7, n - 6, n - 5, n - 4, n - 3]);
  });
});
