import { DataError } from './errors.ts';
import { checkInt } from './errors.ts';
import type { SupervisedData } from './dataset.ts';
import { type SyntheticOptions, checkNoise, pack, rngOf } from './synthetic-options.ts';
import { Rng, checkOptions, is } from '@seedling-ml/tensor';

/** Options of makeXor. */
export interface XorOptions extends SyntheticOptions {
  /** Number of points; default 200. */
  n?: number;
  /** Standard deviation of Gaussian noise added to the features after labelling; default 0. */
  noise?: number;
}

/**
 * The XOR problem: points uniform in [−1, 1)², labelled 1 when the coordinates have opposite signs
 * (x₀·x₁ < 0) and 0 otherwise; then N(0, noise²) is added to each coordinate. Not linearly separable.
 * Draws, in order: 2n uniforms (row by row), then 2n normals if noise > 0.
 *
 * @example
 * const { x, y } = makeXor({ n: 4, seed: 1 }); // x: [4, 2], y: [4] of 0/1
 */
export function makeXor(options: XorOptions = {}): SupervisedData {
  const op = 'makeXor';
  checkOptions(
    op,
    options,
    { seed: is.anyOf(is.finite, is.string), rng: is.instance(Rng, 'an Rng'), dtype: is.any, n: is.any, noise: is.any },
    DataError,
  );
  const n = checkInt(op, 'n', options.n ?? 200, 1);
  const noise = checkNoise(op, options.noise ?? 0);
  const rng = rngOf(options);
  const xs = rng.uniform([2 * n], -1, 1, { dtype: 'float64' }).data as Float64Array;
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) ys[i] = xs[2 * i]! * xs[2 * i + 1]! < 0 ? 1 : 0;
  if (noise > 0) {
    const e = rng.normal([2 * n], 0, noise, { dtype: 'float64' }).data;
    for (let i = 0; i < 2 * n; i++) xs[i] = xs[i]! + e[i]!;
  }
  const order = Int32Array.from({ length: n }, (_, i) => i);
  return pack(xs, ys, order, options.dtype ?? 'float32');
}
