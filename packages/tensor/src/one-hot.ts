/** `oneHot`: class indices to one-hot rows. */
import { textOf } from './describe-value.ts';
import { type DType, allocate, dtypeOption } from './dtype.ts';
import { ArgumentError } from './errors.ts';
import { indexShape } from './index-check.ts';
import { NDArray } from './ndarray.ts';

/** Options of `oneHot`. */
export interface OneHotOptions {
  /** Element type of the result; default 'float32'. */
  dtype?: DType;
}

/**
 * One-hot encodes class indices: shape `indices.shape + [numClasses]`, with
 * `out[j…, c] = 1` if `indices[j…] = c` else 0. Indices must be integers in `[0, numClasses)`
 * (no negative wrapping, as in PyTorch's `one_hot`). A flat `ArrayLike` is 1-D.
 *
 * @throws ArgumentError for a bad `numClasses` or an index that is not an integer in range.
 * @example
 * oneHot([2, 0], 3).toArray(); // [[0, 0, 1], [1, 0, 0]]
 */
export function oneHot(indices: NDArray | ArrayLike<number>, numClasses: number, options: OneHotOptions = {}): NDArray {
  if (!Number.isSafeInteger(numClasses) || numClasses < 0) {
    throw new ArgumentError('oneHot', `numClasses must be a non-negative integer, got ${textOf(numClasses)}`);
  }
  const dtype = dtypeOption('oneHot', options);
  const { data, shape } = indexShape(indices, 'oneHot');
  const n = data.length;
  const out = allocate(dtype, n * numClasses);
  for (let i = 0; i < n; i++) {
    const k = data[i]!;
    if (!Number.isInteger(k) || k < 0 || k >= numClasses) {
      throw new ArgumentError('oneHot', `index ${textOf(k)} is not an integer in [0, ${numClasses}) for ${numClasses} classes`);
    }
    out[i * numClasses + k] = 1;
  }
  return new NDArray(out, [...shape, numClasses]);
}
