/**
 * In-place gradient accumulation, so `+=` into a gradient the engine owns allocates nothing.
 */
import { DisposedError, type NDArray, bumpVersion } from '@seedling-ml/tensor';

/** `target += source` element by element; both must have the same size and dtype (the engine ensures it). */
export function addInPlace(target: NDArray, source: NDArray): void {
  // A .grad whose array the user disposed: writing into its empty storage would drop the gradient silently.
  if (target.isDisposed) throw new DisposedError('backward', 'the gradient accumulated into', target.shape);
  const t = target.data;
  const s = source.data;
  const n = t.length;
  for (let i = 0; i < n; i++) t[i]! += s[i]!;
  bumpVersion(target);
}

/** True when `a` and `b` may share storage (same underlying buffer). */
export function sharesStorage(a: NDArray, b: NDArray): boolean {
  return a.data.buffer === b.data.buffer;
}
