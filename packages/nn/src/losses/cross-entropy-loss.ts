import type { Tensor } from '@seedling-ml/autograd';
import { NNError } from '../errors.ts';
import { type ClassTargets, classAxisOf } from './class-targets.ts';
import { pickedNegLog } from './nll-loss.ts';
import { type LossOptions, readReduction, reduce, lossOptionRules } from './reduction.ts';
import { inputTensor } from '../layers/validate.ts';
import { checkOptions, is } from '@seedling-ml/tensor';

/** Options of `crossEntropyLoss`. */
export interface CrossEntropyOptions extends LossOptions {
  /**
   * ε in [0, 1]: the target becomes (1 − ε)·onehot + ε/C (Szegedy et al. 2016). Default 0.
   */
  labelSmoothing?: number;
}

/**
 * Cross-entropy of raw logits against integer class targets:
 * ℓₙ = −log softmax(xₙ)[yₙ] = logsumexp(xₙ) − xₙ[yₙ]; with label smoothing ε,
 * ℓₙ = (1 − ε)·(−log pₙ[yₙ]) + (ε/C)·Σ_c (−log pₙ[c]) (PyTorch's definition). Reduced by
 * `reduction` (mean over targets by default).
 *
 * `logits` are `[C]`, `[N, C]` or `[N, C, d1, …]` (classes on axis 1); `target` has the logits' shape
 * without the class axis. Stable for any finite logits (log-softmax via logsumexp: ±1e4 gives finite
 * values and gradients). A target out of [0, C), not an integer, or of the wrong shape throws.
 *
 * @example
 * crossEntropyLoss(tensor([[0, 0, 0, 0]]), [2]).item(); // ln 4 ≈ 1.3863
 */
export function crossEntropyLoss(logits: Tensor, target: ClassTargets, options: CrossEntropyOptions = {}): Tensor {
  logits = inputTensor('crossEntropyLoss', 'logits', logits);
  checkOptions('crossEntropyLoss', options, { ...lossOptionRules, labelSmoothing: is.any }, NNError);
  const op = 'crossEntropyLoss';
  const reduction = readReduction(op, options);
  const eps = options.labelSmoothing ?? 0;
  if (typeof eps !== 'number' || !(eps >= 0 && eps <= 1)) {
    throw new NNError(op, `labelSmoothing must be a number in [0, 1], got ${String(eps)}`);
  }
  const axis = classAxisOf(op, logits);
  const logProbs = logits.logSoftmax(axis);
  let losses = pickedNegLog(op, logProbs, target);
  if (eps > 0) {
    const uniform = logProbs.mean({ axis }).neg();
    losses = losses.mul(1 - eps).add(uniform.mul(eps));
  }
  return reduce(losses, reduction);
}
