import { textOf } from '@seedling-ml/tensor';
import { type Tensor, type TensorLike, where } from '@seedling-ml/autograd';
import { greater } from '@seedling-ml/tensor';
import { NNError } from '../errors.ts';
import { inputTensor } from '../layers/validate.ts';
import { checkOptionKeys } from './option-keys.ts';
import { asTarget, checkSameShape } from './reduction.ts';

/** Options of `klDivLoss`. */
export interface KlDivLossOptions {
  /**
   * 'mean' (default, PyTorch's: the mean over all elements), 'batchmean' (the sum divided by the batch size
   * `input.shape[0]`: the KL divergence per sample, what the math means), 'sum' or 'none'.
   */
  reduction?: 'mean' | 'batchmean' | 'sum' | 'none';
  /** The target holds log-probabilities instead of probabilities. Default false. */
  logTarget?: boolean;
}

const KL_REDUCTIONS = ['mean', 'batchmean', 'sum', 'none'];

/**
 * Kullback–Leibler divergence, PyTorch's `kl_div`: `input` holds log-probabilities log q; the target holds
 * probabilities p (or log p with `logTarget`). Element-wise ℓᵢ = pᵢ·(log pᵢ − log qᵢ), with 0 where pᵢ = 0
 * (0·log 0 = 0); with `logTarget`, ℓᵢ = e^(tᵢ)·(tᵢ − log qᵢ). Reduced by `reduction`.
 *
 * @example
 * klDivLoss(tensor([[Math.log(0.5), Math.log(0.5)]]), tensor([[0.25, 0.75]]), { reduction: 'sum' }).item();
 * // 0.25·ln 0.5 + 0.75·ln 1.5 ≈ 0.1308
 */
export function klDivLoss(input: Tensor, target: TensorLike | readonly number[], options: KlDivLossOptions = {}): Tensor {
  const op = 'klDivLoss';
  input = inputTensor(op, 'input', input);
  checkOptionKeys(op, options, ['reduction', 'logTarget']);
  const reduction = options.reduction ?? 'mean';
  if (!KL_REDUCTIONS.includes(reduction))
    throw new NNError(op, `reduction must be one of 'mean', 'batchmean', 'sum', 'none', got ${JSON.stringify(reduction)}`);
  const logTarget = options.logTarget ?? false;
  if (typeof logTarget !== 'boolean') throw new NNError(op, `logTarget must be true or false, got ${textOf(logTarget)}`);
  const t = asTarget(target, input.dtype, op);
  checkSameShape(op, input, t);
  let losses: Tensor;
  if (logTarget) {
    losses = t.exp().mul(t.sub(input));
  } else {
    // p·log p with 0 at p = 0: log is taken of 1 there, so neither the value nor a gradient becomes NaN.
    const positive = greater(t.data, 0);
    const safeLog = where(positive, t, 1).log();
    losses = t.mul(safeLog.sub(input));
  }
  if (reduction === 'none') return losses;
  if (reduction === 'sum') return losses.sum();
  if (reduction === 'batchmean') {
    if (input.rank === 0) throw new NNError(op, "reduction 'batchmean' needs a batch axis: input []");
    return losses.sum().div(input.shape[0]!);
  }
  return losses.mean();
}
