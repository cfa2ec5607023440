import type { Tensor, TensorLike } from '@seedling-ml/autograd';
import { NNError } from '../errors.ts';
import { type LossOptions, asTarget, checkSameShape, readReduction, reduce, lossOptionRules } from './reduction.ts';
import { inputTensor } from '../layers/validate.ts';
import { checkOptions } from '@seedling-ml/tensor';

/**
 * Binary cross-entropy on logits: ℓᵢ = −[yᵢ·log σ(xᵢ) + (1 − yᵢ)·log(1 − σ(xᵢ))], computed as
 * softplus(xᵢ) − xᵢ·yᵢ with a stable softplus (max(x, 0) + log(1 + e^(−|x|))), so logits of ±1e4 give
 * finite values and the gradient σ(x) − y everywhere. `target` has `logits`' shape, values in [0, 1]
 * (soft labels allowed). Reduced by `reduction` (mean by default).
 *
 * @example
 * bceWithLogitsLoss(tensor([0]), tensor([1])).item(); // ln 2 ≈ 0.6931
 */
export function bceWithLogitsLoss(logits: Tensor, target: TensorLike | readonly number[], options: LossOptions = {}): Tensor {
  logits = inputTensor('bceWithLogitsLoss', 'logits', logits);
  checkOptions('bceWithLogitsLoss', options, lossOptionRules, NNError);
  const op = 'bceWithLogitsLoss';
  const reduction = readReduction(op, options);
  const t = asTarget(target, logits.dtype, 'bceWithLogitsLoss');
  checkSameShape(op, logits, t);
  const data = t.data.data;
  for (let i = 0; i < data.length; i++) {
    const y = data[i]!;
    if (!(y >= 0 && y <= 1)) throw new NNError(op, `target ${y} at flat index ${i} is not in [0, 1]`);
  }
  return reduce(logits.softplus().sub(logits.mul(t)), reduction);
}
