import {
  type Conv2dOptions,
  type NDArray,
  checkOptions,
  conv2d as conv2dArrays,
  conv2dInputGrad,
  conv2dOptionRules,
  conv2dWeightGrad,
  sum,
} from '@seedling-ml/tensor';
import { AutogradError } from '../errors.ts';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';

/**
 * 2-D convolution; inputs `[x, weight]` or `[x, weight, bias]`. VJP: the input gradient is the
 * transposed convolution of dY with W, the weight gradient correlates X with dY, the bias gradient
 * sums dY over batch and space.
 */
export const conv2dOp = defineOp<readonly NDArray[], Conv2dOptions>({
  name: 'conv2d',
  forward: ([x, w, b], options) => conv2dArrays(x!, w!, b ?? null, options),
  vjp: (g, { inputs: [x, w, b], attrs, needsGrad }) =>
    [
      needsGrad[0] ? conv2dInputGrad(g, w!, x!.shape, attrs) : null,
      needsGrad[1] ? conv2dWeightGrad(x!, g, w!.shape, attrs) : null,
      b !== undefined && needsGrad[2] ? sum(g, { axis: [0, 2, 3] }) : null,
    ].slice(0, b === undefined ? 2 : 3),
});

/**
 * 2-D convolution over `x` [N, C, H, W] with `weight` [O, C/groups, kH, kW] and optional `bias` [O]
 * (PyTorch's `F.conv2d(input, weight, bias, stride, padding, dilation, groups)`):
 * `y[n, o, i, j] = b[o] + Σ_{c, p, q} w[o, c, p, q] · x[n, g·C/groups + c, i·sH − padTop + p·dH, j·sW − padLeft + q·dW]`.
 * `padding` is an int, a pair, `'valid'` or `'same'` (stride 1).
 *
 * @example
 * conv2d(ones([1, 1, 3, 3]), ones([1, 1, 2, 2])).shape; // [1, 1, 2, 2], every value 4
 * x.conv2d(w, b, { stride: 2, padding: 1 });
 */
export function conv2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, options: Conv2dOptions = {}): Tensor {
  x = asTensor('conv2d', x, undefined, 'input');
  weight = asTensor('conv2d', weight, x.dtype, 'weight');
  if (bias !== null) bias = asTensor('conv2d', bias, x.dtype, 'bias');
  checkOptions('conv2d', options, conv2dOptionRules, AutogradError);
  return apply(conv2dOp, bias === null ? [x, weight] : [x, weight, bias], options);
}
