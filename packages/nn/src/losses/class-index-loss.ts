import type { Tensor } from '@seedling-ml/autograd';
import { NDArray, allocate } from '@seedling-ml/tensor';
import { type ClassTargets, classAxisOf, classIndices } from './class-targets.ts';
import { classAxisWeight } from './class-weight.ts';
import type { Reduction } from './reduction.ts';

/** What `classIndexLoss` needs besides the log-probabilities and targets. */
export interface ClassIndexLossConfig {
  readonly weight: Float64Array | null;
  readonly ignoreIndex: number;
  readonly reduction: Reduction;
  /** ε ∈ [0, 1]; 0 for plain NLL. */
  readonly labelSmoothing: number;
}

/**
 * Weighted negative log-likelihood of class-index targets, with optional label smoothing, exactly as PyTorch's
 * `nll_loss` / `cross_entropy` (aten LossNLL.cpp):
 * - per target n (k = yₙ, wₖ = weight[k] or 1, and 0 where yₙ = ignoreIndex): nllₙ = −wₖ·logp[n, k];
 *   smoothₙ = −Σ_c w_c·logp[n, c] (0 where ignored);
 * - 'none' keeps each; 'sum' adds them; 'mean' divides each sum by Σₙ w_{yₙ} over the non-ignored targets
 *   (the weighted mean; NaN when every target is ignored, as PyTorch);
 * - loss = (1 − ε)·nll + (ε/C)·smooth, reduced term by term.
 */
export function classIndexLoss(op: string, logProbs: Tensor, target: ClassTargets, config: ClassIndexLossConfig): Tensor {
  const { weight, ignoreIndex, reduction, labelSmoothing: eps } = config;
  const axis = classAxisOf(op, logProbs);
  const classCount = logProbs.shape[axis]!;
  const { indices, keep, classes } = classIndices(op, logProbs, target, ignoreIndex);
  // Each target's weight w[yₙ], zero where ignored; their sum is the 'mean' denominator.
  const perTarget = allocate(logProbs.dtype, keep.size);
  let total = 0;
  for (let i = 0; i < perTarget.length; i++) {
    const w = keep.data[i]! * (weight === null ? 1 : weight[classes[i]!]!);
    perTarget[i] = w;
    total += w;
  }
  const weights = new NDArray(perTarget, keep.shape);
  const reduce = (x: Tensor): Tensor => (reduction === 'none' ? x : reduction === 'sum' ? x.sum() : x.sum().div(total));
  const nll = reduce(logProbs.takeAlongAxis(indices, axis).squeeze(axis).mul(weights).neg());
  if (eps === 0) return nll;
  const weighted = weight === null ? logProbs : logProbs.mul(classAxisWeight(weight, logProbs.rank, logProbs.dtype));
  const keepMask = keep.astype(logProbs.dtype);
  const smooth = reduce(weighted.sum({ axis }).neg().mul(keepMask));
  return nll.mul(1 - eps).add(smooth.mul(eps / classCount));
}
