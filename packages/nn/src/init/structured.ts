import { textOf } from '@seedling-ml/tensor';
import { NDArray, allocate, formatShape } from '@seedling-ml/tensor';
import { defineInitializer } from './define-initializer.ts';
import { InitError } from './init-error.ts';
import type { Initializer } from './initializer.ts';
import { orthogonalMatrix } from './orthogonal.ts';
import { checkRank, nonNegativeNumber, positiveInteger, positiveNumber, readOptions } from './validate.ts';

/**
 * A 2-D identity: ones on the main diagonal, zeros elsewhere; rectangular shapes allowed (the
 * diagonal stops at the shorter side). Makes a Linear layer pass its first min(out, in) inputs
 * through (identity init, e.g. of recurrent weights: Le, Jaitly & Hinton 2015, "A Simple
 * Way to Initialize Recurrent Networks of Rectified Linear Units"). PyTorch `eye_`, Keras `Identity`
 * (Keras also takes a `gain`).
 *
 * @example
 * eye().sample([2, 3], { rng: new Rng(0) }).toArray(); // [[1, 0, 0], [0, 1, 0]]
 */
export function eye(options?: Record<string, never>): Initializer {
  const op = 'eye';
  readOptions(op, options, []);
  return defineInitializer(op, {}, (shape, ctx) => {
    checkRank(op, shape, 2, 2, 'a matrix');
    const [rows, cols] = shape as [number, number];
    const out = allocate(ctx.dtype, rows * cols);
    for (let i = 0; i < Math.min(rows, cols); i++) out[i * cols + i] = 1;
    return new NDArray(out, shape);
  });
}

/** Offset of the centre tap (index ⌊k/2⌋ on every spatial axis) inside one [k...] kernel block. */
function centreOffset(shape: readonly number[]): number {
  let offset = 0;
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 2; axis--) {
    offset += Math.floor(shape[axis]! / 2) * stride;
    stride *= shape[axis]!;
  }
  return offset;
}

/** Product of the spatial (kernel) axes of a conv weight [out, in, k...]. */
function kernelSize(shape: readonly number[]): number {
  let n = 1;
  for (let axis = 2; axis < shape.length; axis++) n *= shape[axis]!;
  return n;
}

/** Options of `dirac`. */
export interface DiracOptions {
  /** Convolution groups (must divide out channels); default 1. */
  groups?: number;
}

/**
 * The Dirac delta: a conv weight [out, in/groups, k...] (rank 3–5) that is zero except
 * W[g·outPerGroup + d, d, ⌊k/2⌋...] = 1 for every group g and d < min(outPerGroup, in), outPerGroup =
 * out / groups. A conv with it (and 'same' padding) copies its input channels — identity init for
 * conv nets. Paper: Zagoruyko & Komodakis 2017, "DiracNets: Training Very Deep Neural Networks
 * Without Skip-Connections". PyTorch `dirac_(tensor, groups=1)`.
 *
 * @example
 * dirac().sample([2, 2, 3], { rng: new Rng(0) }).toArray();
 * // [[[0, 1, 0], [0, 0, 0]], [[0, 0, 0], [0, 1, 0]]]
 */
export function dirac(options: DiracOptions = {}): Initializer {
  const op = 'dirac';
  const o = readOptions(op, options, ['groups']);
  const groups = positiveInteger(op, 'groups', o.groups ?? 1);
  return defineInitializer(op, { groups }, (shape, ctx) => {
    checkRank(op, shape, 3, 5, 'a conv weight [out, in, k...]');
    const out = shape[0]!;
    const inCh = shape[1]!;
    if (out % groups !== 0) throw new InitError(op, `groups ${groups} must divide out channels ${out} of shape ${formatShape(shape)}`);
    const outPerGroup = out / groups;
    const k = kernelSize(shape);
    const centre = centreOffset(shape);
    const data = allocate(ctx.dtype, out * inCh * k);
    const n = Math.min(outPerGroup, inCh);
    for (let g = 0; g < groups; g++) {
      for (let d = 0; d < n; d++) data[((g * outPerGroup + d) * inCh + d) * k + centre] = 1;
    }
    return new NDArray(data, shape);
  });
}

/** Options of `deltaOrthogonal`. */
export interface DeltaOrthogonalOptions {
  /** Multiplier of the orthogonal block, > 0; default 1. */
  gain?: number;
}

/**
 * Delta-orthogonal: a conv weight [out, in, k...] (rank 3–5) that is zero except its centre tap
 * W[:, :, ⌊k/2⌋...], which holds gain × an orthogonal [out, in] block with orthonormal columns
 * (Wᵀ·W = gain²·I), so the conv is a norm-preserving map at init — enables training 10,000-layer
 * vanilla CNNs. Requires in ≤ out, as JAX does (with in > out no isometry exists).
 * Paper: Xiao, Bahri, Sohl-Dickstein, Schoenholz & Pennington 2018, "Dynamical Isometry and a Mean
 * Field Theory of CNNs". JAX `delta_orthogonal` (kernel [k..., in, out]; centre (k−1)//2, which
 * differs from ⌊k/2⌋ only for even k); no PyTorch equivalent. Default gain 1.
 *
 * @example
 * deltaOrthogonal().sample([8, 4, 3, 3], { rng: new Rng(0) }); // only [:, :, 1, 1] non-zero
 */
export function deltaOrthogonal(options: DeltaOrthogonalOptions = {}): Initializer {
  const op = 'deltaOrthogonal';
  const o = readOptions(op, options, ['gain']);
  const gain = positiveNumber(op, 'gain', o.gain ?? 1);
  return defineInitializer(op, { gain }, (shape, ctx) => {
    checkRank(op, shape, 3, 5, 'a conv weight [out, in, k...]');
    const out = shape[0]!;
    const inCh = shape[1]!;
    if (inCh > out) throw new InitError(op, `in channels ${inCh} must be ≤ out channels ${out} (shape ${formatShape(shape)})`);
    const block = orthogonalMatrix(ctx.rng, out, inCh, gain);
    const k = kernelSize(shape);
    const centre = centreOffset(shape);
    const data = allocate(ctx.dtype, out * inCh * k);
    for (let i = 0; i < out * inCh; i++) data[i * k + centre] = block[i]!;
    return new NDArray(data, shape);
  });
}

/** Options of `sparse`. */
export interface SparseOptions {
  /** Fraction of each column set to zero, in [0, 1); required. */
  sparsity: number;
  /** Std of the non-zero entries; default 0.01. */
  std?: number;
}

/**
 * A sparse 2-D weight [rows, cols]: N(0, std²), then in each column exactly ceil(sparsity·rows)
 * entries set to 0, at rows chosen uniformly without replacement. Every draw comes from `ctx.rng`,
 * in this order: rows·cols normals (row-major), then for each column c = 0…cols−1 a partial
 * Fisher–Yates over the row indices 0…rows−1 (fresh per column): for k < zeros, j = k +
 * nextInt(rows − k), swap, zero row index[k]. PyTorch's `sparse_` draws its zero rows from the
 * global generator even when given one (so its pattern ignores the seed); here the pattern is seeded.
 * Paper: Martens 2010, "Deep learning via Hessian-free optimization".
 *
 * @example
 * sparse({ sparsity: 0.1 }).sample([10, 4], { rng: new Rng(0) }); // exactly 1 zero per column
 */
export function sparse(options: SparseOptions): Initializer {
  const op = 'sparse';
  const o = readOptions(op, options, ['sparsity', 'std']);
  if (o.sparsity === undefined) throw new InitError(op, 'sparsity is required (a number in [0, 1))');
  const sparsity = nonNegativeNumber(op, 'sparsity', o.sparsity);
  if (sparsity >= 1) throw new InitError(op, `sparsity must be in [0, 1), got ${textOf(sparsity)}`);
  const std = nonNegativeNumber(op, 'std', o.std ?? 0.01);
  return defineInitializer(op, { sparsity, std }, (shape, ctx) => {
    checkRank(op, shape, 2, 2, 'a matrix');
    const [rows, cols] = shape as [number, number];
    const w = ctx.rng.normal(shape, 0, std, { dtype: ctx.dtype });
    const data = w.data;
    const zeros = Math.ceil(sparsity * rows);
    const index = new Int32Array(rows);
    for (let c = 0; c < cols; c++) {
      for (let i = 0; i < rows; i++) index[i] = i;
      for (let k = 0; k < zeros; k++) {
        const j = k + ctx.rng.nextInt(rows - k);
        const row = index[j]!;
        index[j] = index[k]!;
        index[k] = row;
        data[row * cols + c] = 0;
      }
    }
    return w;
  });
}
