import { Tensor, type TensorLike, tensor } from '@seedling-ml/autograd';
import { NDArray, type Rules, describeValue, formatShape, is, shapesEqual } from '@seedling-ml/tensor';
import { NNError } from '../errors.ts';

/** How a loss combines per-element losses: their mean (default), their sum, or none (same shape). */
export type Reduction = 'mean' | 'sum' | 'none';

const REDUCTIONS: readonly Reduction[] = ['mean', 'sum', 'none'];

/** Options every loss takes. */
export interface LossOptions {
  /** 'mean' (default), 'sum' or 'none'. */
  reduction?: Reduction;
}

/**
 * Option rules every loss shares, for `checkOptions`; a loss with more options spreads them into its table:
 * `checkOptions('crossEntropyLoss', options, { ...lossOptionRules, labelSmoothing: is.any }, NNError)`.
 * (`reduction`'s value is checked by `readReduction`, which lists the choices.)
 */
export const lossOptionRules: Rules<LossOptions> = { reduction: is.any };

/** The validated reduction of `options` (default 'mean'); an unknown one throws listing the choices. */
export function readReduction(op: string, options: LossOptions): Reduction {
  const r = options.reduction ?? 'mean';
  if (!REDUCTIONS.includes(r)) throw new NNError(op, `reduction must be one of 'mean', 'sum', 'none', got ${JSON.stringify(r)}`);
  return r;
}

/** Applies `reduction` to per-element losses. */
export function reduce(losses: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return losses;
  return reduction === 'sum' ? losses.sum() : losses.mean();
}

/** `x` as a Tensor (NDArrays and numbers become constants; nested arrays are copied into `dtype`); errors name `op`. */
export function asTarget(x: TensorLike | readonly number[], dtype: Tensor['dtype'], op: string, name = 'target'): Tensor {
  if (x instanceof Tensor) return x;
  if (x instanceof NDArray) return new Tensor(x);
  if (typeof x === 'number') return tensor(x, { dtype });
  if (!Array.isArray(x))
    throw new NNError(op, `${name} must be a Tensor, an NDArray, a number or an array of numbers, got ${describeValue(x)}`);
  return tensor(Array.from(x), { dtype });
}

/** Throws unless `target` has exactly `input`'s shape (losses do not broadcast: a mismatch is a bug). */
export function checkSameShape(op: string, input: Tensor, target: Tensor): void {
  if (!shapesEqual(input.shape, target.shape)) {
    throw new NNError(op, `target shape ${formatShape(target.shape)} does not match input shape ${formatShape(input.shape)}`);
  }
}
