/**
 * Version counters of array storage, as PyTorch's `tensor._version`: every in-place write to an array's
 * buffer (an optimizer step, `loadStateDict`, LSUV, re-initialisation) bumps its version, and autograd
 * saves the versions of an op's inputs at forward time, so a backward whose saved input was overwritten
 * throws instead of returning gradients computed from the new values.
 *
 * The counter belongs to the `ArrayBuffer`, not to one NDArray, so views that share storage (`reshape`,
 * `squeeze`, `subarray`) share one counter, as views do in PyTorch. A buffer never written in place has
 * version 0 and costs no memory (a WeakMap entry appears on the first bump).
 */
import type { TypedArray } from './dtype.ts';
import type { NDArray } from './ndarray.ts';

const versions = new WeakMap<ArrayBufferLike, number>();

function bufferOf(x: NDArray | TypedArray): ArrayBufferLike {
  return ArrayBuffer.isView(x) ? x.buffer : x.data.buffer;
}

/**
 * How many in-place writes were announced (with `bumpVersion`) for the storage of `x`; 0 when none.
 * @example const a = zeros([2]); versionOf(a); // 0
 */
export function versionOf(x: NDArray | TypedArray): number {
  return versions.get(bufferOf(x)) ?? 0;
}

/**
 * Announces an in-place write to the storage of `x` (call it after writing `x.data` directly). Returns
 * the new version.
 * @example const a = zeros([2]); a.data[0] = 1; bumpVersion(a); // 1
 */
export function bumpVersion(x: NDArray | TypedArray): number {
  const buffer = bufferOf(x);
  const v = (versions.get(buffer) ?? 0) + 1;
  versions.set(buffer, v);
  return v;
}
