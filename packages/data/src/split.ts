import { textOf } from '@seedling-ml/tensor';
import { Rng } from '@seedling-ml/tensor';
import type { Tensor } from '@seedling-ml/autograd';
import type { Dataset } from './dataset.ts';
import { DataError } from './errors.ts';
import { Subset } from './subset.ts';
import { checkOptions, is, requireArray } from '@seedling-ml/tensor';
import { checkDataset } from './errors.ts';

/** Options of randomSplit and trainTestSplit. */
export interface SplitOptions {
  /** Seed of the permutation; default 0. Ignored when `rng` is given. */
  seed?: number | string;
  /** Generator to draw the permutation from. */
  rng?: Rng;
}

/**
 * Splits a dataset into disjoint random subsets of the given sizes (PyTorch's `random_split`). Sizes are
 * counts summing to the dataset's length, or fractions summing to 1 (floors, then the remainder handed out
 * one by one from the first subset, as PyTorch does). The permutation comes from the seeded generator.
 *
 * @example
 * const [a, b] = randomSplit(ds, [0.8, 0.2], { seed: 1 }); // ds.length 10 → a.length 8, b.length 2
 */
export function randomSplit<T extends Tensor[]>(dataset: Dataset<T>, sizes: readonly number[], options: SplitOptions = {}): Subset<T>[] {
  const op = 'randomSplit';
  checkDataset(op, dataset);
  requireArray(op, 'sizes', sizes, 'an array of sizes');
  checkOptions(op, options, { seed: is.anyOf(is.finite, is.string), rng: is.instance(Rng, 'an Rng') }, DataError);
  const n = dataset.length;
  if (!Array.isArray(sizes) || sizes.length === 0 || sizes.some((s) => typeof s !== 'number' || !Number.isFinite(s) || s < 0)) {
    throw new DataError(op, `sizes must be non-negative numbers, got [${textOf(sizes)}]`);
  }
  let counts: number[];
  const total = sizes.reduce((a, b) => a + b, 0);
  if (sizes.every(Number.isInteger) && total === n) {
    counts = [...sizes];
  } else if (Math.abs(total - 1) <= 1e-9 && sizes.every((s) => s <= 1)) {
    counts = sizes.map((f) => Math.floor(f * n));
    let rest = n - counts.reduce((a, b) => a + b, 0);
    for (let i = 0; rest > 0; i = (i + 1) % counts.length, rest--) counts[i]!++;
  } else {
    throw new DataError(op, `sizes [${sizes.join(', ')}] must be counts summing to ${n} or fractions summing to 1`);
  }
  const order = (options.rng ?? new Rng(options.seed ?? 0)).permutation(n);
  const out: Subset<T>[] = [];
  let start = 0;
  for (const c of counts) {
    out.push(new Subset(dataset, order.subarray(start, start + c)));
    start += c;
  }
  return out;
}

/** Options of trainTestSplit. */
export interface TrainTestSplitOptions extends SplitOptions {
  /** Test share: a fraction in (0, 1) or a count in [1, n − 1]; default 0.2. */
  testSize?: number;
}

/**
 * A seeded random train/test split: `{ train, test }` as disjoint Subsets covering the dataset.
 * The test set gets ⌈testSize·n⌉ examples for a fraction (scikit-learn's rounding), or exactly `testSize`.
 *
 * @example
 * const { train, test } = trainTestSplit(ds, { testSize: 0.25, seed: 42 }); // n 100 → 75 / 25
 */
export function trainTestSplit<T extends Tensor[]>(
  dataset: Dataset<T>,
  options: TrainTestSplitOptions = {},
): { train: Subset<T>; test: Subset<T> } {
  const op = 'trainTestSplit';
  checkDataset(op, dataset);
  checkOptions(op, options, { seed: is.anyOf(is.finite, is.string), rng: is.instance(Rng, 'an Rng'), testSize: is.any }, DataError);
  const n = dataset.length;
  const t = options.testSize ?? 0.2;
  let nTest: number;
  if (typeof t === 'number' && t > 0 && t < 1) nTest = Math.ceil(t * n);
  else if (Number.isInteger(t) && t >= 1 && t < n) nTest = t;
  else throw new DataError(op, `invalid testSize: ${textOf(t)} (valid: a fraction in (0, 1) or a count in [1, ${n - 1}])`);
  if (nTest >= n) throw new DataError(op, `testSize ${t} leaves no training examples out of ${n}`);
  const [train, test] = randomSplit(dataset, [n - nTest, nTest], { seed: options.seed, rng: options.rng });
  return { train: train!, test: test! };
}
