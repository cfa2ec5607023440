import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { arange, array, eye, fromData, full, linspace, ones, onesLike, zeros, zerosLike } from '../src/creation.ts';
import { ArgumentError, DTypeError, ShapeError } from '../src/errors.ts';
import { prod, expectError } from './helpers.ts';

/** Nests a flat list into `shape`, written independently of the code under test. */
function nest(flat: number[], shape: readonly number[]): unknown {
  if (shape.length === 0) return flat[0];
  const [d, ...rest] = shape;
  const step = prod(rest);
  return Array.from({ length: d! }, (_, i) => nest(flat.slice(i * step, (i + 1) * step), rest));
}

describe('array', () => {
  test('nested input: shape inferred, values copied in row-major order, round-trips through toArray', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 4 })
          .chain((s) => fc.tuple(fc.constant(s), fc.array(fc.integer({ min: -99, max: 99 }), { minLength: prod(s), maxLength: prod(s) }))),
        ([shape, flat]) => {
          const nested = nest(flat, shape) as number[];
          const a = array(nested);
          expect([...a.shape]).toEqual(shape);
          expect(a.dtype).toBe('float32');
          expect(Array.from(a.data)).toEqual(flat);
          expect(a.toArray()).toEqual(nested);
        },
      ),
      { numRuns: 100 },
    );
  });

  test('flat and typed input with a shape; typed arrays keep their dtype and are copied', () => {
    expect(array([1, 2, 3, 4], { shape: [2, 2] }).toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    const src = Float64Array.from([1, 2]);
    const a = array(src);
    expect(a.dtype).toBe('float64');
    expect(a.data).not.toBe(src);
    expect(array(src, { dtype: 'float32' }).dtype).toBe('float32');
    expect(array(5).shape).toEqual([]);
    expect(array(5, { shape: [1, 1] }).toArray()).toEqual([[5]]);
    expect(array([]).shape).toEqual([0]);
    expect(array([[], []]).shape).toEqual([2, 0]);
  });

  test('float32 storage rounds each value once (Math.fround)', () => {
    expect(array([0.1, 1 / 3]).data[0]).toBe(Math.fround(0.1));
    expect(array([0.1, 1 / 3], { dtype: 'float64' }).data[1]).toBe(1 / 3);
  });

  test('errors name the op and the shapes', () => {
    expectError(() => array([[1, 2], [3]]), ShapeError, 'array: ragged nested array: expected length 2 at depth 1 for shape [2,2]');
    expectError(
      () => array([[1, 2], 3] as number[][]),
      ShapeError,
      'array: ragged nested array: expected length 2 at depth 1 for shape [2,2]',
    );
    expectError(() => array([1, 2, 3], { shape: [2, 2] }), ShapeError, 'array: 3 values do not fit shape [2,2] (size 4)');
    expectError(() => array([[1, 2]], { shape: [3] }), ShapeError, 'array: nested array of shape [1,2] does not fit shape [3]');
    expectError(() => array(1, { shape: [2] }), ShapeError, 'array: a single number cannot fill shape [2]');
    expectError(() => array([1, 2], { shape: [2, -1] }), ShapeError, 'array: dimension 1 must be a non-negative integer, got -1 in [2,-1]');
    expectError(() => array([1, 'x' as unknown as number]), ArgumentError, 'array: element 1 is not a number: x');
    expectError(
      () => array([1], { dtype: 'int8' as 'float32' }),
      DTypeError,
      "array: unsupported dtype 'int8' (valid: 'float32', 'float64')",
    );
  });
});

describe('full, zeros, ones and the *Like variants', () => {
  test('fill every element, with the requested dtype', () => {
    expect(full([2, 2], 7).toArray()).toEqual([
      [7, 7],
      [7, 7],
    ]);
    expect(zeros([3], { dtype: 'float64' }).data).toEqual(new Float64Array(3));
    expect(ones([0, 2]).shape).toEqual([0, 2]);
    expect(Array.from(ones([2]).data)).toEqual([1, 1]);
    const like = full([2, 1], 3, { dtype: 'float64' });
    expect(zerosLike(like).dtype).toBe('float64');
    expect(onesLike(like).toArray()).toEqual([[1], [1]]);
  });

  test('bad shapes and dtypes throw', () => {
    expectError(() => zeros([2, 0.5]), ShapeError, 'zeros: dimension 1 must be a non-negative integer, got 0.5 in [2,0.5]');
    expectError(() => ones([NaN]), ShapeError, 'ones: dimension 0 must be a non-negative integer, got NaN in [NaN]');
    expectError(
      () => full([1], 0, { dtype: 'int32' as 'float32' }),
      DTypeError,
      "full: unsupported dtype 'int32' (valid: 'float32', 'float64')",
    );
  });
});

describe('arange and linspace', () => {
  test('arange follows NumPy: [start, stop) by step, count ceil((stop - start) / step)', () => {
    expect(Array.from(arange(4).data)).toEqual([0, 1, 2, 3]);
    expect(Array.from(arange(0, 1, 0.25).data)).toEqual([0, 0.25, 0.5, 0.75]);
    expect(Array.from(arange(5, 0, -2).data)).toEqual([5, 3, 1]);
    expect(arange(3, 3).shape).toEqual([0]);
    expect(arange(3, 0).shape).toEqual([0]);
    expect(arange(2, undefined, 1, { dtype: 'float64' }).dtype).toBe('float64');
  });

  test('linspace includes both ends exactly', () => {
    expect(Array.from(linspace(0, 1, 5).data)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(Array.from(linspace(2, 3, 1).data)).toEqual([2]);
    expect(linspace(0, 1, 0).shape).toEqual([0]);
    const l = linspace(0, 0.3, 4, { dtype: 'float64' });
    expect(l.data[3]).toBe(0.3);
  });

  test('errors', () => {
    expectError(() => arange(0, 1, 0), ArgumentError, 'arange: start, stop and step must be finite and step non-zero, got 0, 1, 0');
    expectError(() => arange(NaN), ArgumentError, 'arange: start, stop and step must be finite and step non-zero, got 0, NaN, 1');
    expectError(
      () => arange(0, Infinity),
      ArgumentError,
      'arange: start, stop and step must be finite and step non-zero, got 0, Infinity, 1',
    );
    expectError(() => linspace(0, 1, 2.5), ArgumentError, 'linspace: num must be a non-negative integer, got 2.5');
    expectError(() => linspace(0, 1, -1), ArgumentError, 'linspace: num must be a non-negative integer, got -1');
    expectError(() => linspace(0, NaN, 3), ArgumentError, 'linspace: start and stop must be finite, got 0, NaN');
  });
});

describe('eye', () => {
  test('ones on diagonal k, zeros elsewhere', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: -5, max: 5 }), (n, m, k) => {
        const e = eye(n, m, k);
        expect(e.shape).toEqual([n, m]);
        for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) expect(e.data[i * m + j]).toBe(j - i === k ? 1 : 0);
      }),
      { numRuns: 60 },
    );
    expect(eye(2).toArray()).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  test('errors', () => {
    expectError(() => eye(-1), ShapeError, 'eye: dimension 0 must be a non-negative integer, got -1 in [-1,-1]');
    expectError(() => eye(2, 2.5), ShapeError, 'eye: dimension 1 must be a non-negative integer, got 2.5 in [2,2.5]');
    expectError(() => eye(2, 2, 0.5), ArgumentError, 'eye: diagonal offset k must be an integer, got 0.5');
  });
});

describe('fromData', () => {
  test('wraps without copying and validates like the constructor', () => {
    const d = new Float32Array(4);
    expect(fromData(d, [2, 2]).data).toBe(d);
    expectError(() => fromData(d, [3]), ShapeError, 'NDArray: data length 4 does not match shape [3] (size 3)');
  });
});
