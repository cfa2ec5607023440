import { NDArray, Rng } from '@seedling-ml/tensor';

/** A labelled classification set: inputs `[n, features]`, integer class labels `[n]` (stored as floats). */
export interface Dataset {
  x: NDArray;
  y: NDArray;
}

/** Options of `syntheticTask`. */
export interface SyntheticTaskOptions {
  /** Training examples. */
  train: number;
  /** Held-out examples. */
  test: number;
  /** Input features (the MLP's input width). */
  features: number;
  /** Number of classes. */
  classes: number;
  /** Share of each feature's variance that is class signal; the rest is noise. Default 0.1. */
  signal?: number;
  seed: number | string;
}

/**
 * A Gaussian-mixture classification task with unit-variance inputs: each class c has a mean
 * μ_c ~ N(0, s·I); an example of class c is x = μ_c + ε, ε ~ N(0, (1 − s)·I), so every feature has
 * variance s + (1 − s) = 1 (the lab's "unit-variance inputs"). Labels are uniform over the classes.
 * Easy for any network that can learn at all, so the loss curves measure trainability, not capacity.
 */
export function syntheticTask(options: SyntheticTaskOptions): { train: Dataset; test: Dataset } {
  const s = options.signal ?? 0.1;
  const rng = new Rng(options.seed);
  const d = options.features;
  const means = rng.normal([options.classes, d], 0, Math.sqrt(s), { dtype: 'float64' }).data;
  const draw = (n: number, r: Rng): Dataset => {
    const labels = r.integers([n], 0, options.classes, { dtype: 'float32' });
    const x = r.normal([n, d], 0, Math.sqrt(1 - s), { dtype: 'float32' });
    const xd = x.data;
    for (let i = 0; i < n; i++) {
      const c = labels.data[i]!;
      for (let j = 0; j < d; j++) xd[i * d + j] = xd[i * d + j]! + means[c * d + j]!;
    }
    return { x, y: labels };
  };
  return { train: draw(options.train, rng.fork()), test: draw(options.test, rng.fork()) };
}
