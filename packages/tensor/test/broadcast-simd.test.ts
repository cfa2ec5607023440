/**
 * The SIMD broadcasting fast paths (row vector `[m, n] op [n]`, column `[m, n] op [m, 1]`, either side), leaky
 * ReLU, the relu/leaky-ReLU gradient, the fused `linear` and `sumToShape`'s leading-axes path: each against a
 * plain float64 reference rounded to float32 (IEEE ops, so bit for bit), over random values that include ±0,
 * subnormals, ±Infinity and NaN.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  NDArray,
  add,
  array,
  div,
  greater,
  leakyRelu,
  linear,
  matmul,
  mul,
  relu,
  reluGrad,
  reshape,
  sub,
  sumToShape,
  where,
} from '../src/index.ts';
import { elementwiseSimdAvailable } from '../src/kernels/elementwise-f32-simd.ts';

const MIN_SUBNORMAL = 2 ** -149;
/** Values every kernel must treat exactly as IEEE float32 does. */
const SPECIALS = [0, -0, MIN_SUBNORMAL, -MIN_SUBNORMAL, 2 ** -126, 3.4e38, -3.4e38, Infinity, -Infinity, NaN, 1, -1, 0.1];

/** A float32 array of `size` values, mostly ordinary, every 7th from SPECIALS (deterministic from `seed`). */
function values(size: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = i % 7 === 3 ? SPECIALS[s % SPECIALS.length]! : (s / 2 ** 32 - 0.5) * 8;
  }
  return out;
}

/** True when two float32 arrays hold the same values bit for bit (NaN equal to NaN, +0 distinct from −0). */
function sameBits(got: ArrayLike<number>, want: ArrayLike<number>): boolean {
  if (got.length !== want.length) return false;
  for (let i = 0; i < got.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (!Object.is(g, w) && !(Number.isNaN(g) && Number.isNaN(w))) return false;
  }
  return true;
}

const OPS = { add, sub, mul, div } as const;
const REF: Record<keyof typeof OPS, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
};

describe.runIf(elementwiseSimdAvailable())('SIMD broadcasting fast paths', () => {
  // m·n ≥ 256 reaches the SIMD path; n up to 37 exercises row tails of 0–3 elements; m up to 2100 with n = 37
  // spans several 16384-float chunks.
  const dims = fc.record({ m: fc.integer({ min: 8, max: 2100 }), n: fc.integer({ min: 1, max: 37 }), seed: fc.nat() });

  test.each(Object.keys(OPS) as (keyof typeof OPS)[])('%s: [m, n] op [n], [n] op [m, n], [m, n] op [m, 1], [m, 1] op [m, n]', (op) => {
    fc.assert(
      fc.property(dims, ({ m, n, seed }) => {
        const a = values(m * n, seed);
        const row = values(n, seed + 1);
        const col = values(m, seed + 2);
        const A = new NDArray(a, [m, n]);
        const f = REF[op];
        const ref = (g: (i: number, j: number) => number) => Float32Array.from({ length: m * n }, (_v, k) => g(Math.floor(k / n), k % n));
        const cases: [NDArray, Float32Array][] = [
          [OPS[op](A, new NDArray(row, [n])), ref((i, j) => f(a[i * n + j]!, row[j]!))],
          [OPS[op](new NDArray(row, [1, n]), A), ref((i, j) => f(row[j]!, a[i * n + j]!))],
          [OPS[op](A, new NDArray(col, [m, 1])), ref((i, j) => f(a[i * n + j]!, col[i]!))],
          [OPS[op](new NDArray(col, [m, 1]), A), ref((i, j) => f(col[i]!, a[i * n + j]!))],
        ];
        for (const [got, want] of cases) {
          expect(got.shape).toEqual([m, n]);
          expect(sameBits(got.data, want)).toBe(true);
        }
      }),
      { numRuns: 25 },
    );
  });

  test('higher rank: [b, m, n] with [n], [1, 1, n] and [b, m, 1]; other broadcasts keep the JS path', () => {
    const a = values(4 * 16 * 9, 5);
    const A = new NDArray(a, [4, 16, 9]);
    const row = values(9, 6);
    const col = values(64, 7);
    const want = (g: (k: number) => number) => Float32Array.from({ length: a.length }, (_v, k) => g(k));
    expect(
      sameBits(
        add(A, new NDArray(row, [9])).data,
        want((k) => a[k]! + row[k % 9]!),
      ),
    ).toBe(true);
    expect(
      sameBits(
        sub(new NDArray(row, [1, 1, 9]), A).data,
        want((k) => row[k % 9]! - a[k]!),
      ),
    ).toBe(true);
    expect(
      sameBits(
        div(A, new NDArray(col, [4, 16, 1])).data,
        want((k) => a[k]! / col[Math.floor(k / 9)]!),
      ),
    ).toBe(true);
    // [4, 1, 9]: neither a row vector nor a column of the output; the row walker computes it.
    const mid = values(36, 8);
    const got = mul(A, new NDArray(mid, [4, 1, 9]));
    expect(
      sameBits(
        got.data,
        want((k) => a[k]! * mid[Math.floor(k / 144) * 9 + (k % 9)]!),
      ),
    ).toBe(true);
  });
});

describe('leakyRelu and reluGrad', () => {
  test.each([10, 1000, 40000])('float32, %i elements: bit-identical to the composed where/mul forms', (size) => {
    const x = new NDArray(values(size, size), [size]);
    const g = new NDArray(values(size, size + 1), [size]);
    for (const slope of [0.01, 0.2, 0, -1.5]) {
      const composed = where(greater(x, 0), x, mul(x, slope));
      expect(sameBits(leakyRelu(x, slope).data, composed.data)).toBe(true);
      expect(sameBits(reluGrad(g, x, slope).data, mul(g, where(greater(x, 0), 1, slope)).data)).toBe(true);
    }
    expect(sameBits(reluGrad(g, x).data, mul(g, greater(x, 0)).data)).toBe(true);
  });

  test('float64 keeps the unrounded slope; shapes and dtypes must match; the slope must be finite', () => {
    const x = array([-2, 0, 3, Number.NaN], { dtype: 'float64' });
    expect(leakyRelu(x, 0.1).toArray()).toEqual([-0.2, 0, 3, Number.NaN]);
    expect(reluGrad(array([1, 1, 1, 1], { dtype: 'float64' }), x, 0.1).toArray()).toEqual([0.1, 0.1, 1, 0.1]);
    expect(() => reluGrad(array([1, 2]), array([1, 2, 3]))).toThrow(/reluGrad.*same shape and dtype: \[2\] float32 and \[3\] float32/);
    expect(() => reluGrad(array([1, 2]), array([1, 2], { dtype: 'float64' }))).toThrow(/reluGrad/);
    expect(() => leakyRelu(x, Number.POSITIVE_INFINITY)).toThrow(/leakyRelu.*negativeSlope must be a finite number, got Infinity/);
  });
});

describe('linear', () => {
  test.each([
    [64, 784, 256],
    [3, 5, 7],
    [1, 2, 3],
  ])('float32 [%i, %i]·[%i, ·]ᵀ + b equals add(matmul(x, w, transposeB), b) bit for bit', (m, k, n) => {
    const x = new NDArray(
      values(m * k, 1).map((v) => (Number.isFinite(v) ? v : 0.5)),
      [m, k],
    );
    const w = new NDArray(
      values(n * k, 2).map((v) => (Number.isFinite(v) ? v : -0.25)),
      [n, k],
    );
    const b = new NDArray(values(n, 3), [n]);
    const want = add(matmul(x, w, { transposeB: true }), b);
    const got = linear(x, w, b);
    expect(got.shape).toEqual([m, n]);
    expect(sameBits(got.data, want.data)).toBe(true);
    expect(sameBits(linear(x, w).data, matmul(x, w, { transposeB: true }).data)).toBe(true);
    // With the ReLU in the same pass: relu of the same result, bit for bit (NaN from the NaN bias values included).
    expect(sameBits(linear(x, w, b, { activation: 'relu' }).data, relu(want).data)).toBe(true);
    expect(sameBits(linear(x, w, null, { activation: 'relu' }).data, relu(matmul(x, w, { transposeB: true })).data)).toBe(true);
  });

  test("activation 'relu' in float64 and with mixed dtypes; bad options throw ArgumentErrors", () => {
    const x = array([[1, -2, 0.5]], { dtype: 'float64' });
    const w = array(
      [
        [1, 1, 1],
        [-1, 0, 0],
        [0, 0, -2],
      ],
      { dtype: 'float64' },
    );
    const b = array([0.25, 1, 1], { dtype: 'float64' });
    expect(linear(x, w, b, { activation: 'relu' }).toArray()).toEqual([[0, 0, 0]]);
    expect(linear(x, w, array([1, 2, 3], { dtype: 'float64' }), { activation: 'relu' }).toArray()).toEqual([[0.5, 1, 2]]);
    const b32 = array([1, 2, 3]);
    expect(linear(x, w, b32, { activation: 'relu' }).toArray()).toEqual(relu(add(matmul(x, w, { transposeB: true }), b32)).toArray());
    expect(() => linear(x, w, b, { activation: 'gelu' as 'relu' })).toThrow(
      /linear: option 'activation' must be one of 'relu', got 'gelu'/,
    );
    expect(() => linear(x, w, b, { relu: true } as never)).toThrow(/linear: unknown option 'relu' \(valid: activation\)/);
  });

  test('leading axes, float64, mixed dtypes and shape errors', () => {
    const x = array(
      [
        [
          [1, 2],
          [3, 4],
        ],
      ],
      { dtype: 'float64' },
    );
    const w = array([[1, 10]], { dtype: 'float64' });
    expect(linear(x, w, array([0.5], { dtype: 'float64' })).toArray()).toEqual([[[21.5], [43.5]]]);
    expect(linear(array([1, 2]), array([[1, 10]]), array([1], { dtype: 'float64' })).dtype).toBe('float64');
    expect(() => linear(array([[1, 2, 3]]), array([[1, 2]]))).toThrow(/linear.*x \[1,3\] and w \[1,2\]/);
    expect(() => linear(array([[1, 2]]), array([[1, 2]]), array([1, 2]))).toThrow(/linear.*b must have shape \[1\].*got \[2\]/);
  });
});

describe('sumToShape over leading axes', () => {
  test('equals the general reduction (keeping the axes as 1s) bit for bit', () => {
    for (const [shape, target] of [
      [[64, 256], [256]],
      [[3, 4, 5], [5]],
      [
        [3, 4, 5],
        [4, 5],
      ],
      [[2, 1, 7], [7]],
      [[0, 3], [3]],
    ] as [number[], number[]][]) {
      const size = shape.reduce((p, d) => p * d, 1);
      const x = new NDArray(values(size, size + 9), shape);
      const kept = [...shape.slice(0, shape.length - target.length).map(() => 1), ...target];
      const general = sumToShape(x, kept);
      const fast = sumToShape(x, target);
      expect(fast.shape).toEqual(target);
      expect(sameBits(fast.data, reshape(general, target).data)).toBe(true);
    }
  });
});
