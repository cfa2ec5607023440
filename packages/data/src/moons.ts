import { DataError } from './errors.ts';
import type { SupervisedData } from './dataset.ts';
import { checkInt } from './errors.ts';
import { type SyntheticOptions, checkNoise, pack, rngOf } from './synthetic-options.ts';
import { Rng, checkOptions, is } from '@seedling-ml/tensor';

/** Options of makeMoons. */
export interface MoonsOptions extends SyntheticOptions {
  /** Number of points (⌊n/2⌋ on the upper moon, the rest on the lower); default 200. */
  n?: number;
  /** Standard deviation of Gaussian noise added to each coordinate; default 0.1. */
  noise?: number;
}

/**
 * Two interleaving half circles (scikit-learn's `make_moons` layout). Upper moon, label 0:
 * (cos t, sin t) for t evenly spaced in [0, π]; lower moon, label 1: (1 − cos t, 0.5 − sin t). Rows are
 * shuffled by a seeded permutation, then N(0, noise²) is added to each coordinate.
 *
 * @example
 * const { x, y } = makeMoons({ n: 100, noise: 0.1, seed: 0 }); // x: [100, 2], y: 50 zeros and 50 ones
 */
export function makeMoons(options: MoonsOptions = {}): SupervisedData {
  const op = 'makeMoons';
  checkOptions(
    op,
    options,
    { seed: is.anyOf(is.finite, is.string), rng: is.instance(Rng, 'an Rng'), dtype: is.any, n: is.any, noise: is.any },
    DataError,
  );
  const n = checkInt(op, 'n', options.n ?? 200, 2);
  const noise = checkNoise(op, options.noise ?? 0.1);
  const rng = rngOf(options);
  const nOut = Math.floor(n / 2);
  const nIn = n - nOut;
  const xs = new Float64Array(2 * n);
  const ys = new Float64Array(n);
  for (let i = 0; i < nOut; i++) {
    const t = nOut === 1 ? 0 : (Math.PI * i) / (nOut - 1);
    xs[2 * i] = Math.cos(t);
    xs[2 * i + 1] = Math.sin(t);
  }
  for (let j = 0; j < nIn; j++) {
    const t = nIn === 1 ? 0 : (Math.PI * j) / (nIn - 1);
    const i = nOut + j;
    xs[2 * i] = 1 - Math.cos(t);
    xs[2 * i + 1] = 0.5 - Math.sin(t);
    ys[i] = 1;
  }
  const order = rng.permutation(n);
  const out = pack(xs, ys, order, 'float64');
  if (noise > 0) {
    const e = rng.normal([2 * n], 0, noise, { dtype: 'float64' }).data;
    const d = out.x.data;
    for (let k = 0; k < 2 * n; k++) d[k] = d[k]! + e[k]!;
  }
  const dtype = options.dtype ?? 'float32';
  return dtype === 'float64' ? out : { x: out.x.astype(dtype), y: out.y.astype(dtype) };
}
