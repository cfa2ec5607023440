import { type NDArray, type ReduceOptions, div, equal, max as maxArray, mul, normalizeAxes, reshape, sum } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import { keptShape } from '../shape-util.ts';
import type { Tensor } from '../tensor.ts';
import type { ReduceAttrs } from './sum.ts';
import { asTensor } from '../tensor-like.ts';
import { checkOptions, is } from '@seedling-ml/tensor';
import { AutogradError } from '../errors.ts';

/**
 * Maximum over axes; the gradient goes to the element(s) that attain it.
 * NOTE: ties split the gradient equally between all maximal elements (PyTorch's `amax` convention),
 * so the VJP stays symmetric and the sum of the input gradients equals the output gradient.
 */
export const maxOp = defineOp<[NDArray], ReduceAttrs>({
  name: 'max',
  forward: ([x], { axes, keepdims }) => maxArray(x, { axis: axes, keepdims }),
  vjp: (g, { inputs: [x], output, attrs: { axes } }) => {
    const kept = keptShape(x.shape, axes);
    const hit = equal(x, reshape(output, kept));
    const count = sum(hit, { axis: axes, keepdims: true });
    return [mul(hit, div(reshape(g, kept), count))];
  },
});

/**
 * Maximum over `axis` (all axes when omitted); throws for an empty reduction.
 * @example max(tensor([[1, 5], [3, 2]]), { axis: 1 }).toArray(); // [5, 3]
 */
export function max(x: Tensor, options: ReduceOptions = {}): Tensor {
  x = asTensor('max', x, undefined, 'x');
  checkOptions('max', options, { axis: is.axes, keepdims: is.boolean }, AutogradError);
  const axes = normalizeAxes('max', options.axis, x.rank);
  return apply(maxOp, [x], { axes, keepdims: options.keepdims ?? false });
}
