import type { Tensor } from '@seedling-ml/autograd';
import { collateExamples } from './collate.ts';
import type { Dataset } from './dataset.ts';
import { DataError } from './errors.ts';
import { checkArg, requireArray, textOf } from '@seedling-ml/tensor';
import { indexListRule } from './rows.ts';
import { checkDataset } from './errors.ts';

/**
 * The examples of `dataset` at `indices`, in that order (PyTorch's `Subset`). Nothing is copied until an
 * example is read.
 *
 * @example
 * const firstTwo = new Subset(ds, [0, 1]);
 * firstTwo.length; // 2
 */
export class Subset<T extends Tensor[] = Tensor[]> implements Dataset<T> {
  /** The parent dataset. */
  readonly dataset: Dataset<T>;
  /** Indices into `dataset`. */
  readonly indices: Int32Array;

  constructor(dataset: Dataset<T>, indices: ArrayLike<number>) {
    checkDataset('Subset', dataset);
    requireArray('Subset', 'indices', indices, 'an array of indices');
    this.dataset = dataset;
    this.indices = Int32Array.from(indices as ArrayLike<number>);
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k]!;
      if (!Number.isInteger(i) || i < 0 || i >= dataset.length) {
        throw new DataError('Subset', `index ${textOf(i)} out of range for a dataset of ${dataset.length} examples`);
      }
    }
  }

  /** Number of examples in the subset. */
  get length(): number {
    return this.indices.length;
  }

  /** Example `index` of the subset. */
  get(index: number): T {
    if (!Number.isInteger(index) || index < 0 || index >= this.indices.length) {
      throw new DataError('Subset.get', `index ${textOf(index)} out of range for ${this.indices.length} examples`);
    }
    return this.dataset.get(this.indices[index]!);
  }

  /** The examples at `indices` of the subset, stacked (delegates to the parent's getBatch when it has one). */
  getBatch(indices: ArrayLike<number>): T {
    checkArg('Subset.getBatch', 'indices', indices, indexListRule, DataError);
    const mapped = new Int32Array(indices.length);
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k]!;
      if (!Number.isInteger(i) || i < 0 || i >= this.indices.length) {
        throw new DataError('Subset.getBatch', `index ${textOf(i)} out of range for ${this.indices.length} examples`);
      }
      mapped[k] = this.indices[i]!;
    }
    if (this.dataset.getBatch !== undefined) return this.dataset.getBatch(mapped);
    return <T>collateExamples(
      'Subset.getBatch',
      Array.from(mapped, (i) => this.dataset.get(i)),
    );
  }
}
