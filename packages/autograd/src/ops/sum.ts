import { type NDArray, type ReduceOptions, broadcastTo, normalizeAxes, reshape, sum as sumArray } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import { keptShape } from '../shape-util.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';
import { checkOptions, is } from '@seedling-ml/tensor';
import { AutogradError } from '../errors.ts';

/** Normalized axes (sorted) and keepdims of a reduction. */
export interface ReduceAttrs {
  /** Reduced axes, normalized into [0, rank) and sorted. */
  readonly axes: readonly number[];
  /** Keep reduced axes as size 1 in the output. */
  readonly keepdims: boolean;
}

/** Σ over axes; every input element gets the gradient of the sum it went into (broadcast back). */
export const sumOp = defineOp<[NDArray], ReduceAttrs>({
  name: 'sum',
  forward: ([x], { axes, keepdims }) => sumArray(x, { axis: axes, keepdims }),
  vjp: (g, { inputs: [x], attrs: { axes } }) => [broadcastTo(reshape(g, keptShape(x.shape, axes)), x.shape)],
});

/**
 * Sum over `axis` (all axes when omitted), keeping reduced axes as 1 with `keepdims`.
 * @example sum(tensor([[1, 2], [3, 4]]), { axis: 0 }).toArray(); // [4, 6]
 */
export function sum(x: Tensor, options: ReduceOptions = {}): Tensor {
  x = asTensor('sum', x, undefined, 'x');
  checkOptions('sum', options, { axis: is.axes, keepdims: is.boolean }, AutogradError);
  const axes = normalizeAxes('sum', options.axis, x.rank);
  return apply(sumOp, [x], { axes, keepdims: options.keepdims ?? false });
}
