import type { Tensor } from '@seedling-ml/autograd';
import { type ClassTargets, classAxisOf } from './class-targets.ts';
import { classIndexLoss } from './class-index-loss.ts';
import { type ClassWeight, readClassWeight, readIgnoreIndex } from './class-weight.ts';
import { checkOptionKeys } from './option-keys.ts';
import { type LossOptions, readReduction } from './reduction.ts';

/** Options of `nllLoss` (PyTorch's `weight`, `ignore_index`, `reduction`). */
export interface NllLossOptions extends LossOptions {
  /** Per-class weight `[C]`: target n's loss is scaled by weight[yₙ], and 'mean' divides by Σ weight[yₙ]. */
  weight?: ClassWeight;
  /** Targets equal to this are skipped (loss 0, not counted by 'mean'). Default −100, as PyTorch. */
  ignoreIndex?: number;
}

const NLL_OPTIONS = ['weight', 'ignoreIndex', 'reduction'];
import { inputTensor } from '../layers/validate.ts';

/**
 * Negative log-likelihood of integer class targets given log-probabilities, PyTorch's `nll_loss`:
 * ℓₙ = −w_{yₙ}·input[n, yₙ] (w = `weight`, or 1), 0 where yₙ = `ignoreIndex`. 'mean' (default) is the
 * weighted mean Σₙ ℓₙ / Σₙ w_{yₙ} over non-ignored targets (NaN if all are ignored, as PyTorch); 'sum' and
 * 'none' as usual. `input` is `[C]`, `[N, C]` or `[N, C, d1, …]` (classes on axis 1, e.g. a `LogSoftmax(1)`
 * output); `target` has `input`'s shape without the class axis. A target out of [0, C) (other than
 * `ignoreIndex`), not an integer, or of the wrong shape throws.
 *
 * @example
 * nllLoss(tensor([[-0.1, -2.3], [-1.2, -0.4]]), [0, 1]).item(); // (0.1 + 0.4) / 2 = 0.25
 * nllLoss(tensor([[-0.1, -2.3], [-1.2, -0.4]]), [0, 1], { weight: [1, 3] }).item(); // (0.1 + 3·0.4) / 4 = 0.325
 */
export function nllLoss(input: Tensor, target: ClassTargets, options: NllLossOptions = {}): Tensor {
  const op = 'nllLoss';
  input = inputTensor(op, 'input', input);
  checkOptionKeys(op, options, NLL_OPTIONS);
  const reduction = readReduction(op, options);
  const ignoreIndex = readIgnoreIndex(op, options.ignoreIndex);
  const weight = readClassWeight(op, options.weight, input.shape[classAxisOf(op, input)]!);
  return classIndexLoss(op, input, target, { weight, ignoreIndex, reduction, labelSmoothing: 0 });
}
