import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { TypedArray } from '../src/dtype.ts';
import { filledBChunkCols, gemmF32Simd, gemmF32SimdFilledB, wasmSimdAvailable } from '../src/kernels/gemm-f32-simd.ts';

/*
 * Error bound. The kernel rounds every input to float32 (exact for Float32Array data, ≤ u relative for
 * float64 data, u = 2⁻²⁴), rounds each product (≤ u) and adds k terms in float32 in some order; the
 * classic recursive-summation bound (Higham, Accuracy and Stability, §3.1) gives
 *   |ĉ − c| ≤ γ_{k+2} · Σ_p |A[i,p]·B[p,j]|,  γ_n = n·u / (1 − n·u).
 * The tests allow (k + 2)·2⁻²³ · Σ|a·b| — twice (k + 2)·u, which covers the 1/(1 − n·u) factor with
 * room to spare and is still tight enough to catch a missing, doubled or misplaced term (each is of
 * the size of one |a·b|, far above k·2⁻²³·Σ|a·b| for the k used here).
 */
const U2 = 2 ** -23;

/** Deterministic values in [-1, 1) from an LCG (never Math.random, so fast-check can replay failures). */
function fill(x: TypedArray, seed: number): void {
  let s = (seed * 2654435761 + 12345) >>> 0;
  for (let i = 0; i < x.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = s / 2 ** 31 - 1;
  }
}

interface Problem {
  m: number;
  n: number;
  k: number;
  a: TypedArray;
  aOff: number;
  aRs: number;
  aCs: number;
  b: TypedArray;
  bOff: number;
  bRs: number;
  bCs: number;
}

/** Naive float64 triple loop from the definition, with Σ|a·b| per entry for the error bound. */
function reference(p: Problem): { values: Float64Array; scale: Float64Array } {
  const { m, n, k, a, b } = p;
  const values = new Float64Array(m * n);
  const scale = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let abs = 0;
      for (let q = 0; q < k; q++) {
        const prod = a[p.aOff + i * p.aRs + q * p.aCs]! * b[p.bOff + q * p.bRs + j * p.bCs]!;
        s += prod;
        abs += Math.abs(prod);
      }
      values[i * n + j] = s;
      scale[i * n + j] = abs;
    }
  }
  return { values, scale };
}

/**
 * Runs the kernel into a guarded output (sentinels before and after the m×n block) and returns the
 * first violation as text, or null: an entry over the bound, or a sentinel overwritten.
 */
function check(p: Problem, out: 'float32' | 'float64' = 'float32', cOff = 3): string | null {
  const { m, n, k } = p;
  const size = cOff + m * n + 5;
  const c = out === 'float32' ? new Float32Array(size) : new Float64Array(size);
  c.fill(-7.5);
  gemmF32Simd(m, n, k, p.a, p.aOff, p.aRs, p.aCs, p.b, p.bOff, p.bRs, p.bCs, c, cOff);
  const { values, scale } = reference(p);
  for (let t = 0; t < size; t++) {
    if ((t < cOff || t >= cOff + m * n) && c[t] !== -7.5) return `wrote outside C at ${t}`;
  }
  for (let t = 0; t < m * n; t++) {
    const err = Math.abs(c[cOff + t]! - values[t]!);
    if (!(err <= (k + 2) * U2 * scale[t]!)) {
      return `m=${m} n=${n} k=${k}: C[${Math.floor(t / n)},${t % n}] = ${c[cOff + t]}, expected ${values[t]} (err ${err}, bound ${(k + 2) * U2 * scale[t]!})`;
    }
  }
  return null;
}

type Layout = 'nn' | 'tn' | 'nt' | 'tt';

/** A dense problem: A stored m×k (or k×m for transposed A), B stored k×n (or n×k), after `off` leading values. */
function dense(m: number, n: number, k: number, layout: Layout, seed: number, off = 0, dtype: 'float32' | 'float64' = 'float32'): Problem {
  const make = (len: number, s: number): TypedArray => {
    const x = dtype === 'float32' ? new Float32Array(off + len) : new Float64Array(off + len);
    fill(x, s);
    return x;
  };
  const ta = layout[0] === 't';
  const tb = layout[1] === 't';
  return {
    m,
    n,
    k,
    a: make(m * k, seed),
    aOff: off,
    aRs: ta ? 1 : k,
    aCs: ta ? m : 1,
    b: make(k * n, seed + 1),
    bOff: off,
    bRs: tb ? 1 : n,
    bCs: tb ? k : 1,
  };
}

describe('wasmSimdAvailable', () => {
  test('is true on Node 20 (SIMD shipped in V8 9.1)', () => {
    expect(wasmSimdAvailable()).toBe(true);
  });
});

describe('gemmF32Simd', () => {
  test('the example from its documentation', () => {
    const c = new Float32Array(1);
    gemmF32Simd(1, 1, 2, new Float32Array([1, 2]), 0, 2, 1, new Float32Array([3, 4]), 0, 1, 1, c, 0);
    expect(c[0]).toBe(11);
  });

  test('every m, n, k in 1..33 (row-major operands) is within the float32 bound', () => {
    // Covers every remainder of the 4×8 tile and of the 4-wide transpose blocks in packing.
    const failures: string[] = [];
    for (let m = 1; m <= 33; m++) {
      for (let n = 1; n <= 33; n++) {
        for (let k = 1; k <= 33; k++) {
          const r = check(dense(m, n, k, 'nn', m * 10007 + n * 101 + k));
          if (r !== null) failures.push(r);
        }
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  test('transposed operands (all four layouts) over edge sizes', () => {
    const sizes = [1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 31, 32, 33];
    const failures: string[] = [];
    for (const layout of ['nn', 'tn', 'nt', 'tt'] as const) {
      for (const m of sizes) {
        for (const n of sizes) {
          for (const k of sizes) {
            const r = check(dense(m, n, k, layout, m * 977 + n * 31 + k));
            if (r !== null) failures.push(`${layout} ${r}`);
          }
        }
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  test('sizes past the cache blocks (k > 256, more than 128 rows) in every layout', () => {
    for (const layout of ['nn', 'tn', 'nt', 'tt'] as const) {
      expect(check(dense(133, 41, 517, layout, 5))).toBeNull();
      expect(check(dense(37, 130, 300, layout, 6))).toBeNull();
    }
  });

  test('the MLP shapes (784-256-128-10, batch 64) forward and backward', () => {
    for (const [inF, outF] of [
      [784, 256],
      [256, 128],
      [128, 10],
    ] as const) {
      expect(check(dense(64, outF, inF, 'nt', 1))).toBeNull(); // x·Wᵀ
      expect(check(dense(outF, inF, 64, 'tn', 2))).toBeNull(); // dW = Gᵀ·x
      expect(check(dense(64, inF, outF, 'nn', 3))).toBeNull(); // dX = G·W
    }
  });

  test('float64 inputs and outputs, offsets into the buffers', () => {
    for (const layout of ['nn', 'tn', 'nt', 'tt'] as const) {
      expect(check(dense(13, 19, 23, layout, 7, 5, 'float64'), 'float64', 11)).toBeNull();
      expect(check(dense(13, 19, 23, layout, 8, 2, 'float32'), 'float64', 0)).toBeNull();
      expect(check(dense(13, 19, 23, layout, 9, 1, 'float64'), 'float32', 4)).toBeNull();
    }
  });

  test('views inside wider matrices are staged row by row or column by column', () => {
    // Operands are windows of a 40×300 matrix: their span is far above their size, so they are copied
    // along their contiguous axis instead of whole.
    const big = new Float32Array(40 * 300);
    fill(big, 11);
    const big2 = new Float64Array(40 * 300);
    fill(big2, 12);
    // Row-major windows (A read by rows; B read by columns of Bᵀ).
    expect(
      check({ m: 9, n: 6, k: 20, a: big, aOff: 2 * 300 + 5, aRs: 300, aCs: 1, b: big2, bOff: 3 * 300 + 1, bRs: 300, bCs: 1 }),
    ).toBeNull();
    // Transposed windows (column-major).
    expect(check({ m: 9, n: 6, k: 20, a: big, aOff: 7, aRs: 1, aCs: 300, b: big2, bOff: 300 + 2, bRs: 1, bCs: 300 })).toBeNull();
  });

  test('non-unit and negative strides', () => {
    const a = new Float32Array(2000);
    const b = new Float64Array(2000);
    fill(a, 13);
    fill(b, 14);
    // Every other element of every third row: no unit stride anywhere (element-loop staging when sparse).
    expect(check({ m: 7, n: 10, k: 9, a, aOff: 1, aRs: 60, aCs: 2, b, bOff: 0, bRs: 33, bCs: 3 })).toBeNull();
    expect(check({ m: 7, n: 10, k: 9, a, aOff: 0, aRs: 18, aCs: 2, b, bOff: 0, bRs: 20, bCs: 2 })).toBeNull();
    // Reversed rows and columns (negative strides), offsets at the far end.
    expect(check({ m: 6, n: 11, k: 9, a, aOff: 5 * 9 + 8, aRs: -9, aCs: -1, b, bOff: 8 * 11, bRs: -11, bCs: 1 })).toBeNull();
    // A stride of 0: every row of A is the same row (a broadcast view).
    expect(check({ m: 5, n: 9, k: 12, a, aOff: 3, aRs: 0, aCs: 1, b, bOff: 0, bRs: 9, bCs: 1 })).toBeNull();
  });

  test('k = 0 writes zeros; m = 0 or n = 0 writes nothing', () => {
    const c = new Float32Array(8).fill(3);
    gemmF32Simd(2, 3, 0, new Float32Array(0), 0, 0, 1, new Float32Array(0), 0, 3, 1, c, 1);
    expect(Array.from(c)).toEqual([3, 0, 0, 0, 0, 0, 0, 3]);
    gemmF32Simd(0, 3, 4, new Float32Array(0), 0, 4, 1, new Float32Array(12), 0, 3, 1, c, 0);
    gemmF32Simd(3, 0, 4, new Float32Array(12), 0, 4, 1, new Float32Array(0), 0, 0, 1, c, 0);
    expect(Array.from(c)).toEqual([3, 0, 0, 0, 0, 0, 0, 3]);
  });

  test('products larger than one chunk are cut into row and column chunks', () => {
    // A chunk holds 2²¹ floats per packed operand: with k = 2¹⁷ that is 4 rows of A and 8 columns of B,
    // so 9×17 needs 3 row chunks × 3 column chunks.
    expect(check(dense(9, 17, 1 << 17, 'nn', 15))).toBeNull();
    expect(check(dense(9, 17, 1 << 17, 'tt', 16))).toBeNull();
    // Chunks are also capped at 2048 rows / columns.
    expect(check(dense(2053, 3, 2, 'nn', 17))).toBeNull();
    expect(check(dense(3, 2061, 2, 'nt', 18))).toBeNull();
  });

  test('non-finite inputs propagate like the reference (NaN, ±Infinity)', () => {
    const a = new Float32Array([1, Number.NaN, 2, 3, Infinity, 1, 0, 0, 1]);
    const b = new Float32Array([1, 0, 1, 0, 1, 0, 0, 0, 2]);
    const c = new Float32Array(9);
    gemmF32Simd(3, 3, 3, a, 0, 3, 1, b, 0, 3, 1, c, 0);
    const { values } = reference({ m: 3, n: 3, k: 3, a, aOff: 0, aRs: 3, aCs: 1, b, bOff: 0, bRs: 3, bCs: 1 });
    expect(Array.from(c)).toEqual(Array.from(values));
  });

  test('property: random shapes, layouts, offsets, dtypes and call order', () => {
    // Calls of different sizes interleave, so this also checks that growing and reusing the wasm
    // memory between calls never leaks stale values into a result.
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 1, max: 300 }),
        fc.constantFrom<Layout>('nn', 'tn', 'nt', 'tt'),
        fc.integer({ min: 0, max: 9 }),
        fc.constantFrom<'float32' | 'float64'>('float32', 'float64'),
        fc.constantFrom<'float32' | 'float64'>('float32', 'float64'),
        fc.integer({ min: 0, max: 1e6 }),
        (m, n, k, layout, off, inType, outType, seed) => {
          const r = check(dense(m, n, k, layout, seed, off, inType), outType, off);
          if (r !== null) throw new Error(r);
        },
      ),
      { numRuns: 150, seed: 20240611 },
    );
  });

  test('float32 accumulation error at k = 1024 on N(0,1)-like data stays within the bound', () => {
    // Sum of 12 uniforms − 6: mean 0, variance 1; deterministic (LCG) so the test replays.
    const gauss = (len: number, seed: number): Float32Array => {
      const u = new Float32Array(12 * len);
      fill(u, seed);
      const x = new Float32Array(len);
      for (let i = 0; i < len; i++) {
        let s = 0;
        for (let j = 0; j < 12; j++) s += (u[12 * i + j]! + 1) / 2;
        x[i] = s - 6;
      }
      return x;
    };
    const m = 16;
    const n = 16;
    const k = 1024;
    const p: Problem = { m, n, k, a: gauss(m * k, 21), aOff: 0, aRs: k, aCs: 1, b: gauss(k * n, 22), bOff: 0, bRs: n, bCs: 1 };
    expect(check(p)).toBeNull();
  });
});

describe('gemmF32SimdFilledB', () => {
  // k = 1100 makes a column chunk 1904 wide, so n = 2000 needs two fills (j0 = 0 and j0 = 1904).
  test.each([
    [1, 1, 1],
    [5, 9, 3],
    [17, 33, 40],
    [64, 1024, 576],
    [3, 2000, 1100],
  ])('m = %i, n = %i, k = %i: within the float32 bound and identical to gemmF32Simd', (m, n, k) => {
    const p = dense(m, n, k, 'nn', m * 31 + n * 7 + k);
    const b = p.b as Float32Array;
    const fills: [number, number][] = [];
    const c = new Float32Array(m * n + 2).fill(-7.5);
    gemmF32SimdFilledB(
      m,
      n,
      k,
      p.a,
      0,
      k,
      1,
      (heap, base, j0, nb) => {
        fills.push([j0, nb]);
        for (let q = 0; q < k; q++) heap.set(b.subarray(q * n + j0, q * n + j0 + nb), base + q * nb);
      },
      c,
      1,
    );
    // The fills tile the columns in order.
    let next = 0;
    for (const [j0, nb] of fills) {
      expect(j0).toBe(next);
      expect(nb).toBeLessThanOrEqual(filledBChunkCols(k));
      next += nb;
    }
    expect(next).toBe(n);
    expect(c[0]).toBe(-7.5);
    expect(c[m * n + 1]).toBe(-7.5);
    const { values, scale } = reference(p);
    for (let t = 0; t < m * n; t++) expect(Math.abs(c[1 + t]! - values[t]!)).toBeLessThanOrEqual((k + 2) * U2 * scale[t]!);
    const direct = new Float32Array(m * n);
    gemmF32Simd(m, n, k, p.a, 0, k, 1, p.b, 0, n, 1, direct, 0);
    expect(c.subarray(1, 1 + m * n)).toEqual(direct);
  });
});
