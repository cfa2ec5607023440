import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { array, zeros } from '../src/creation.ts';
import { ArgumentError, AxisError, DTypeError, ShapeError } from '../src/errors.ts';
import { gather, indexAdd, oneHot, scatterAddAlongAxis, takeAlongAxis } from '../src/indexing.ts';
import type { NDArray } from '../src/ndarray.ts';
import { prod, at, build, dot, expectSame, expectError } from './helpers.ts';

const RUNS = { numRuns: 150 };

// ---- independent reference helpers (plain JS, no code under test) ----

const wrap = (k: number, dim: number): number => (k < 0 ? k + dim : k);

// ---- arbitraries: ranks 0–4, dims 0–4, small integer values ----

const shapeArb = (minRank: number, maxRank: number, minDim = 0, maxDim = 4): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: minDim, max: maxDim }), { minLength: minRank, maxLength: maxRank });

const arrayOf = (shape: readonly number[], dtype: 'float32' | 'float64' = 'float64'): fc.Arbitrary<NDArray> =>
  fc.array(fc.integer({ min: -9, max: 9 }), { minLength: prod(shape), maxLength: prod(shape) }).map((v) => array(v, { shape, dtype }));

/** Index array of `shape` with values in `[-dim, dim)` (both signs, so wrapping is exercised). */
const indicesOf = (shape: readonly number[], dim: number): fc.Arbitrary<NDArray> =>
  fc
    // For dim 0 the callers make `shape` empty, so the placeholder range [0, 0] is never drawn from.
    .array(fc.integer({ min: -dim, max: Math.max(dim - 1, 0) }), { minLength: prod(shape), maxLength: prod(shape) })
    .map((v) => array(v, { shape, dtype: 'float32' }));

/** x (rank 1–4), an axis, and gather indices of rank 0–2 valid for x.shape[axis]. */
const gatherCase = shapeArb(1, 4).chain((xs) =>
  fc.tuple(fc.integer({ min: -xs.length, max: xs.length - 1 }), shapeArb(0, 2, 0, 3)).chain(([axis, idxShape]) => {
    const dim = xs[wrap(axis, xs.length)]!;
    const s = dim === 0 ? [0] : idxShape;
    return fc.tuple(arrayOf(xs, 'float32'), fc.constant(axis), indicesOf(s, dim));
  }),
);

/** x (rank 1–4), an axis, and along-axis indices (same dims off the axis, 0–4 along it). */
const alongCase = shapeArb(1, 4).chain((xs) =>
  fc.tuple(fc.integer({ min: -xs.length, max: xs.length - 1 }), fc.integer({ min: 0, max: 4 })).chain(([axis, n]) => {
    const a = wrap(axis, xs.length);
    const dim = xs[a]!;
    const idxShape = xs.map((d, i) => (i === a ? (dim === 0 ? 0 : n) : d));
    return fc.tuple(arrayOf(xs), fc.constant(axis), indicesOf(idxShape, dim));
  }),
);

function refGather(x: NDArray, idx: NDArray, axis: number): { shape: number[]; values: number[] } {
  const a = wrap(axis, x.rank);
  const r = idx.rank;
  const shape = [...x.shape.slice(0, a), ...idx.shape, ...x.shape.slice(a + 1)];
  const values = build(shape, (j) => {
    const k = wrap(at(idx, j.slice(a, a + r)), x.shape[a]!);
    return at(x, [...j.slice(0, a), k, ...j.slice(a + r)]);
  });
  return { shape, values };
}

// ---- gather / indexAdd ----

describe('gather', () => {
  test('matches a reference (NumPy take), NDArray indices of rank 0–2', () => {
    fc.assert(
      fc.property(gatherCase, ([x, axis, idx]) => {
        const ref = refGather(x, idx, axis);
        const out = gather(x, idx, axis);
        expectSame(out, ref.shape, ref.values);
        expect(out.dtype).toBe('float32');
      }),
      RUNS,
    );
  });

  test('flat ArrayLike indices are 1-D; default axis is 0; wide rows are copied whole', () => {
    const x = array([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expectSame(gather(x, [2, 0, -1]), [3, 2], [5, 6, 1, 2, 5, 6]);
    expectSame(gather(x, new Int32Array([1]), 1), [3, 1], [2, 4, 6]);
    expectSame(gather(x, array(1, { shape: [] })), [2], [3, 4]);
    const wide = array(
      Array.from({ length: 3 * 20 }, (_, i) => i),
      { shape: [3, 20] },
    );
    const g = gather(wide, [2, 2, 0]);
    expectSame(
      g,
      [3, 20],
      [
        ...Array.from({ length: 20 }, (_, i) => 40 + i),
        ...Array.from({ length: 20 }, (_, i) => 40 + i),
        ...Array.from({ length: 20 }, (_, i) => i),
      ],
    );
  });

  test('indexAdd is the adjoint of gather: <gather(x, i), y> = <x, indexAdd(x.shape, i, y)>', () => {
    fc.assert(
      fc.property(
        gatherCase.chain(([x, axis, idx]) =>
          fc.tuple(fc.constant(x.astype('float64')), fc.constant(axis), fc.constant(idx), arrayOf(refGather(x, idx, axis).shape)),
        ),
        ([x, axis, idx, y]) => {
          const back = indexAdd(x.shape, idx, axis, y);
          expect([...back.shape]).toEqual([...x.shape]);
          expect(back.dtype).toBe('float64');
          expect(dot(gather(x, idx, axis), y)).toBe(dot(x, back));
        },
      ),
      RUNS,
    );
  });

  test('indexAdd accumulates repeated indices', () => {
    expectSame(indexAdd([3], [0, 2, 0], 0, array([1, 2, 3])), [3], [4, 0, 2]);
    expectSame(
      indexAdd(
        [2, 2],
        [1, 1, -1],
        1,
        array([
          [1, 2, 3],
          [4, 5, 6],
        ]),
      ),
      [2, 2],
      [0, 6, 0, 15],
    );
  });

  test('errors', () => {
    const x = zeros([3, 2]);
    expectError(() => gather(x, [3]), ArgumentError, 'gather: index 3 out of range for axis 0 of size 3');
    expectError(() => gather(x, [0, -4]), ArgumentError, 'gather: index -4 out of range for axis 0 of size 3');
    expectError(() => gather(x, [0.5], 1), ArgumentError, 'gather: index 0.5 is not an integer (axis 1 of size 2)');
    expectError(() => gather(x, [NaN]), ArgumentError, 'gather: index NaN is not an integer (axis 0 of size 3)');
    expectError(() => gather(x, [0], 2), AxisError, 'gather: axis 2 out of range for rank 2');
    expectError(() => gather(zeros([]), [0]), AxisError, 'gather: axis 0 out of range for rank 0');
    expectError(() => gather(zeros([0]), [0]), ArgumentError, 'gather: index 0 out of range for axis 0 of size 0');
    expectError(
      () => indexAdd([3, 2], [0, 1], 0, zeros([3, 2])),
      ShapeError,
      'indexAdd: values shape [3,2] does not match [2,2] (shape [3,2], indices [2], axis 0)',
    );
    expectError(() => indexAdd([3, 2], [5], 0, zeros([1, 2])), ArgumentError, 'indexAdd: index 5 out of range for axis 0 of size 3');
    expectError(() => indexAdd([3, 2], [0], -3, zeros([1, 2])), AxisError, 'indexAdd: axis -3 out of range for rank 2');
    expectError(
      () => indexAdd([3, 1.5], [0], 0, zeros([1, 2])),
      ShapeError,
      'indexAdd: dimension 1 must be a non-negative integer, got 1.5 in [3,1.5]',
    );
  });
});

// ---- takeAlongAxis / scatterAddAlongAxis ----

describe('takeAlongAxis', () => {
  test('matches a reference: out[a…, j, b…] = x[a…, indices[a…, j, b…], b…]', () => {
    fc.assert(
      fc.property(alongCase, ([x, axis, idx]) => {
        const a = wrap(axis, x.rank);
        const values = build(idx.shape, (j) =>
          at(
            x,
            j.map((v, i) => (i === a ? wrap(at(idx, j), x.shape[a]!) : v)),
          ),
        );
        expectSame(takeAlongAxis(x, idx, axis), idx.shape, values);
      }),
      RUNS,
    );
  });

  test('scatterAddAlongAxis is its adjoint', () => {
    fc.assert(
      fc.property(
        alongCase.chain(([x, axis, idx]) => fc.tuple(fc.constant(x), fc.constant(axis), fc.constant(idx), arrayOf(idx.shape))),
        ([x, axis, idx, y]) => {
          const back = scatterAddAlongAxis(x.shape, idx, axis, y);
          expect([...back.shape]).toEqual([...x.shape]);
          expect(dot(takeAlongAxis(x, idx, axis), y)).toBe(dot(x, back));
        },
      ),
      RUNS,
    );
  });

  test('examples', () => {
    const x = array([
      [10, 11, 12],
      [20, 21, 22],
    ]);
    expectSame(takeAlongAxis(x, array([[2], [0]]), 1), [2, 1], [12, 20]);
    expectSame(takeAlongAxis(x, array([[1, 0, -1]]), 0), [1, 3], [20, 11, 22]);
    expectSame(
      scatterAddAlongAxis(
        [2, 3],
        array([
          [2, 2],
          [0, 1],
        ]),
        1,
        array([
          [1, 2],
          [3, 4],
        ]),
      ),
      [2, 3],
      [0, 0, 3, 3, 4, 0],
    );
  });

  test('errors', () => {
    const x = zeros([2, 3]);
    expectError(
      () => takeAlongAxis(x, zeros([3, 1]), 1),
      ShapeError,
      'takeAlongAxis: indices shape must equal the array shape except on axis 1: [3,1] vs [2,3]',
    );
    expectError(
      () => takeAlongAxis(x, zeros([2]), 1),
      ShapeError,
      'takeAlongAxis: indices shape must equal the array shape except on axis 1: [2] vs [2,3]',
    );
    expectError(() => takeAlongAxis(x, array([[3], [0]]), 1), ArgumentError, 'takeAlongAxis: index 3 out of range for axis 1 of size 3');
    expectError(
      () => takeAlongAxis(x, array([[0.25], [0]]), -1),
      ArgumentError,
      'takeAlongAxis: index 0.25 is not an integer (axis 1 of size 3)',
    );
    expectError(() => takeAlongAxis(x, zeros([2, 1]), 2), AxisError, 'takeAlongAxis: axis 2 out of range for rank 2');
    expectError(
      () => scatterAddAlongAxis([2, 3], zeros([2, 1]), 1, zeros([2, 2])),
      ShapeError,
      'scatterAddAlongAxis: values shape must equal indices shape: [2,2] vs [2,1]',
    );
    expectError(
      () => scatterAddAlongAxis([2, 3], zeros([1, 1]), 1, zeros([1, 1])),
      ShapeError,
      'scatterAddAlongAxis: indices shape must equal the array shape except on axis 1: [1,1] vs [2,3]',
    );
    expectError(
      () => scatterAddAlongAxis([2, 3], array([[-4], [0]]), 1, zeros([2, 1])),
      ArgumentError,
      'scatterAddAlongAxis: index -4 out of range for axis 1 of size 3',
    );
  });
});

// ---- oneHot ----

describe('oneHot', () => {
  test('matches a reference: shape indices.shape + [numClasses]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((c) =>
          shapeArb(0, 3).chain((s) =>
            fc.tuple(
              fc.constant(c),
              fc.array(fc.integer({ min: 0, max: c - 1 }), { minLength: prod(s), maxLength: prod(s) }).map((v) => array(v, { shape: s })),
            ),
          ),
        ),
        fc.constantFrom<'float32' | 'float64' | undefined>('float32', 'float64', undefined),
        ([c, idx], dtype) => {
          const out = oneHot(idx, c, dtype === undefined ? {} : { dtype });
          const shape = [...idx.shape, c];
          expectSame(
            out,
            shape,
            build(shape, (j) => (at(idx, j.slice(0, -1)) === j[j.length - 1] ? 1 : 0)),
          );
          expect(out.dtype).toBe(dtype ?? 'float32');
        },
      ),
      RUNS,
    );
  });

  test('flat indices and empty cases', () => {
    expectSame(oneHot([2, 0], 3), [2, 3], [0, 0, 1, 1, 0, 0]);
    expectSame(oneHot([], 0), [0, 0], []);
  });

  test('errors', () => {
    expectError(() => oneHot([3], 3), ArgumentError, 'oneHot: index 3 is not an integer in [0, 3) for 3 classes');
    expectError(() => oneHot([-1], 3), ArgumentError, 'oneHot: index -1 is not an integer in [0, 3) for 3 classes');
    expectError(() => oneHot([1.5], 3), ArgumentError, 'oneHot: index 1.5 is not an integer in [0, 3) for 3 classes');
    expectError(() => oneHot([0], 2.5), ArgumentError, 'oneHot: numClasses must be a non-negative integer, got 2.5');
    expectError(() => oneHot([0], -1), ArgumentError, 'oneHot: numClasses must be a non-negative integer, got -1');
    expectError(
      () => oneHot([0], 2, { dtype: 'int32' as 'float32' }),
      DTypeError,
      "oneHot: unsupported dtype 'int32' (valid: 'float32', 'float64')",
    );
  });
});
