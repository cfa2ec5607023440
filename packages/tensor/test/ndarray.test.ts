import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ArgumentError, DTypeError, ShapeError } from '../src/errors.ts';
import { NDArray, isNDArray } from '../src/ndarray.ts';
import { prod, expectError } from './helpers.ts';

const shapeArb = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 });

describe('NDArray construction', () => {
  test('wraps the buffer without copying; size, rank, dtype and row-major strides follow the shape', () => {
    fc.assert(
      fc.property(shapeArb, fc.boolean(), (shape, f64) => {
        const n = prod(shape);
        const data = f64 ? new Float64Array(n) : new Float32Array(n);
        const x = new NDArray(data, shape);
        expect(x.data).toBe(data);
        expect(x.size).toBe(n);
        expect(x.rank).toBe(shape.length);
        expect(x.dtype).toBe(f64 ? 'float64' : 'float32');
        // Stride of axis i is the product of the dims after it (computed here from the definition).
        expect([...x.strides]).toEqual(shape.map((_, i) => prod(shape.slice(i + 1))));
        expect([...x.shape]).toEqual(shape);
        expect(Object.isFrozen(x.shape)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  test('the shape is copied: mutating the caller’s array later changes nothing', () => {
    const shape = [2, 3];
    const x = new NDArray(new Float32Array(6), shape);
    shape[0] = 7;
    expect(x.shape).toEqual([2, 3]);
  });

  test('non-integer, negative, NaN and infinite dims throw ShapeError naming the dim and the shape', () => {
    const data = new Float32Array(6);
    expectError(() => new NDArray(data, [2, 1.5]), ShapeError, 'NDArray: dimension 1 must be a non-negative integer, got 1.5 in [2,1.5]');
    expectError(() => new NDArray(data, [-2, -3]), ShapeError, 'NDArray: dimension 0 must be a non-negative integer, got -2 in [-2,-3]');
    expectError(() => new NDArray(data, [NaN, 6]), ShapeError, 'NDArray: dimension 0 must be a non-negative integer, got NaN in [NaN,6]');
    expectError(
      () => new NDArray(data, [Infinity]),
      ShapeError,
      'NDArray: dimension 0 must be a non-negative integer, got Infinity in [Infinity]',
    );
  });

  test('a data length that does not match the shape throws ShapeError naming both', () => {
    const err = expectError(
      () => new NDArray(new Float32Array(5), [2, 3]),
      ShapeError,
      'NDArray: data length 5 does not match shape [2,3] (size 6)',
    );
    expect((err as ShapeError).shapes).toEqual([[2, 3]]);
    expectError(() => new NDArray(new Float64Array(0), []), ShapeError, 'NDArray: data length 0 does not match shape [] (size 1)');
  });

  test('storage other than Float32Array/Float64Array throws DTypeError; a non-array shape throws ShapeError', () => {
    const asData = (x: unknown) => x as Float32Array;
    const err = expectError(
      () => new NDArray(asData(new Int32Array(2)), [2]),
      DTypeError,
      'NDArray: data must be a Float32Array or Float64Array, got Int32Array',
    );
    expect((err as DTypeError).dtype).toBe('Int32Array');
    expectError(() => new NDArray(asData([1, 2]), [2]), DTypeError, 'NDArray: data must be a Float32Array or Float64Array, got Array');
    expectError(() => new NDArray(asData(null), [2]), DTypeError, 'NDArray: data must be a Float32Array or Float64Array, got null');
    expectError(
      () => new NDArray(new Float32Array(1), 1 as unknown as number[]),
      ShapeError,
      'NDArray: shape must be an array of dims, got number',
    );
  });

  test('isNDArray', () => {
    expect(isNDArray(new NDArray(new Float32Array(1), []))).toBe(true);
    expect(isNDArray(new Float32Array(1))).toBe(false);
    expect(isNDArray(null)).toBe(false);
  });
});

describe('NDArray reading', () => {
  const x = new NDArray(Float64Array.from([0, 1, 2, 3, 4, 5]), [2, 3]);

  test('toArray nests row-major; a scalar gives a number; empty axes give empty lists', () => {
    expect(x.toArray()).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect(new NDArray(Float32Array.from([7]), []).toArray()).toBe(7);
    expect(new NDArray(new Float32Array(0), [2, 0]).toArray()).toEqual([[], []]);
  });

  test('get reads a full index, negative indices count from the end', () => {
    expect(x.get(1, 2)).toBe(5);
    expect(x.get(-1, -3)).toBe(3);
    expect(x.get(0, 1)).toBe(1);
  });

  test('get errors name the index, the axis and the shape', () => {
    expectError(() => x.get(0), ArgumentError, 'get: expected 2 indices for shape [2,3], got 1');
    expectError(() => x.get(2, 0), ArgumentError, 'get: index 2 out of range for axis 0 of size 2 in [2,3]');
    expectError(() => x.get(0, -4), ArgumentError, 'get: index -4 out of range for axis 1 of size 3 in [2,3]');
    expectError(() => x.get(0, 0.5), ArgumentError, 'get: index 0.5 out of range for axis 1 of size 3 in [2,3]');
  });

  test('item needs exactly one element', () => {
    expect(new NDArray(Float32Array.from([4]), [1, 1]).item()).toBe(4);
    expectError(() => x.item(), ShapeError, 'item: only a size-1 array converts to a number, got shape [2,3]');
  });

  test('clone copies the buffer', () => {
    const c = x.clone();
    expect(c.data).not.toBe(x.data);
    c.data[0] = 99;
    expect(x.data[0]).toBe(0);
    expect(c.shape).toEqual([2, 3]);
  });

  test('toString prints the values as PyTorch would (format.test.ts covers the rules)', () => {
    expect(String(x)).toBe('array([[0., 1., 2.],\n       [3., 4., 5.]], dtype=float64)');
  });
});

describe('astype', () => {
  test('float32 → float64 is exact and float64 → float32 rounds to nearest (Math.fround); always a copy', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, min: -1e30, max: 1e30 }), { maxLength: 12 }), (values) => {
        const x64 = new NDArray(Float64Array.from(values), [values.length]);
        const x32 = x64.astype('float32');
        expect(x32.dtype).toBe('float32');
        expect(Array.from(x32.data)).toEqual(values.map((v) => Math.fround(v)));
        const back = x32.astype('float64');
        expect(back.dtype).toBe('float64');
        expect(Array.from(back.data)).toEqual(values.map((v) => Math.fround(v)));
        const same = x64.astype('float64');
        expect(same.data).not.toBe(x64.data);
        expect(Array.from(same.data)).toEqual(values);
      }),
      { numRuns: 100 },
    );
  });

  test('keeps the shape, NaN and infinities', () => {
    const x = new NDArray(Float64Array.from([NaN, Infinity, -Infinity, 1e300]), [2, 2]);
    const y = x.astype('float32');
    expect(y.shape).toEqual([2, 2]);
    expect(Array.from(y.data)).toEqual([NaN, Infinity, -Infinity, Infinity]);
  });

  test('an unsupported dtype throws DTypeError listing the valid ones', () => {
    const x = new NDArray(new Float32Array(2), [2]);
    const err = expectError(
      () => x.astype('int32' as 'float32'),
      DTypeError,
      "astype: unsupported dtype 'int32' (valid: 'float32', 'float64')",
    );
    expect((err as DTypeError).dtype).toBe('int32');
  });
});
