/**
 * The page's 2-D classification sets, standardized to zero mean and unit variance per feature (so the
 * first layer sees the unit-variance input the closed forms assume).
 */
import { makeMoons, makeSpirals, makeXor } from '@seedling-ml/data';
import { NDArray, Rng } from '@seedling-ml/tensor';
import type { DatasetName } from './config.ts';

/** A standardized 2-D dataset: `x` [n, 2] float32, integer labels `y` [n]. */
export interface PlaneData {
  x: NDArray;
  y: NDArray;
  classes: number;
  /** Mean of x² over every feature (1 after standardizing, kept for the prediction). */
  secondMoment: number;
}

/** Points per dataset: enough for a clear boundary, small enough to train live. */
export const POINTS = 512;

/**
 * Two concentric noisy circles (radius 1: label 0, radius ½: label 1), as scikit-learn's
 * `make_circles(factor=0.5)`. Seeded.
 */
export function makeCircles(n: number, noise: number, seed: number): { x: NDArray; y: NDArray } {
  const rng = new Rng(`circles:${seed}`);
  const xs = new Float64Array(2 * n);
  const ys = new Float64Array(n);
  const e = rng.normal([2 * n], 0, noise, { dtype: 'float64' }).data;
  for (let i = 0; i < n; i++) {
    const inner = i % 2;
    const r = inner === 1 ? 0.5 : 1;
    const t = (2 * Math.PI * Math.floor(i / 2)) / Math.ceil(n / 2);
    xs[2 * i] = r * Math.cos(t) + e[2 * i]!;
    xs[2 * i + 1] = r * Math.sin(t) + e[2 * i + 1]!;
    ys[i] = inner;
  }
  return { x: new NDArray(xs, [n, 2]), y: new NDArray(ys, [n]) };
}

/** Builds a dataset by name, standardized, with a seed of its own. */
export function makePlaneData(name: DatasetName, seed: number): PlaneData {
  let raw: { x: NDArray; y: NDArray };
  let classes = 2;
  if (name === 'circles') raw = makeCircles(POINTS, 0.08, seed);
  else if (name === 'xor') raw = makeXor({ n: POINTS, noise: 0.1, seed, dtype: 'float64' });
  else if (name === 'moons') raw = makeMoons({ n: POINTS, noise: 0.1, seed, dtype: 'float64' });
  else {
    classes = 3;
    raw = makeSpirals({ nPerClass: Math.floor(POINTS / 3), classes, noise: 0.2, seed, dtype: 'float64' });
  }
  const n = raw.x.shape[0]!;
  const src = raw.x.data;
  const out = new Float32Array(2 * n);
  for (let f = 0; f < 2; f++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += src[2 * i + f]!;
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (src[2 * i + f]! - mean) ** 2;
    const std = Math.sqrt(ss / n) || 1;
    for (let i = 0; i < n; i++) out[2 * i + f] = (src[2 * i + f]! - mean) / std;
  }
  return { x: new NDArray(out, [n, 2]), y: new NDArray(Float32Array.from(raw.y.data), [n]), classes, secondMoment: 1 };
}
