import { textOf } from '@seedling-ml/tensor';
import { type DType, NDArray, Rng, allocate } from '@seedling-ml/tensor';
import type { SupervisedData } from './dataset.ts';
import { DataError } from './errors.ts';

/** Options shared by the synthetic dataset generators. */
export interface SyntheticOptions {
  /** Seed of the generator; default 0. Ignored when `rng` is given. */
  seed?: number | string;
  /** Generator to draw from (advanced). */
  rng?: Rng;
  /** dtype of the features and labels; default 'float32'. */
  dtype?: DType;
}

/** The generator an options object asks for. */
export function rngOf(options: SyntheticOptions): Rng {
  return options.rng ?? new Rng(options.seed ?? 0);
}

/** Checks a noise level (a finite number ≥ 0). */
export function checkNoise(op: string, noise: unknown): number {
  if (typeof noise !== 'number' || !Number.isFinite(noise) || noise < 0) {
    throw new DataError(op, `invalid noise: ${textOf(noise)} (valid: a finite number ≥ 0)`);
  }
  return noise;
}

/** Packs float64 features `[n, 2]` and labels `[n]` into arrays of `dtype`, rows in the order `order`. */
export function pack(xs: Float64Array, ys: Float64Array, order: ArrayLike<number>, dtype: DType): SupervisedData {
  const n = ys.length;
  const x = allocate(dtype, 2 * n);
  const y = allocate(dtype, n);
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    x[2 * k] = xs[2 * i]!;
    x[2 * k + 1] = xs[2 * i + 1]!;
    y[k] = ys[i]!;
  }
  return { x: new NDArray(x, [n, 2]), y: new NDArray(y, [n]) };
}
