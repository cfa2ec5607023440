import type { Tensor, TensorLike } from '@seedling-ml/autograd';
import { broadcastShapes, formatShape, shapesEqual } from '@seedling-ml/tensor';
import { NNError } from '../errors.ts';
import { checkOptionKeys } from './option-keys.ts';
import { type LossOptions, asTarget, checkSameShape, readReduction, reduce } from './reduction.ts';
import { inputTensor } from '../layers/validate.ts';

/** Options of `bceWithLogitsLoss` (PyTorch's `weight`, `pos_weight`, `reduction`). */
export interface BceWithLogitsOptions extends LossOptions {
  /** Rescales each element's loss; broadcast to the logits' shape (e.g. `[N, 1]` per sample). */
  weight?: TensorLike | readonly number[];
  /**
   * Weight of the positive term, broadcast to the logits' shape — usually `[C]`, one per class (classes on the
   * last axis): p > 1 raises recall, p = (#negatives / #positives) balances a class.
   */
  posWeight?: TensorLike | readonly number[];
}

const BCE_OPTIONS = ['weight', 'posWeight', 'reduction'];

/** A constant factor broadcastable to `shape` (its graph kept when it is a Tensor). */
function broadcastFactor(op: string, name: string, value: TensorLike | readonly number[], logits: Tensor): Tensor {
  const f = asTarget(value, logits.dtype, op, name);
  let shape: number[] | undefined;
  try {
    shape = broadcastShapes(op, f.shape, logits.shape);
  } catch {
    shape = undefined;
  }
  if (shape === undefined || !shapesEqual(shape, logits.shape)) {
    throw new NNError(op, `${name} shape ${formatShape(f.shape)} does not broadcast to the logits' shape ${formatShape(logits.shape)}`);
  }
  return f;
}

/**
 * Binary cross-entropy on logits, PyTorch's `binary_cross_entropy_with_logits`:
 * ℓᵢ = −wᵢ·[pᵢ·yᵢ·log σ(xᵢ) + (1 − yᵢ)·log(1 − σ(xᵢ))] = wᵢ·[pᵢ·yᵢ·softplus(−xᵢ) + (1 − yᵢ)·softplus(xᵢ)]
 * with w = `weight` and p = `posWeight` (both 1 by default, broadcast to the logits' shape), computed with a
 * stable softplus (max(x, 0) + log(1 + e^(−|x|))), so logits of ±1e4 give finite values and gradients. Without
 * `posWeight` this is softplus(x) − x·y, whose gradient is σ(x) − y. `target` has `logits`' shape, values in
 * [0, 1] (soft labels allowed). Reduced by `reduction`: 'mean' (default) is the plain mean over elements (the
 * weights are not normalized, as PyTorch).
 *
 * @example
 * bceWithLogitsLoss(tensor([0]), tensor([1])).item(); // ln 2 ≈ 0.6931
 * bceWithLogitsLoss(tensor([0]), tensor([1]), { posWeight: [3] }).item(); // 3 ln 2 ≈ 2.0794
 */
export function bceWithLogitsLoss(logits: Tensor, target: TensorLike | readonly number[], options: BceWithLogitsOptions = {}): Tensor {
  logits = inputTensor('bceWithLogitsLoss', 'logits', logits);
  const op = 'bceWithLogitsLoss';
  checkOptionKeys(op, options, BCE_OPTIONS);
  const reduction = readReduction(op, options);
  const t = asTarget(target, logits.dtype, 'bceWithLogitsLoss');
  checkSameShape(op, logits, t);
  const data = t.data.data;
  for (let i = 0; i < data.length; i++) {
    const y = data[i]!;
    if (!(y >= 0 && y <= 1)) throw new NNError(op, `target ${y} at flat index ${i} is not in [0, 1]`);
  }
  let losses: Tensor;
  if (options.posWeight === undefined) {
    losses = logits.softplus().sub(logits.mul(t));
  } else {
    const p = broadcastFactor(op, 'posWeight', options.posWeight, logits);
    losses = logits
      .neg()
      .softplus()
      .mul(p)
      .mul(t)
      .add(logits.softplus().mul(t.neg().add(1)));
  }
  if (options.weight !== undefined) losses = losses.mul(broadcastFactor(op, 'weight', options.weight, logits));
  return reduce(losses, reduction);
}
