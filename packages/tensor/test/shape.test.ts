/** The shared helpers: shape checks, axis normalization, broadcasting of shapes, dtypes and error classes. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { allocate, checkDType, dtypeOfData, resultDType } from '../src/dtype.ts';
import { ArgumentError, AxisError, DTypeError, ShapeError, TensorError, formatShape } from '../src/errors.ts';
import { broadcastShapes, checkShape, normalizeAxes, normalizeAxis, shapesEqual, sizeOf, stridesOf } from '../src/shape.ts';

function caught(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('error classes', () => {
  test('message is `<op>: <detail>`, name is the class, structured fields are kept', () => {
    const s = new ShapeError('matmul', 'inner dimensions differ: [2,3] @ [4,5]', [
      [2, 3],
      [4, 5],
    ]);
    expect(s).toBeInstanceOf(TensorError);
    expect(s).toBeInstanceOf(Error);
    expect([s.name, s.op, s.message]).toEqual(['ShapeError', 'matmul', 'matmul: inner dimensions differ: [2,3] @ [4,5]']);
    expect(s.shapes).toEqual([
      [2, 3],
      [4, 5],
    ]);
    const a = new AxisError('sum', 3, 2);
    expect([a.name, a.message, a.axis, a.rank]).toEqual(['AxisError', 'sum: axis 3 out of range for rank 2', 3, 2]);
    const d = new DTypeError('array', 'int8');
    expect([d.name, d.message, d.dtype]).toEqual(['DTypeError', "array: unsupported dtype 'int8' (valid: 'float32', 'float64')", 'int8']);
    expect(new ArgumentError('clip', 'bad').name).toBe('ArgumentError');
  });

  test('formatShape prints [2,3] and [] for a scalar', () => {
    expect(formatShape([2, 3])).toBe('[2,3]');
    expect(formatShape([])).toBe('[]');
  });
});

describe('shape helpers', () => {
  test('checkShape accepts non-negative integers and returns a frozen copy', () => {
    const src = [2, 0, 3];
    const s = checkShape('op', src);
    expect(s).toEqual([2, 0, 3]);
    expect(s).not.toBe(src);
    expect(Object.isFrozen(s)).toBe(true);
    for (const bad of [-1, 1.5, NaN, Infinity, 2 ** 53]) {
      const e = caught(() => checkShape('op', [1, bad]));
      expect(e).toBeInstanceOf(ShapeError);
      expect(e.message).toBe(`op: dimension 1 must be a non-negative integer, got ${String(bad)} in [1,${String(bad)}]`);
    }
  });

  test('sizeOf and stridesOf', () => {
    expect(sizeOf([])).toBe(1);
    expect(sizeOf([2, 0, 3])).toBe(0);
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1]);
    expect(stridesOf([])).toEqual([]);
  });

  test('normalizeAxis maps [-rank, rank) and refuses the rest', () => {
    expect(normalizeAxis('op', -1, 3)).toBe(2);
    expect(normalizeAxis('op', 0, 3)).toBe(0);
    for (const bad of [3, -4, 0.5, NaN]) {
      const e = caught(() => normalizeAxis('sum', bad, 3));
      expect(e).toBeInstanceOf(AxisError);
      expect(e.message).toBe(`sum: axis ${bad} out of range for rank 3`);
    }
  });

  test('normalizeAxes: undefined = all, sorted, duplicates (also via negatives) throw', () => {
    expect(normalizeAxes('op', undefined, 3)).toEqual([0, 1, 2]);
    expect(normalizeAxes('op', [-1, 0], 3)).toEqual([0, 2]);
    expect(normalizeAxes('op', [], 3)).toEqual([]);
    const e = caught(() => normalizeAxes('mean', [2, -1], 3));
    expect(e).toBeInstanceOf(AxisError);
    expect(e.message).toBe('mean: axis -1 repeated in [2,-1]');
  });

  test('broadcastShapes matches the NumPy rule checked dim by dim (reference written here)', () => {
    const shape = fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 4 });
    fc.assert(
      fc.property(shape, shape, (a, b) => {
        const rank = Math.max(a.length, b.length);
        const pa = [...Array<number>(rank - a.length).fill(1), ...a];
        const pb = [...Array<number>(rank - b.length).fill(1), ...b];
        const ok = pa.every((d, i) => d === pb[i] || d === 1 || pb[i] === 1);
        if (ok) {
          expect(broadcastShapes('add', a, b)).toEqual(pa.map((d, i) => (d === 1 ? pb[i] : d)));
        } else {
          const e = caught(() => broadcastShapes('add', a, b));
          expect(e).toBeInstanceOf(ShapeError);
          expect(e.message).toBe(`add: shapes cannot be broadcast: ${formatShape(a)} and ${formatShape(b)}`);
          expect((e as ShapeError).shapes).toEqual([a, b]);
        }
      }),
      { numRuns: 200 },
    );
  });

  test('shapesEqual', () => {
    expect(shapesEqual([2, 3], [2, 3])).toBe(true);
    expect(shapesEqual([2, 3], [3, 2])).toBe(false);
    expect(shapesEqual([], [1])).toBe(false);
  });
});

describe('dtype helpers', () => {
  test('checkDType, allocate, dtypeOfData, resultDType', () => {
    expect(checkDType('op', 'float64')).toBe('float64');
    const e = caught(() => checkDType('zeros', 'float16'));
    expect(e).toBeInstanceOf(DTypeError);
    expect(e.message).toBe("zeros: unsupported dtype 'float16' (valid: 'float32', 'float64')");
    expect(allocate('float64', 3)).toEqual(new Float64Array(3));
    expect(allocate('float32', 2)).toBeInstanceOf(Float32Array);
    expect(dtypeOfData(new Float64Array(1))).toBe('float64');
    expect(dtypeOfData(new Float32Array(1))).toBe('float32');
    expect([resultDType('float32', 'float32'), resultDType('float32', 'float64'), resultDType('float64', 'float32')]).toEqual([
      'float32',
      'float64',
      'float64',
    ]);
  });
});
