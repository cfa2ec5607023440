import { textOf } from '@seedling-ml/tensor';
import { type Tensor, type TensorLike, where } from '@seedling-ml/autograd';
import { less } from '@seedling-ml/tensor';
import { NNError } from '../errors.ts';
import { inputTensor } from '../layers/validate.ts';
import { checkOptionKeys } from './option-keys.ts';
import { type LossOptions, asTarget, checkSameShape, readReduction, reduce } from './reduction.ts';

/** Options of `smoothL1Loss`. */
export interface SmoothL1LossOptions extends LossOptions {
  /** Where the quadratic part ends, ≥ 0. Default 1. β = 0 is the L1 loss. */
  beta?: number;
}

/** Options of `huberLoss`. */
export interface HuberLossOptions extends LossOptions {
  /** Where the quadratic part ends, > 0. Default 1. */
  delta?: number;
}

/**
 * ½d²/c for |d| < c, |d| − ½c otherwise (d = input − target), built from `where` so each branch's gradient
 * is exact: d/c inside, sign(d) outside.
 */
function smoothAbs(d: Tensor, c: number): Tensor {
  const a = d.abs();
  // NOTE: the quadratic branch is evaluated everywhere, but it is finite for c > 0, so `where` routes no NaN.
  return where(less(a.data, c), d.square().mul(0.5 / c), a.sub(0.5 * c));
}

/**
 * Smooth L1 loss (Girshick 2015), PyTorch's `smooth_l1_loss`: with d = input − target,
 * ℓᵢ = ½dᵢ²/β if |dᵢ| < β, else |dᵢ| − ½β; β = 0 gives the L1 loss. Reduced by `reduction` (mean by default).
 *
 * @example
 * smoothL1Loss(tensor([0.5, 3]), tensor([0, 0])).item(); // (0.125 + 2.5) / 2 = 1.3125
 */
export function smoothL1Loss(input: Tensor, target: TensorLike | readonly number[], options: SmoothL1LossOptions = {}): Tensor {
  const op = 'smoothL1Loss';
  input = inputTensor(op, 'input', input);
  checkOptionKeys(op, options, ['beta', 'reduction']);
  const reduction = readReduction(op, options);
  const beta = options.beta ?? 1;
  if (typeof beta !== 'number' || !Number.isFinite(beta) || beta < 0)
    throw new NNError(op, `beta must be a finite number ≥ 0, got ${textOf(beta)}`);
  const t = asTarget(target, input.dtype, op);
  checkSameShape(op, input, t);
  const d = input.sub(t);
  // β = 0 would divide by zero in the quadratic branch: it is exactly the L1 loss.
  return reduce(beta === 0 ? d.abs() : smoothAbs(d, beta), reduction);
}

/**
 * Huber loss (Huber 1964), PyTorch's `huber_loss`: with d = input − target, ℓᵢ = ½dᵢ² if |dᵢ| < δ, else
 * δ(|dᵢ| − ½δ) (= δ · smooth-L1 with β = δ). Reduced by `reduction` (mean by default).
 *
 * @example
 * huberLoss(tensor([0.5, 3]), tensor([0, 0]), { delta: 2 }).item(); // (0.125 + 4) / 2 = 2.0625
 */
export function huberLoss(input: Tensor, target: TensorLike | readonly number[], options: HuberLossOptions = {}): Tensor {
  const op = 'huberLoss';
  input = inputTensor(op, 'input', input);
  checkOptionKeys(op, options, ['delta', 'reduction']);
  const reduction = readReduction(op, options);
  const delta = options.delta ?? 1;
  if (typeof delta !== 'number' || !Number.isFinite(delta) || delta <= 0)
    throw new NNError(op, `delta must be a finite number > 0, got ${textOf(delta)}`);
  const t = asTarget(target, input.dtype, op);
  checkSameShape(op, input, t);
  const d = input.sub(t);
  const a = d.abs();
  return reduce(where(less(a.data, delta), d.square().mul(0.5), a.sub(0.5 * delta).mul(delta)), reduction);
}
