/**
 * Internal copy kernels shared by the shape ops: move contiguous runs of elements between two
 * buffers over a strided outer grid. Not part of the public API.
 */
import type { TypedArray } from './dtype.ts';
import { stridesOf } from './shape.ts';

// NOTE: below this run length a plain loop beats `subarray` + `set` (which allocate a view each call).
const SET_MIN_RUN = 16;

/**
 * Copies, for every index tuple `t` of the outer grid `shape`, the `block` contiguous elements at
 * `src[srcOffset + Σ t·srcStrides]` to `dst[dstOffset + Σ t·dstStrides]`. Strides may be negative.
 * Mixed dtypes convert on assignment (float32 → float64 exactly).
 */
export function stridedCopy(
  src: TypedArray,
  srcOffset: number,
  srcStrides: readonly number[],
  dst: TypedArray,
  dstOffset: number,
  dstStrides: readonly number[],
  shape: readonly number[],
  block: number,
): void {
  const n = shape.length;
  for (let i = 0; i < n; i++) if (shape[i] === 0) return;
  if (block === 0) return;
  if (n === 0) {
    copyRun(src, srcOffset, dst, dstOffset, block);
    return;
  }
  const last = shape[n - 1]!;
  const ss = srcStrides[n - 1]!;
  const ds = dstStrides[n - 1]!;
  const counter = new Int32Array(n); // odometer over axes 0..n-2; entry n-1 unused
  let so = srcOffset;
  let dOff = dstOffset;
  for (;;) {
    if (block === 1) {
      for (let j = 0, s = so, d = dOff; j < last; j++, s += ss, d += ds) dst[d] = src[s]!;
    } else {
      for (let j = 0, s = so, d = dOff; j < last; j++, s += ss, d += ds) copyRun(src, s, dst, d, block);
    }
    let k = n - 2;
    for (; k >= 0; k--) {
      so += srcStrides[k]!;
      dOff += dstStrides[k]!;
      if (++counter[k]! < shape[k]!) break;
      so -= srcStrides[k]! * shape[k]!;
      dOff -= dstStrides[k]! * shape[k]!;
      counter[k] = 0;
    }
    if (k < 0) return;
  }
}

function copyRun(src: TypedArray, s: number, dst: TypedArray, d: number, len: number): void {
  if (len >= SET_MIN_RUN) {
    dst.set(src.subarray(s, s + len), d);
  } else {
    for (let t = 0; t < len; t++) dst[d + t] = src[s + t]!;
  }
}

/** How a strided rectangular region of a large row-major array maps onto a small contiguous one. */
export interface RegionPlan {
  /** Offset of the region's first element in the large array. */
  readonly offset: number;
  /** Outer grid (the region's leading axes that could not be folded into `block`). */
  readonly shape: readonly number[];
  /** Large-array strides of the outer grid (axis stride × step). */
  readonly bigStrides: readonly number[];
  /** Small-array (contiguous) strides of the outer grid. */
  readonly smallStrides: readonly number[];
  /** Length of each contiguous run. */
  readonly block: number;
}

/**
 * Plans the region `{ starts[i] + k·steps[i] : 0 ≤ k < lens[i] }` of a row-major array of `bigShape`.
 * Trailing whole axes, plus one more trailing unit-step axis, fold into one contiguous run so that
 * the copy moves blocks rather than single elements. Callers must skip empty regions.
 */
export function planRegion(
  bigShape: readonly number[],
  starts: readonly number[],
  steps: readonly number[],
  lens: readonly number[],
): RegionPlan {
  const bigStrides = stridesOf(bigShape);
  let offset = 0;
  for (let i = 0; i < bigShape.length; i++) offset += starts[i]! * bigStrides[i]!;
  let j = bigShape.length - 1;
  let block = 1;
  while (j >= 0 && steps[j] === 1 && lens[j] === bigShape[j]) block *= lens[j--]!;
  if (j >= 0 && steps[j] === 1) block *= lens[j--]!;
  const outer = j + 1;
  const shape = lens.slice(0, outer);
  const big = new Array<number>(outer);
  const small = new Array<number>(outer);
  let s = block;
  for (let i = outer - 1; i >= 0; i--) {
    big[i] = steps[i]! * bigStrides[i]!;
    small[i] = s;
    s *= lens[i]!;
  }
  return { offset, shape, bigStrides: big, smallStrides: small, block };
}
