import type { Tensor } from '@seedling/autograd';
import type { NDArray } from '@seedling/tensor';

/**
 * A dataset of examples, each a tuple of tensors (e.g. `[features, label]`). `getBatch` is optional: a
 * DataLoader uses it when present (one copy per batch) and stacks `get(i)` results otherwise.
 */
export interface Dataset {
  /** Number of examples. */
  readonly length: number;
  /** Example `index` (0 ≤ index < length) as a tuple of tensors. */
  get(index: number): Tensor[];
  /** The examples at `indices`, stacked along a new first axis, one tensor per tuple position. */
  getBatch?(indices: ArrayLike<number>): Tensor[];
}

/** Features and labels as NDArrays, as the dataset loaders and generators return them. */
export interface SupervisedData {
  /** Features, shape `[n, ...]`. */
  readonly x: NDArray;
  /** Labels (class indices stored as floats), shape `[n]`. */
  readonly y: NDArray;
}
