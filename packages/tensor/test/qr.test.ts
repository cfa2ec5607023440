import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type DType, allocate } from '../src/dtype.ts';
import { ShapeError } from '../src/errors.ts';
import { NDArray } from '../src/ndarray.ts';
import { qr } from '../src/qr.ts';

/** Deterministic values in [-1, 1) from a small LCG (no Math.random). */
function filled(m: number, n: number, dtype: DType, seed: number): NDArray {
  const data = allocate(dtype, m * n);
  let s = (seed * 2654435761 + 977) >>> 0;
  for (let i = 0; i < m * n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = s / 2 ** 31 - 1;
  }
  return new NDArray(data, [m, n]);
}

function fromRows(rows: number[][], dtype: DType = 'float64'): NDArray {
  const m = rows.length;
  const n = rows[0]?.length ?? 0;
  const data = allocate(dtype, m * n);
  rows.forEach((row, i) => row.forEach((v, j) => (data[i * n + j] = v)));
  return new NDArray(data, [m, n]);
}

/** Naive row-major product of an m×k and k×n buffer (the test's own, independent of matmul). */
function mul(x: ArrayLike<number>, y: ArrayLike<number>, m: number, k: number, n: number, transposeX = false): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (transposeX ? x[p * m + i]! : x[i * k + p]!) * y[p * n + j]!;
      out[i * n + j] = s;
    }
  }
  return out;
}

/** Checks q·r = a, qᵀq = I, r upper triangular, shapes, dtype and no NaN, to `tol` (scaled by ‖a‖ for q·r). */
function checkQR(a: NDArray, tol: number): void {
  const [m, n] = a.shape as [number, number];
  const k = Math.min(m, n);
  const { q, r } = qr(a);
  expect(q.shape).toEqual([m, k]);
  expect(r.shape).toEqual([k, n]);
  expect(q.dtype).toBe(a.dtype);
  expect(r.dtype).toBe(a.dtype);
  expect([...q.data, ...r.data].every(Number.isFinite)).toBe(true);

  let aMax = 0;
  for (const v of a.data) aMax = Math.max(aMax, Math.abs(v));
  const qr_ = mul(q.data, r.data, m, k, n);
  let reconstruction = 0;
  for (let i = 0; i < m * n; i++) reconstruction = Math.max(reconstruction, Math.abs(qr_[i]! - a.data[i]!));
  expect(reconstruction).toBeLessThanOrEqual(tol * Math.max(1, aMax));

  const qtq = mul(q.data, q.data, k, m, k, true);
  let orthogonality = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) orthogonality = Math.max(orthogonality, Math.abs(qtq[i * k + j]! - (i === j ? 1 : 0)));
  }
  expect(orthogonality).toBeLessThanOrEqual(tol);

  let belowDiagonal = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < Math.min(i, n); j++) belowDiagonal = Math.max(belowDiagonal, Math.abs(r.data[i * n + j]!));
  expect(belowDiagonal).toBe(0);
}

describe('qr', () => {
  test('hand example: [[3,1],[4,2]] has |r| = [[5, 2.2], [0, 0.4]]', () => {
    // Columns a₀ = (3,4), a₁ = (1,2): ‖a₀‖ = 5, q₀·a₁ = ±(3+8)/5 = ±2.2, |det| / 5 = |6−4| / 5 = 0.4.
    const { r } = qr(
      fromRows([
        [3, 1],
        [4, 2],
      ]),
    );
    expect(Math.abs(r.get(0, 0))).toBeCloseTo(5, 12);
    expect(Math.abs(r.get(0, 1))).toBeCloseTo(2.2, 12);
    expect(Math.abs(r.get(1, 1))).toBeCloseTo(0.4, 12);
    expect(r.get(1, 0)).toBe(0);
    checkQR(
      fromRows([
        [3, 1],
        [4, 2],
      ]),
      1e-12,
    );
  });

  const shapes: [string, number, number][] = [
    ['square 5×5', 5, 5],
    ['tall 9×3', 9, 3],
    ['wide 3×9', 3, 9],
    ['1×1', 1, 1],
    ['row 1×6', 1, 6],
    ['column 6×1', 6, 1],
    ['larger 40×25', 40, 25],
    // Several 32-column panels, so the blocked trailing and q updates run.
    ['square 80×80', 80, 80],
    ['tall 150×70', 150, 70],
    ['wide 70×150', 70, 150],
  ];
  for (const [name, m, n] of shapes) {
    test(`${name}: q·r = a, qᵀq = I, r upper triangular (float64, 1e-10)`, () => checkQR(filled(m, n, 'float64', m * 31 + n), 1e-10));
  }

  test('float32 input gives float32 outputs accurate to float32 rounding', () => {
    checkQR(filled(7, 4, 'float32', 3), 1e-5);
    checkQR(filled(4, 7, 'float32', 4), 1e-5);
  });

  test('rank-deficient inputs do not produce NaN', () => {
    checkQR(
      fromRows([
        [1, 2, 2],
        [3, 6, 6],
        [5, 10, 10],
      ]),
      1e-10,
    ); // rank 1
    checkQR(
      fromRows([
        [0, 1],
        [0, 2],
        [0, 3],
      ]),
      1e-10,
    ); // zero first column
    checkQR(
      fromRows([
        [1, 0, 3],
        [2, 0, 4],
        [5, 0, 6],
      ]),
      1e-10,
    ); // zero middle column
    checkQR(new NDArray(new Float64Array(12), [4, 3]), 1e-12); // all zeros
    checkQR(new NDArray(new Float64Array(12), [3, 4]), 1e-12);
    // Already upper triangular: no reflections needed, q = I.
    const { q } = qr(
      fromRows([
        [2, 1],
        [0, 3],
      ]),
    );
    expect(Array.from(q.data)).toEqual([1, 0, 0, 1]);
  });

  test('rank-deficient inputs spanning several panels', () => {
    // Rank 10: a 90×10 times 10×90 product, plus a zero column and a repeated one in later panels.
    const u = filled(90, 10, 'float64', 21);
    const v = filled(10, 90, 'float64', 22);
    const low = mul(u.data, v.data, 90, 10, 90);
    for (let i = 0; i < 90; i++) {
      low[i * 90 + 40] = 0;
      low[i * 90 + 75] = low[i * 90 + 3]!;
    }
    checkQR(new NDArray(low, [90, 90]), 1e-10);
    const wide = new NDArray(low.slice(0, 40 * 90), [40, 90]);
    checkQR(wide, 1e-10);
  });

  test('extreme magnitudes neither overflow nor underflow (squares of 1e±200 would)', () => {
    for (const scale of [1e200, 1e-200]) {
      const { q, r } = qr(
        fromRows([
          [3 * scale, 1],
          [4 * scale, 2],
        ]),
      );
      expect(Math.abs(r.get(0, 0)) / (5 * scale)).toBeCloseTo(1, 12);
      for (const v of [...q.data, ...r.data]) expect(Number.isFinite(v)).toBe(true);
    }
  });

  test('empty dims', () => {
    const { q, r } = qr(new NDArray(new Float64Array(0), [0, 3]));
    expect(q.shape).toEqual([0, 0]);
    expect(r.shape).toEqual([0, 3]);
    expect(qr(new NDArray(new Float32Array(0), [3, 0])).q.shape).toEqual([3, 0]);
  });

  test('input is not modified', () => {
    const a = filled(6, 4, 'float64', 9);
    const before = a.data.slice();
    qr(a);
    expect(a.data).toEqual(before);
  });

  test('property: random shapes up to 12×12, including repeated columns', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.boolean(),
        (m, n, seed, duplicate) => {
          const a = filled(m, n, 'float64', seed);
          // Copy column 0 into the last column to make the matrix rank-deficient.
          if (duplicate && n > 1) for (let i = 0; i < m; i++) a.data[i * n + n - 1] = a.data[i * n]!;
          checkQR(a, 1e-10);
        },
      ),
      { numRuns: 100, seed: 42 },
    );
  });

  test('non-2-D input throws ShapeError', () => {
    expect(() => qr(new NDArray(new Float64Array(3), [3]))).toThrowError('qr: expected a 2-D array, got shape [3]');
    expect(() => qr(new NDArray(new Float64Array(8), [2, 2, 2]))).toThrow(ShapeError);
    expect(() => qr(new NDArray(new Float64Array(1), []))).toThrowError('qr: expected a 2-D array, got shape []');
  });
});
