import { checkOptions, is, textOf } from './check-options.ts';
import { takePooledArray } from './buffer-pool.ts';
import { DTypeError } from './errors.ts';

/** Element types Seedling stores. float32 is the default; float64 is for checking gradients and numerics. */
export type DType = 'float32' | 'float64';

/** The typed array backing an NDArray of either dtype. */
export type TypedArray = Float32Array | Float64Array;

/** The default dtype of creation functions. */
export const DEFAULT_DTYPE: DType = 'float32';

/** Throws DTypeError unless `dtype` is a supported DType. */
export function checkDType(op: string, dtype: unknown): DType {
  if (dtype === 'float32' || dtype === 'float64') return dtype;
  throw new DTypeError(op, textOf(dtype));
}

/** Allocates a zero-filled buffer of `size` elements of `dtype`. */
export function allocate(dtype: DType, size: number): TypedArray {
  // A disposed array's memory when one of this byte size waits (buffer-pool.ts): zeroing memory still in cache
  // costs less than the fresh pages of a new buffer.
  const pooled = takePooledArray(dtype, size);
  if (pooled !== null) return pooled.fill(0);
  return dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
}

/** The dtype a typed array stores. */
export function dtypeOfData(data: TypedArray): DType {
  return data instanceof Float64Array ? 'float64' : 'float32';
}

/** The dtype of a binary op's result: float64 if either side is float64 (no silent precision loss). */
export function resultDType(a: DType, b: DType): DType {
  return a === 'float64' || b === 'float64' ? 'float64' : 'float32';
}

/**
 * Checks an options object whose only key is `dtype` (creation and random functions) and returns the dtype,
 * `DEFAULT_DTYPE` when absent; unknown keys and non-objects throw naming `op`.
 */
export function dtypeOption(op: string, options: { dtype?: DType } | undefined): DType {
  return checkDType(op, checkOptions(op, options, { dtype: is.any }).dtype ?? DEFAULT_DTYPE);
}
