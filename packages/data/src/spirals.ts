import { DataError } from './errors.ts';
import type { SupervisedData } from './dataset.ts';
import { checkInt } from './errors.ts';
import { type SyntheticOptions, checkNoise, pack, rngOf } from './synthetic-options.ts';
import { Rng, checkOptions, is } from '@seedling-ml/tensor';

/** Options of makeSpirals. */
export interface SpiralsOptions extends SyntheticOptions {
  /** Points per arm; default 100. */
  nPerClass?: number;
  /** Number of arms (= classes); default 3. */
  classes?: number;
  /** Standard deviation of Gaussian noise added to each point's angle (radians); default 0.2. */
  noise?: number;
}

/**
 * Interleaved spiral arms, one class each (the CS231n "spiral" dataset). Arm k, point i of N:
 * r = i/(N − 1), θ = 4k + 4·i/(N − 1) + N(0, noise²), (x₀, x₁) = (r·sin θ, r·cos θ), label k.
 * Rows are shuffled by a seeded permutation. Draws: N·K normals (arm by arm), then the permutation.
 *
 * @example
 * const { x, y } = makeSpirals({ nPerClass: 50, classes: 3, seed: 0 }); // x: [150, 2], y in {0, 1, 2}
 */
export function makeSpirals(options: SpiralsOptions = {}): SupervisedData {
  const op = 'makeSpirals';
  checkOptions(
    op,
    options,
    {
      seed: is.anyOf(is.finite, is.string),
      rng: is.instance(Rng, 'an Rng'),
      dtype: is.any,
      nPerClass: is.any,
      classes: is.any,
      noise: is.any,
    },
    DataError,
  );
  const N = checkInt(op, 'nPerClass', options.nPerClass ?? 100, 1);
  const K = checkInt(op, 'classes', options.classes ?? 3, 1);
  const noise = checkNoise(op, options.noise ?? 0.2);
  const rng = rngOf(options);
  const n = N * K;
  const e = noise > 0 ? rng.normal([n], 0, noise, { dtype: 'float64' }).data : new Float64Array(n);
  const xs = new Float64Array(2 * n);
  const ys = new Float64Array(n);
  for (let k = 0; k < K; k++) {
    for (let i = 0; i < N; i++) {
      const idx = k * N + i;
      const s = N === 1 ? 0 : i / (N - 1);
      const theta = 4 * k + 4 * s + e[idx]!;
      xs[2 * idx] = s * Math.sin(theta);
      xs[2 * idx + 1] = s * Math.cos(theta);
      ys[idx] = k;
    }
  }
  return pack(xs, ys, rng.permutation(n), options.dtype ?? 'float32');
}
