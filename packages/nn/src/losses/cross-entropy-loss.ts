import { textOf } from '@seedling-ml/tensor';
import { Tensor, softmaxCrossEntropy } from '@seedling-ml/autograd';
import { formatShape, shapesEqual } from '@seedling-ml/tensor';
import { NNError } from '../errors.ts';
import { type ClassTargets, classAxisOf, classIndices, targetArray } from './class-targets.ts';
import { classIndexLoss } from './class-index-loss.ts';
import { type ClassWeight, classAxisWeight, readClassWeight, readIgnoreIndex } from './class-weight.ts';
import { checkOptionKeys } from './option-keys.ts';
import { type LossOptions, readReduction } from './reduction.ts';
import { inputTensor } from '../layers/validate.ts';

/** Options of `crossEntropyLoss` (PyTorch's `weight`, `ignore_index`, `label_smoothing`, `reduction`). */
export interface CrossEntropyOptions extends LossOptions {
  /** Per-class weight `[C]` (see crossEntropyLoss for how it enters each reduction). */
  weight?: ClassWeight;
  /** Class-index targets equal to this are skipped. Default −100, as PyTorch. Not allowed with probability targets. */
  ignoreIndex?: number;
  /**
   * ε in [0, 1]: the target becomes (1 − ε)·onehot + ε/C (Szegedy et al. 2016). Default 0.
   */
  labelSmoothing?: number;
}

const CE_OPTIONS = ['weight', 'ignoreIndex', 'labelSmoothing', 'reduction'];

/**
 * Cross-entropy of raw logits, PyTorch's `cross_entropy`, with logp = logSoftmax(logits) along the class axis:
 *
 * - **Class-index targets** (the logits' shape without the class axis): ℓₙ = −w_{yₙ}·logp[n, yₙ] (w = `weight`,
 *   or 1; 0 where yₙ = `ignoreIndex`). 'mean' (default) is Σₙ ℓₙ / Σₙ w_{yₙ} over non-ignored targets (NaN if all
 *   are ignored, as PyTorch). With label smoothing ε the loss is (1 − ε)·that + (ε/C)·S, where S reduces
 *   sₙ = −Σ_c w_c·logp[n, c] (0 for ignored targets) the same way — 'mean' also divides by Σₙ w_{yₙ}.
 * - **Probability targets** (the logits' shape, e.g. soft labels; may require grad): q = (1 − ε)·target + ε/C,
 *   ℓₙ = −Σ_c w_c·q[n, c]·logp[n, c]; 'mean' divides by the number of samples (not by weights). `ignoreIndex`
 *   is refused here (PyTorch ignores it silently).
 *
 * `logits` are `[C]`, `[N, C]` or `[N, C, d1, …]` (classes on axis 1). Stable for any finite logits (log-softmax
 * via logsumexp: ±1e4 gives finite values and gradients). A target out of [0, C), not an integer, or of the wrong
 * shape throws, as does an unknown option.
 *
 * @example
 * crossEntropyLoss(tensor([[0, 0, 0, 0]]), [2]).item(); // ln 4 ≈ 1.3863
 * crossEntropyLoss(tensor([[0, 0], [0, 0]]), [1, -100]).item(); // ln 2: the second target is ignored
 * crossEntropyLoss(tensor([[0, 0]]), tensor([[0.25, 0.75]])).item(); // ln 2: probability targets
 */
export function crossEntropyLoss(logits: Tensor, target: ClassTargets, options: CrossEntropyOptions = {}): Tensor {
  logits = inputTensor('crossEntropyLoss', 'logits', logits);
  const op = 'crossEntropyLoss';
  checkOptionKeys(op, options, CE_OPTIONS);
  const reduction = readReduction(op, options);
  const eps = options.labelSmoothing ?? 0;
  if (typeof eps !== 'number' || !(eps >= 0 && eps <= 1)) {
    throw new NNError(op, `labelSmoothing must be a number in [0, 1], got ${textOf(eps)}`);
  }
  const axis = classAxisOf(op, logits);
  const classCount = logits.shape[axis]!;
  const weight = readClassWeight(op, options.weight, classCount);
  const t = targetArray(target);
  if (logits.rank === 2 && t.rank === 1 && weight === null && eps === 0 && reduction === 'mean') {
    // The common training case runs fused (one pass for loss and gradient; measured in docs/benchmarks.md).
    // classIndices validates the targets with this loss's own messages; ignored targets take the general path.
    const { keep } = classIndices(op, logits, target, readIgnoreIndex(op, options.ignoreIndex));
    if (keep.data.every((k) => k === 1)) return softmaxCrossEntropy(logits, t);
  }
  const logProbs = logits.logSoftmax(axis);
  if (!shapesEqual(t.shape, logits.shape)) {
    return classIndexLoss(op, logProbs, target, {
      weight,
      ignoreIndex: readIgnoreIndex(op, options.ignoreIndex),
      reduction,
      labelSmoothing: eps,
    });
  }
  if (options.ignoreIndex !== undefined) {
    throw new NNError(
      op,
      `ignoreIndex applies to class-index targets only; target ${formatShape(t.shape)} has the logits' shape, so it holds probabilities`,
    );
  }
  const probs = target instanceof Tensor ? target : new Tensor(t.dtype === logits.dtype ? t : t.astype(logits.dtype));
  const q = eps === 0 ? probs : probs.mul(1 - eps).add(eps / classCount);
  let terms = logProbs.mul(q);
  if (weight !== null) terms = terms.mul(classAxisWeight(weight, logits.rank, logits.dtype));
  const losses = terms.sum({ axis }).neg();
  return reduction === 'none' ? losses : reduction === 'sum' ? losses.sum() : losses.sum().div(losses.size);
}
