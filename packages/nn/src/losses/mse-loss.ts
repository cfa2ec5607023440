import type { Tensor, TensorLike } from '@seedling-ml/autograd';
import { type LossOptions, asTarget, checkSameShape, readReduction, reduce, lossOptionRules } from './reduction.ts';
import { inputTensor } from '../layers/validate.ts';
import { checkOptions } from '@seedling-ml/tensor';
import { NNError } from '../errors.ts';

/**
 * Mean squared error: ℓᵢ = (inputᵢ − targetᵢ)², reduced by `reduction` (mean by default).
 * `target` must have `input`'s shape (no broadcasting); it may itself require grad.
 *
 * @example
 * mseLoss(tensor([1, 2]), tensor([0, 4])).item(); // (1 + 4) / 2 = 2.5
 */
export function mseLoss(input: Tensor, target: TensorLike | readonly number[], options: LossOptions = {}): Tensor {
  input = inputTensor('mseLoss', 'input', input);
  checkOptions('mseLoss', options, lossOptionRules, NNError);
  const reduction = readReduction('mseLoss', options);
  const t = asTarget(target, input.dtype, 'mseLoss');
  checkSameShape('mseLoss', input, t);
  return reduce(input.sub(t).square(), reduction);
}
