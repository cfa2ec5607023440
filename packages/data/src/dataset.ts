import type { Tensor } from '@seedling-ml/autograd';
import type { NDArray } from '@seedling-ml/tensor';

/** The example tuple type of a dataset built from `A` (each entry becomes a Tensor). */
export type TensorTuple<A extends readonly unknown[]> = { -readonly [K in keyof A]: Tensor };

/**
 * A dataset of examples, each a tuple of tensors (e.g. `[features, label]`). `getBatch` is optional: a
 * DataLoader uses it when present (one copy per batch) and stacks `get(i)` results otherwise.
 */
export interface Dataset<T extends Tensor[] = Tensor[]> {
  /** Number of examples. */
  readonly length: number;
  /** Example `index` (0 ≤ index < length) as a tuple of tensors. */
  get(index: number): T;
  /** The examples at `indices`, stacked along a new first axis, one tensor per tuple position. */
  getBatch?(indices: ArrayLike<number>): T;
}

/** Features and labels as NDArrays, as the dataset loaders and generators return them. */
export interface SupervisedData {
  /** Features, shape `[n, ...]`. */
  readonly x: NDArray;
  /** Labels (class indices stored as floats), shape `[n]`. */
  readonly y: NDArray;
}
