import {
  type MaxPool2dOptions,
  type NDArray,
  checkPoolOptions,
  maxPool2d as maxPool2dArray,
  maxPool2dGrad,
  maxPool2dOptionRules,
} from '@seedling-ml/tensor';
import { AutogradError } from '../errors.ts';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';

/** Max pooling; the gradient goes to each window's (first) maximum, found again from the input. */
export const maxPool2dOp = defineOp<[NDArray], MaxPool2dOptions>({
  name: 'maxPool2d',
  forward: ([x], options) => maxPool2dArray(x, options),
  vjp: (g, { inputs: [x], attrs }) => [maxPool2dGrad(g, x, attrs)],
});

/**
 * 2-D max pooling of `x` [N, C, H, W] (PyTorch's `F.max_pool2d`; `stride` defaults to `kernelSize`):
 * `y[n, c, i, j] = max over the window of x` with −∞ padding.
 *
 * @example
 * maxPool2d(tensor([[[[1, 2], [3, 4]]]]), { kernelSize: 2 }).toArray(); // [[[[4]]]]
 */
export function maxPool2d(x: Tensor, options: MaxPool2dOptions): Tensor {
  x = asTensor('maxPool2d', x, undefined, 'input');
  checkPoolOptions('maxPool2d', options, maxPool2dOptionRules, AutogradError);
  return apply(maxPool2dOp, [x], options);
}
