import { textOf } from './describe-value.ts';
import { type DType, type TypedArray, DEFAULT_DTYPE, allocate, checkDType, dtypeOfData, dtypeOption } from './dtype.ts';
import { checkElementLimit } from './limits.ts';
import { checkArg, checkOptions, describeValue, is } from './check-options.ts';
import { ArgumentError, ShapeError, formatShape } from './errors.ts';
import { NDArray, checkNDArray, type NestedArray } from './ndarray.ts';
import { checkShape, sizeOf } from './shape.ts';

/** Options of creation functions. */
export interface CreationOptions {
  /** Element type; default 'float32' (a typed-array input keeps its own dtype unless this is given). */
  dtype?: DType;
}

/** Options of `array`. */
export interface ArrayOptions extends CreationOptions {
  /** Shape for flat input; inferred from nesting otherwise (and checked against it when both are given). */
  shape?: readonly number[];
}

function inferShape(values: NestedArray): number[] {
  const shape: number[] = [];
  let v: NestedArray = values;
  while (Array.isArray(v)) {
    shape.push(v.length);
    if (v.length === 0) break;
    v = v[0]!;
  }
  return shape;
}

function flattenInto(values: NestedArray, shape: readonly number[], axis: number, out: TypedArray, pos: { i: number }): void {
  if (axis === shape.length) {
    if (typeof values !== 'number')
      throw new ShapeError('array', `ragged nested array: expected a number at depth ${axis} for shape ${formatShape(shape)}`, [shape]);
    out[pos.i++] = values;
    return;
  }
  if (!Array.isArray(values) || values.length !== shape[axis]) {
    throw new ShapeError('array', `ragged nested array: expected length ${shape[axis]} at depth ${axis} for shape ${formatShape(shape)}`, [
      shape,
    ]);
  }
  for (const v of values) flattenInto(v, shape, axis + 1, out, pos);
}

/**
 * Creates an NDArray from nested arrays, a flat array or typed array (with `shape`), or a number.
 * Values are copied.
 *
 * @example
 * array([[1, 2], [3, 4]]).shape;                      // [2, 2]
 * array([1, 2, 3, 4], { shape: [2, 2], dtype: 'float64' }).dtype; // 'float64'
 */
export function array(values: NestedArray | ArrayLike<number> | TypedArray, options: ArrayOptions = {}): NDArray {
  // dtype and shape values are checked below by checkDType and checkShape (DTypeError, ShapeError).
  checkOptions('array', options, { dtype: is.any, shape: is.any });
  const rawValues: unknown = values;
  if (
    typeof rawValues !== 'number' &&
    (typeof rawValues !== 'object' || rawValues === null || typeof (rawValues as { length?: unknown }).length !== 'number')
  ) {
    throw new ArgumentError('array', `values must be a number, an array or a typed array, got ${describeValue(rawValues)}`);
  }
  const isTyped = values instanceof Float32Array || values instanceof Float64Array;
  const dtype = checkDType('array', options.dtype ?? (isTyped ? dtypeOfData(values) : DEFAULT_DTYPE));
  if (typeof values === 'number') {
    const shape = checkShape('array', options.shape ?? []);
    if (sizeOf(shape) !== 1) throw new ShapeError('array', `a single number cannot fill shape ${formatShape(shape)}`, [shape]);
    const out = allocate(dtype, 1);
    out[0] = values;
    return new NDArray(out, shape);
  }
  const nested = !isTyped && Array.isArray(values) && values.some((v) => Array.isArray(v));
  if (!nested) {
    const flat = values as ArrayLike<number>;
    const shape = checkShape('array', options.shape ?? [flat.length]);
    if (sizeOf(shape) !== flat.length) {
      throw new ShapeError('array', `${flat.length} values do not fit shape ${formatShape(shape)} (size ${sizeOf(shape)})`, [shape]);
    }
    const out = allocate(dtype, flat.length);
    for (let i = 0; i < flat.length; i++) {
      const v = flat[i];
      if (typeof v !== 'number') throw new ArgumentError('array', `element ${i} is not a number: ${textOf(v)}`);
      out[i] = v;
    }
    return new NDArray(out, shape);
  }
  const inferred = inferShape(values as NestedArray);
  const out = allocate(dtype, sizeOf(inferred));
  flattenInto(values as NestedArray, inferred, 0, out, { i: 0 });
  if (options.shape !== undefined) {
    const shape = checkShape('array', options.shape);
    if (sizeOf(shape) !== out.length) {
      throw new ShapeError('array', `nested array of shape ${formatShape(inferred)} does not fit shape ${formatShape(shape)}`, [
        inferred,
        shape,
      ]);
    }
    return new NDArray(out, shape);
  }
  return new NDArray(out, inferred);
}

/** An array of `shape` filled with `value`. */
export function full(shape: readonly number[], value: number, options: CreationOptions = {}): NDArray {
  return filled('full', shape, checkArg('full', 'value', value, is.number), options);
}

function filled(op: string, shape: readonly number[], value: number, options: CreationOptions): NDArray {
  const s = checkShape(op, shape);
  const out = allocate(dtypeOption(op, options), sizeOf(s));
  if (value !== 0) out.fill(value);
  return new NDArray(out, s);
}

/** An array of zeros. Shapes are one array: `zeros([2, 3])` (a bare `zeros(2, 3)` throws, naming zeros). */
export function zeros(shape: readonly number[], options: CreationOptions = {}): NDArray {
  return filled('zeros', shape, 0, options);
}

/** An array of ones. Shapes are one array: `ones([2, 3])`. */
export function ones(shape: readonly number[], options: CreationOptions = {}): NDArray {
  return filled('ones', shape, 1, options);
}

/** Zeros with the shape and dtype of `like`. */
export function zerosLike(like: NDArray): NDArray {
  checkNDArray('zerosLike', 'like', like);
  return full(like.shape, 0, { dtype: like.dtype });
}

/** Ones with the shape and dtype of `like`. */
export function onesLike(like: NDArray): NDArray {
  checkNDArray('onesLike', 'like', like);
  return full(like.shape, 1, { dtype: like.dtype });
}

/**
 * Evenly spaced values in `[start, stop)` with `step` (NumPy's `arange`); `arange(n)` is `0 … n-1`.
 *
 * @example
 * arange(0, 1, 0.25).toArray(); // [0, 0.25, 0.5, 0.75]
 */
export function arange(start: number, stop?: number, step = 1, options: CreationOptions = {}): NDArray {
  let lo = start;
  let hi = stop;
  if (hi === undefined) {
    hi = lo;
    lo = 0;
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !Number.isFinite(step) || step === 0) {
    throw new ArgumentError(
      'arange',
      `start, stop and step must be finite and step non-zero, got ${textOf(lo)}, ${textOf(hi)}, ${textOf(step)}`,
    );
  }
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  checkElementLimit('arange', [n]);
  const out = allocate(dtypeOption('arange', options), n);
  for (let i = 0; i < n; i++) out[i] = lo + i * step;
  return new NDArray(out, [n]);
}

/**
 * `num` evenly spaced values from `start` to `stop` inclusive.
 *
 * @example
 * linspace(0, 1, 5).toArray(); // [0, 0.25, 0.5, 0.75, 1]
 */
export function linspace(start: number, stop: number, num: number, options: CreationOptions = {}): NDArray {
  if (!Number.isSafeInteger(num) || num < 0) throw new ArgumentError('linspace', `num must be a non-negative integer, got ${textOf(num)}`);
  if (!Number.isFinite(start) || !Number.isFinite(stop))
    throw new ArgumentError('linspace', `start and stop must be finite, got ${textOf(start)}, ${textOf(stop)}`);
  checkElementLimit('linspace', [num]);
  const out = allocate(dtypeOption('linspace', options), num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) out[i] = start + i * step;
  if (num > 1) out[num - 1] = stop;
  return new NDArray(out, [num]);
}

/**
 * A 2-D array with ones on the diagonal `k` (0 = main, positive above) and zeros elsewhere.
 *
 * @example
 * eye(2).toArray(); // [[1, 0], [0, 1]]
 */
export function eye(n: number, m: number = n, k = 0, options: CreationOptions = {}): NDArray {
  const s = checkShape('eye', [n, m]);
  if (!Number.isInteger(k)) throw new ArgumentError('eye', `diagonal offset k must be an integer, got ${textOf(k)}`);
  const out = allocate(dtypeOption('eye', options), n * m);
  for (let i = 0; i < n; i++) {
    const j = i + k;
    if (j >= 0 && j < m) out[i * m + j] = 1;
  }
  return new NDArray(out, s);
}

/** Wraps a fresh buffer as an NDArray without validation beyond the constructor's: for kernels. */
export function fromData(data: TypedArray, shape: readonly number[]): NDArray {
  return new NDArray(data, shape);
}
