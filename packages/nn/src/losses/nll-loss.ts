import type { Tensor } from '@seedling-ml/autograd';
import { type ClassTargets, classAxisOf, classIndices } from './class-targets.ts';
import { type LossOptions, readReduction, reduce, lossOptionRules } from './reduction.ts';
import { inputTensor } from '../layers/validate.ts';
import { checkOptions } from '@seedling-ml/tensor';
import { NNError } from '../errors.ts';

/**
 * Negative log-likelihood of integer class targets given log-probabilities:
 * ℓₙ = −input[n, targetₙ], reduced by `reduction` (mean over targets by default).
 * `input` is `[C]`, `[N, C]` or `[N, C, d1, …]` (classes on axis 1, e.g. a `LogSoftmax(1)` output);
 * `target` has `input`'s shape without the class axis. A target out of [0, C), not an integer, or of
 * the wrong shape throws.
 *
 * @example
 * nllLoss(tensor([[-0.1, -2.3], [-1.2, -0.4]]), [0, 1]).item(); // (0.1 + 0.4) / 2 = 0.25
 */
export function nllLoss(input: Tensor, target: ClassTargets, options: LossOptions = {}): Tensor {
  input = inputTensor('nllLoss', 'input', input);
  checkOptions('nllLoss', options, lossOptionRules, NNError);
  const reduction = readReduction('nllLoss', options);
  return reduce(pickedNegLog('nllLoss', input, target), reduction);
}

/** −input at each target class, shaped like the target. Shared with crossEntropyLoss. */
export function pickedNegLog(op: string, logProbs: Tensor, target: ClassTargets): Tensor {
  const axis = classAxisOf(op, logProbs);
  const indices = classIndices(op, logProbs, target);
  return logProbs.takeAlongAxis(indices, axis).squeeze(axis).neg();
}
