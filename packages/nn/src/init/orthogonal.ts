import { NDArray, type Rng, allocate, qr } from '@seedling-ml/tensor';
import { defineInitializer } from './define-initializer.ts';
import type { Initializer } from './initializer.ts';
import { checkRank, positiveNumber, readOptions } from './validate.ts';

/**
 * A rows×cols matrix (row-major, float64) with orthonormal rows (rows ≤ cols) or columns, times
 * `gain`, Haar-distributed: A ~ N(0, 1) of max×min, reduced QR A = QR, Q ← Q·sign(diag R) (the sign
 * fix makes Q uniform over the orthogonal group; sign(0) taken as +1), transposed when rows < cols.
 * Draws exactly max·min normals from `rng` (one `rng.normal` call).
 */
export function orthogonalMatrix(rng: Rng, rows: number, cols: number, gain: number): Float64Array {
  const out = new Float64Array(rows * cols);
  if (rows === 0 || cols === 0) return out;
  const big = Math.max(rows, cols);
  const small = Math.min(rows, cols);
  const { q, r } = qr(rng.normal([big, small], 0, 1, { dtype: 'float64' }));
  const qd = q.data;
  const rd = r.data;
  const sign = new Float64Array(small);
  for (let j = 0; j < small; j++) sign[j] = rd[j * small + j]! < 0 ? -gain : gain;
  if (rows >= cols) {
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = qd[i * small + j]! * sign[j]!;
  } else {
    // W = (Q·S)ᵀ: W[i, j] = Q[j, i]·s_i.
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = qd[j * small + i]! * sign[i]!;
  }
  return out;
}

/** Options of `orthogonal`. */
export interface OrthogonalOptions {
  /** Multiplier, > 0; default 1. */
  gain?: number;
}

/**
 * A (semi-)orthogonal weight scaled by `gain`: the weight is viewed as rows = shape[0] by cols =
 * product of the other axes; A ~ N(0, 1) of max×min; reduced QR; Q·sign(diag R); transposed back if
 * rows < cols. Result: W·Wᵀ = gain²·I when rows ≤ cols, Wᵀ·W = gain²·I otherwise. Rank ≥ 2.
 * Paper: Saxe, McClelland & Ganguli 2014, "Exact solutions to the nonlinear dynamics of learning in
 * deep linear neural networks". PyTorch `orthogonal_` (same construction); Keras `Orthogonal`
 * flattens the other way (rows = product of all but the LAST axis, for its `[in, out]` kernels).
 * Default gain 1.
 *
 * @example
 * const w = orthogonal({ gain: 2 }).sample([3, 5], { rng: new Rng(0), dtype: 'float64' });
 * // w·wᵀ ≈ 4·I₃
 */
export function orthogonal(options: OrthogonalOptions = {}): Initializer {
  const op = 'orthogonal';
  const o = readOptions(op, options, ['gain']);
  const gain = positiveNumber(op, 'gain', o.gain ?? 1);
  return defineInitializer(op, { gain }, (shape, ctx) => {
    checkRank(op, shape, 2, Infinity, 'a weight');
    const rows = shape[0]!;
    const cols = rows === 0 ? 0 : shape.reduce((p, d) => p * d, 1) / rows;
    const m = orthogonalMatrix(ctx.rng, rows, cols, gain);
    if (ctx.dtype === 'float64') return new NDArray(m, shape);
    const out = allocate(ctx.dtype, m.length);
    out.set(m);
    return new NDArray(out, shape);
  });
}
