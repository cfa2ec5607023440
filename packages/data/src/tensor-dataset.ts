import { Tensor, tensor } from '@seedling-ml/autograd';
import { NDArray, formatShape, isNDArray } from '@seedling-ml/tensor';
import type { Dataset, TensorTuple } from './dataset.ts';
import { DataError } from './errors.ts';
import { takeRows } from './rows.ts';

/**
 * A dataset over tensors that share their first dimension (PyTorch's `TensorDataset`): example i is
 * `[t₀[i], t₁[i], …]`. NDArrays are accepted and wrapped (not copied); examples and batches are copies.
 *
 * @example
 * const ds = new TensorDataset(array([[1, 2], [3, 4], [5, 6]]), array([0, 1, 0]));
 * ds.length;                 // 3
 * ds.get(1).map((t) => t.toArray()); // [[3, 4], 1]
 */
export class TensorDataset<A extends (Tensor | NDArray)[] = Tensor[]> implements Dataset<TensorTuple<A>> {
  /** The wrapped tensors, in tuple order. */
  readonly tensors: readonly Tensor[];
  /** Number of examples (the shared first dimension). */
  readonly length: number;

  constructor(...tensors: A) {
    if (tensors.length === 0) throw new DataError('TensorDataset', 'needs at least one tensor');
    this.tensors = tensors.map((t, i) => {
      if (t instanceof Tensor) return t;
      if (isNDArray(t)) return tensor(t);
      throw new DataError('TensorDataset', `argument ${i} is not a Tensor or NDArray`);
    });
    const shapes = this.tensors.map((t) => t.shape);
    if (shapes.some((s) => s.length === 0))
      throw new DataError('TensorDataset', `every tensor needs a first (example) axis, got shapes ${shapes.map(formatShape).join(', ')}`);
    const n = shapes[0]![0]!;
    if (shapes.some((s) => s[0] !== n)) {
      throw new DataError('TensorDataset', `tensors differ in their first dimension: ${shapes.map(formatShape).join(', ')}`);
    }
    this.length = n;
  }

  /** Example `index` as `[t₀[index], t₁[index], …]` (copies). */
  get(index: number): TensorTuple<A> {
    return <TensorTuple<A>>(
      this.tensors.map((t) => tensor(new NDArray(takeRows('TensorDataset.get', t.data, [index]).data, t.shape.slice(1))))
    );
  }

  /** The examples at `indices`, one stacked tensor per tuple position (first axis = batch). */
  getBatch(indices: ArrayLike<number>): TensorTuple<A> {
    return <TensorTuple<A>>this.tensors.map((t) => tensor(takeRows('TensorDataset.getBatch', t.data, indices)));
  }
}
