import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type DType, allocate } from '../src/dtype.ts';
import { ShapeError } from '../src/errors.ts';
import { NDArray } from '../src/ndarray.ts';
import { matmul } from '../src/matmul.ts';

/** Deterministic values in [-1, 1) from a small LCG (no Math.random, so failures replay). */
function filled(shape: readonly number[], dtype: DType, seed: number): NDArray {
  let size = 1;
  for (const d of shape) size *= d;
  const data = allocate(dtype, size);
  let s = (seed * 2654435761 + 12345) >>> 0;
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = s / 2 ** 31 - 1;
  }
  return new NDArray(data, shape);
}

function rowMajorOffset(shape: readonly number[], index: readonly number[]): number {
  let off = 0;
  for (let i = 0; i < shape.length; i++) off = off * shape[i]! + index[i]!;
  return off;
}

/**
 * Reference NumPy matmul written from the definition, independent of the kernel: promote 1-D operands,
 * transpose by swapping indices, broadcast batch dims right-aligned, triple loop. Returns the shape,
 * the values and, per element, Σ|a·b| (the scale that bounds rounding error).
 */
function reference(a: NDArray, b: NDArray, tA = false, tB = false): { shape: number[]; values: number[]; scale: number[] } {
  const aS = a.rank === 1 ? [1, a.shape[0]!] : [...a.shape];
  const bS = b.rank === 1 ? [b.shape[0]!, 1] : [...b.shape];
  const useTA = tA && a.rank >= 2;
  const useTB = tB && b.rank >= 2;
  const m = useTA ? aS[aS.length - 1]! : aS[aS.length - 2]!;
  const k = useTA ? aS[aS.length - 2]! : aS[aS.length - 1]!;
  const n = useTB ? bS[bS.length - 2]! : bS[bS.length - 1]!;
  const aB = aS.slice(0, -2);
  const bB = bS.slice(0, -2);
  const rank = Math.max(aB.length, bB.length);
  const batch: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = aB[i - (rank - aB.length)] ?? 1;
    const db = bB[i - (rank - bB.length)] ?? 1;
    batch.push(da === 1 ? db : da);
  }
  let batchSize = 1;
  for (const d of batch) batchSize *= d;
  const values: number[] = [];
  const scale: number[] = [];
  for (let t = 0; t < batchSize; t++) {
    const idx: number[] = [];
    let rest = t;
    for (let i = rank - 1; i >= 0; i--) {
      idx.unshift(rest % batch[i]!);
      rest = Math.floor(rest / batch[i]!);
    }
    const aIdx = aB.map((d, i) => (d === 1 ? 0 : idx[i + rank - aB.length]!));
    const bIdx = bB.map((d, i) => (d === 1 ? 0 : idx[i + rank - bB.length]!));
    // Offset of the matrix's first element; within it, element (r, c) of the stored matrix is at r·cols + c.
    const aBase = rowMajorOffset(aS, [...aIdx, 0, 0]);
    const bBase = rowMajorOffset(bS, [...bIdx, 0, 0]);
    const aCols = aS[aS.length - 1]!;
    const bCols = bS[bS.length - 1]!;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        let sa = 0;
        for (let p = 0; p < k; p++) {
          const av = a.data[aBase + (useTA ? p * aCols + i : i * aCols + p)]!;
          const bv = b.data[bBase + (useTB ? j * bCols + p : p * bCols + j)]!;
          s += av * bv;
          sa += Math.abs(av * bv);
        }
        values.push(s);
        scale.push(sa);
      }
    }
  }
  const shape = [...batch];
  if (a.rank >= 2) shape.push(m);
  if (b.rank >= 2) shape.push(n);
  return { shape, values, scale };
}

function expectMatches(got: NDArray, want: ReturnType<typeof reference>): void {
  expect(got.shape).toEqual(want.shape);
  expect(got.size).toBe(want.values.length);
  // NOTE: sums are float64; a float32 result is rounded once per 256-deep k slice (the kernel adds
  // slices into C), so allow a few float32 roundings (2^-24 ≈ 6e-8 each) relative to Σ|a·b|.
  const rel = got.dtype === 'float64' ? 1e-13 : 5e-7;
  for (let i = 0; i < got.size; i++) {
    const err = Math.abs(got.data[i]! - want.values[i]!);
    const tol = rel * (want.scale[i]! + Math.abs(want.values[i]!)) + 1e-300;
    if (!(err <= tol)) {
      throw new Error(
        `element ${i}: got ${got.data[i]}, want ${want.values[i]} (err ${err} > tol ${tol}) for shape [${got.shape.join(',')}]`,
      );
    }
  }
}

/** The stored shape of an operand that, after the flag, is logically rows×cols. */
function stored(batch: readonly number[], rows: number, cols: number, transposed: boolean): number[] {
  return transposed ? [...batch, cols, rows] : [...batch, rows, cols];
}

const FLAGS = [
  { transposeA: false, transposeB: false },
  { transposeA: true, transposeB: false },
  { transposeA: false, transposeB: true },
  { transposeA: true, transposeB: true },
] as const;

describe('matmul: NumPy cases', () => {
  const cases: [string, number[], number[], number[]][] = [
    ['1-D · 1-D → scalar', [5], [5], []],
    ['1-D · 2-D', [4], [4, 3], [3]],
    ['2-D · 1-D', [3, 4], [4], [3]],
    ['2-D · 2-D', [3, 4], [4, 5], [3, 5]],
    ['1-D · 3-D', [4], [2, 4, 3], [2, 3]],
    ['3-D · 1-D', [2, 3, 4], [4], [2, 3]],
    ['3-D · 2-D', [2, 3, 4], [4, 5], [2, 3, 5]],
    ['2-D · 3-D', [3, 4], [2, 4, 5], [2, 3, 5]],
    ['batch broadcast [2,1,3,4] @ [5,4,2]', [2, 1, 3, 4], [5, 4, 2], [2, 5, 3, 2]],
    ['batch broadcast [1,3,4] @ [6,4,7]', [1, 3, 4], [6, 4, 7], [6, 3, 7]],
    ['batch broadcast [3,1,2,5,6] @ [4,1,6,2]', [3, 1, 2, 5, 6], [4, 1, 6, 2], [3, 4, 2, 5, 2]],
  ];
  for (const [name, as, bs, outShape] of cases) {
    test(name, () => {
      for (const dtype of ['float32', 'float64'] as const) {
        const a = filled(as, dtype, 1);
        const b = filled(bs, dtype, 2);
        const c = matmul(a, b);
        expect(c.shape).toEqual(outShape);
        expect(c.dtype).toBe(dtype);
        expectMatches(c, reference(a, b));
      }
    });
  }

  test('1-D · 1-D is an inner product and item() works', () => {
    const a = new NDArray(new Float64Array([1, 2, 3]), [3]);
    const b = new NDArray(new Float64Array([4, 5, 6]), [3]);
    expect(matmul(a, b).item()).toBe(32);
  });

  test('flags are ignored on 1-D operands (a vector is its own transpose)', () => {
    const v = filled([4], 'float64', 3);
    const w = filled([4, 3], 'float64', 4);
    expectMatches(matmul(v, w, { transposeA: true }), reference(v, w));
    const x = filled([3, 4], 'float64', 5);
    expectMatches(matmul(x, v, { transposeB: true }), reference(x, v));
  });

  test('result dtype is float64 when either side is float64', () => {
    const a32 = filled([3, 4], 'float32', 6);
    const b64 = filled([4, 2], 'float64', 7);
    const c = matmul(a32, b64);
    expect(c.dtype).toBe('float64');
    expectMatches(c, reference(a32, b64));
    expect(matmul(a32, a32, { transposeB: true }).dtype).toBe('float32');
  });

  test('inputs are not modified', () => {
    const a = filled([2, 5, 6], 'float32', 8);
    const b = filled([6, 7], 'float32', 9);
    const a0 = a.data.slice();
    const b0 = b.data.slice();
    matmul(a, b, { transposeB: false });
    const bt = filled([7, 5], 'float32', 10);
    matmul(a, bt, { transposeA: true, transposeB: true });
    expect(bt.data).toEqual(filled([7, 5], 'float32', 10).data);
    expect(a.data).toEqual(a0);
    expect(b.data).toEqual(b0);
  });
});

describe('matmul: every size 1..33 around the 4×4 tile, each flag combination', () => {
  const sizes = [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 33];
  for (const dtype of ['float32', 'float64'] as const) {
    for (const flags of FLAGS) {
      test(`${dtype} transposeA=${flags.transposeA} transposeB=${flags.transposeB}`, () => {
        let seed = 10;
        for (const m of sizes) {
          for (const n of sizes) {
            for (const k of sizes) {
              const a = filled(stored([], m, k, flags.transposeA), dtype, seed++);
              const b = filled(stored([], k, n, flags.transposeB), dtype, seed++);
              expectMatches(matmul(a, b, flags), reference(a, b, flags.transposeA, flags.transposeB));
            }
          }
        }
      });
    }
  }

  test('larger products spanning several packed column blocks and ragged edges', () => {
    const shapes: [number, number, number][] = [
      [37, 301, 64],
      [130, 203, 9],
      [66, 70, 257],
      [5, 1030, 2],
      [70, 9, 600],
      [9, 70, 600],
    ];
    let seed = 500;
    for (const [m, n, k] of shapes) {
      for (const flags of FLAGS) {
        for (const dtype of ['float32', 'float64'] as const) {
          const a = filled(stored([], m, k, flags.transposeA), dtype, seed++);
          const b = filled(stored([], k, n, flags.transposeB), dtype, seed++);
          expectMatches(matmul(a, b, flags), reference(a, b, flags.transposeA, flags.transposeB));
        }
      }
    }
  });

  test('batched with broadcasting and each flag combination', () => {
    let seed = 900;
    const pairs: [number[], number[]][] = [
      [[3], [3]],
      [
        [2, 1],
        [1, 3],
      ],
      [[4], []],
      [[], [4]],
      [[1], [2, 3]],
      [[2, 3], [3]],
    ];
    for (const [ab, bb] of pairs) {
      for (const flags of FLAGS) {
        for (const dtype of ['float32', 'float64'] as const) {
          const a = filled(stored(ab, 6, 5, flags.transposeA), dtype, seed++);
          const b = filled(stored(bb, 5, 9, flags.transposeB), dtype, seed++);
          expectMatches(matmul(a, b, flags), reference(a, b, flags.transposeA, flags.transposeB));
        }
      }
    }
  });
});

describe('matmul: empty dimensions', () => {
  test('k = 0 gives zeros', () => {
    const c = matmul(filled([3, 0], 'float32', 1), filled([0, 4], 'float32', 2));
    expect(c.shape).toEqual([3, 4]);
    expect(Array.from(c.data)).toEqual(new Array(12).fill(0));
    expect(matmul(filled([0], 'float64', 1), filled([0], 'float64', 2)).item()).toBe(0);
  });

  test('m = 0, n = 0 or batch 0 give empty results of the right shape', () => {
    expect(matmul(filled([0, 3], 'float32', 1), filled([3, 4], 'float32', 2)).shape).toEqual([0, 4]);
    expect(matmul(filled([2, 3], 'float32', 1), filled([3, 0], 'float32', 2)).shape).toEqual([2, 0]);
    expect(matmul(filled([0, 2, 3], 'float32', 1), filled([3, 4], 'float32', 2)).shape).toEqual([0, 2, 4]);
    expect(matmul(filled([0, 2, 3], 'float32', 1), filled([1, 3, 4], 'float32', 2)).shape).toEqual([0, 2, 4]);
  });
});

describe('matmul: property-based shapes', () => {
  const dim = fc.integer({ min: 0, max: 3 });
  const batchDims = fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 3 });
  test('agrees with the reference for random shapes, broadcast batches, flags and dtypes', () => {
    fc.assert(
      fc.property(
        fc.record({
          aRank1: fc.boolean(),
          bRank1: fc.boolean(),
          aBatch: batchDims,
          bBatchMask: fc.array(fc.boolean(), { maxLength: 3 }),
          extraB: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 1 }),
          m: fc.integer({ min: 1, max: 13 }),
          n: fc.integer({ min: 1, max: 13 }),
          k: fc.integer({ min: 1, max: 13 }),
          zeroDim: dim,
          transposeA: fc.boolean(),
          transposeB: fc.boolean(),
          dtypeA: fc.constantFrom('float32' as const, 'float64' as const),
          dtypeB: fc.constantFrom('float32' as const, 'float64' as const),
          seed: fc.integer({ min: 0, max: 1_000_000 }),
        }),
        (p) => {
          // b's batch dims: a's, each possibly replaced by 1 (broadcast), with maybe one extra leading dim.
          const bBatch = [...p.extraB, ...p.aBatch.map((d, i) => ((p.bBatchMask[i] ?? false) ? 1 : d))];
          let [m, n, k] = [p.m, p.n, p.k];
          if (p.zeroDim === 1) m = 0;
          if (p.zeroDim === 2) k = 0;
          const aShape = p.aRank1 ? [k] : stored(p.aBatch, m, k, p.transposeA);
          const bShape = p.bRank1 ? [k] : stored(bBatch, k, n, p.transposeB);
          const a = filled(aShape, p.dtypeA, p.seed);
          const b = filled(bShape, p.dtypeB, p.seed + 1);
          const flags = { transposeA: p.transposeA, transposeB: p.transposeB };
          expectMatches(matmul(a, b, flags), reference(a, b, flags.transposeA, flags.transposeB));
        },
      ),
      { numRuns: 150, seed: 20240601 },
    );
  });
});

describe('matmul: errors', () => {
  const f = (shape: number[]) => filled(shape, 'float32', 1);

  test('inner dimensions differ', () => {
    expect(() => matmul(f([2, 3]), f([4, 5]))).toThrow(
      new ShapeError('matmul', 'inner dimensions differ: [2,3] @ [4,5]', [
        [2, 3],
        [4, 5],
      ]),
    );
    expect(() => matmul(f([2, 3]), f([4, 5]))).toThrowError(/^matmul: inner dimensions differ: \[2,3\] @ \[4,5\]$/);
    expect(() => matmul(f([3]), f([4]))).toThrowError('matmul: inner dimensions differ: [3] @ [4]');
    expect(() => matmul(f([2, 3]), f([5, 4]), { transposeB: true })).toThrowError(
      'matmul: inner dimensions differ: [2,3] @ [5,4] (transposeB)',
    );
    expect(() => matmul(f([2, 3]), f([3, 4]), { transposeA: true })).toThrowError(
      'matmul: inner dimensions differ: [2,3] (transposeA) @ [3,4]',
    );
    try {
      matmul(f([2, 3]), f([4, 5]));
    } catch (e) {
      expect(e).toBeInstanceOf(ShapeError);
      expect((e as ShapeError).op).toBe('matmul');
      expect((e as ShapeError).shapes).toEqual([
        [2, 3],
        [4, 5],
      ]);
    }
  });

  test('batch dimensions that do not broadcast name both shapes', () => {
    expect(() => matmul(f([2, 3, 4]), f([5, 4, 2]))).toThrowError('matmul: batch dimensions cannot be broadcast: [2,3,4] @ [5,4,2]');
    try {
      matmul(f([2, 3, 4]), f([5, 4, 2]));
    } catch (e) {
      expect(e).toBeInstanceOf(ShapeError);
      expect((e as ShapeError).shapes).toEqual([
        [2, 3, 4],
        [5, 4, 2],
      ]);
    }
  });

  test('0-D operands are refused', () => {
    expect(() => matmul(f([]), f([3]))).toThrowError('matmul: scalar operands are not allowed, use mul: [] @ [3]');
    expect(() => matmul(f([3]), f([]))).toThrowError('matmul: scalar operands are not allowed, use mul: [3] @ []');
    expect(() => matmul(f([]), f([3]))).toThrow(ShapeError);
  });
});
