import type { Tensor, TensorLike } from '@seedling-ml/autograd';
import { type LossOptions, asTarget, checkSameShape, readReduction, reduce, lossOptionRules } from './reduction.ts';
import { inputTensor } from '../layers/validate.ts';
import { checkOptions } from '@seedling-ml/tensor';
import { NNError } from '../errors.ts';

/**
 * Mean absolute error: ℓᵢ = |inputᵢ − targetᵢ|, reduced by `reduction` (mean by default).
 * NOTE: the gradient at inputᵢ = targetᵢ is 0 (abs'(0) = 0, as PyTorch).
 *
 * @example
 * l1Loss(tensor([1, 2]), tensor([0, 4])).item(); // (1 + 2) / 2 = 1.5
 */
export function l1Loss(input: Tensor, target: TensorLike | readonly number[], options: LossOptions = {}): Tensor {
  input = inputTensor('l1Loss', 'input', input);
  checkOptions('l1Loss', options, lossOptionRules, NNError);
  const reduction = readReduction('l1Loss', options);
  const t = asTarget(target, input.dtype, 'l1Loss');
  checkSameShape('l1Loss', input, t);
  return reduce(input.sub(t).abs(), reduction);
}
