import { textOf } from '@seedling-ml/tensor';
import { type Tensor, Tensor as TensorClass } from '@seedling-ml/autograd';
import { Rng, checkOptions, describeValue, is } from '@seedling-ml/tensor';
import { collateExamples } from './collate.ts';
import type { Dataset } from './dataset.ts';
import { DataError, checkInt } from './errors.ts';

/** Options of DataLoader. */
export interface DataLoaderOptions {
  /** Examples per batch (integer ≥ 1); default 1. */
  batchSize?: number;
  /** Visit the examples in a new seeded random order each epoch; default false (dataset order). */
  shuffle?: boolean;
  /** Seed of the shuffling generator; default 0. Ignored when `rng` is given. */
  seed?: number | string;
  /** Generator to shuffle with (advanced by each epoch's permutation). */
  rng?: Rng;
  /** Drop the last batch when it is smaller than `batchSize`; default false. */
  dropLast?: boolean;
}

/**
 * Iterates a dataset in batches (PyTorch's `DataLoader`, single-process). Each `for … of` over the loader
 * is one epoch; with `shuffle`, epoch k uses the k-th permutation drawn from the seeded generator, so a run
 * is reproducible from its seed. A batch is the dataset's tuple with a leading batch axis.
 *
 * @example
 * const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 32, shuffle: true, seed: 1 });
 * for (const [xb, yb] of loader) { ... } // xb: [32, ...x.shape[1:]], yb: [32]
 * loader.length; // number of batches per epoch: ⌈n / 32⌉ (⌊n / 32⌋ with dropLast)
 */
export class DataLoader<T extends Tensor[] = Tensor[]> implements Iterable<T> {
  /** The dataset batches are drawn from. */
  readonly dataset: Dataset<T>;
  /** Examples per batch (the last may be smaller unless `dropLast`). */
  readonly batchSize: number;
  /** Whether each epoch visits the examples in a fresh seeded random order. */
  readonly shuffle: boolean;
  /** Whether a last, smaller batch is dropped. */
  readonly dropLast: boolean;
  /** The generator shuffling uses. */
  readonly rng: Rng;

  constructor(dataset: Dataset<T>, options: DataLoaderOptions = {}) {
    const op = 'DataLoader';
    if (typeof dataset !== 'object' || dataset === null || typeof dataset.get !== 'function') {
      throw new DataError(op, `expected a dataset (an object with length and get(index)), got ${describeValue(dataset)}`);
    }
    if (!Number.isSafeInteger(dataset.length) || dataset.length < 0) {
      throw new DataError(op, `dataset length must be an integer ≥ 0, got ${describeValue(dataset.length)}`);
    }
    checkOptions(
      op,
      options,
      { batchSize: is.any, shuffle: is.any, seed: is.anyOf(is.finite, is.string), rng: is.instance(Rng, 'an Rng'), dropLast: is.any },
      DataError,
    );
    this.dataset = dataset;
    this.batchSize = checkInt(op, 'batchSize', options.batchSize ?? 1, 1);
    this.shuffle = options.shuffle ?? false;
    this.dropLast = options.dropLast ?? false;
    if (typeof this.shuffle !== 'boolean') throw new DataError(op, `invalid shuffle: ${textOf(this.shuffle)} (valid: true or false)`);
    if (typeof this.dropLast !== 'boolean') throw new DataError(op, `invalid dropLast: ${textOf(this.dropLast)} (valid: true or false)`);
    this.rng = options.rng ?? new Rng(options.seed ?? 0);
  }

  /** Number of batches per epoch. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** The order in which the next epoch visits the examples (draws a permutation when shuffling). */
  private epochOrder(): Int32Array {
    const n = this.dataset.length;
    if (this.shuffle) return this.rng.permutation(n);
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    return order;
  }

  /** One epoch of batches. */
  *[Symbol.iterator](): Iterator<T> {
    const order = this.epochOrder();
    const batches = this.length;
    for (let b = 0; b < batches; b++) {
      const indices = order.subarray(b * this.batchSize, Math.min((b + 1) * this.batchSize, order.length));
      yield this.dataset.getBatch !== undefined ? this.dataset.getBatch(indices) : <T>collateExamples(
            'DataLoader',
            Array.from(indices, (i) => exampleAt(this.dataset, i)),
          );
    }
  }
}

/** `dataset.get(i)`, checked: a tuple (array) of Tensors, or a DataError naming the index and what came back. */
function exampleAt<T extends Tensor[]>(dataset: Dataset<T>, i: number): T {
  const ex: unknown = dataset.get(i);
  if (!Array.isArray(ex) || ex.length === 0 || !ex.every((t) => t instanceof TensorClass)) {
    throw new DataError('DataLoader', `dataset.get(${i}) must return a non-empty array of Tensors, got ${describeValue(ex)}`);
  }
  return ex as T;
}
