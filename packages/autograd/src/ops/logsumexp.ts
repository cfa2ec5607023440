import { type NDArray, type ReduceOptions, exp, logsumexp as logsumexpArray, mul, normalizeAxes, reshape, sub } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import { keptShape } from '../shape-util.ts';
import type { Tensor } from '../tensor.ts';
import type { ReduceAttrs } from './sum.ts';
import { asTensor } from '../tensor-like.ts';
import { checkOptions, is } from '@seedling-ml/tensor';
import { AutogradError } from '../errors.ts';

/** `ln Σ eˣ` over axes (stable: the kernel subtracts the max); d/dx = e^(x − out) = softmax(x). */
export const logsumexpOp = defineOp<[NDArray], ReduceAttrs>({
  name: 'logsumexp',
  forward: ([x], { axes, keepdims }) => logsumexpArray(x, { axis: axes, keepdims }),
  vjp: (g, { inputs: [x], output, attrs: { axes } }) => {
    const kept = keptShape(x.shape, axes);
    return [mul(reshape(g, kept), exp(sub(x, reshape(output, kept))))];
  },
});

/**
 * Numerically stable log-sum-exp over `axis` (all axes when omitted): out = ln Σ eˣ.
 * @example logsumexp(tensor([0, 0])).item(); // 0.6931471805599453 (ln 2, float64)
 */
export function logsumexp(x: Tensor, options: ReduceOptions = {}): Tensor {
  x = asTensor('logsumexp', x, undefined, 'x');
  checkOptions('logsumexp', options, { axis: is.axes, keepdims: is.boolean }, AutogradError);
  const axes = normalizeAxes('logsumexp', options.axis, x.rank);
  return apply(logsumexpOp, [x], { axes, keepdims: options.keepdims ?? false });
}
