import {
  type ConvTranspose2dOptions,
  type NDArray,
  conv2d,
  conv2dWeightGrad,
  convTranspose2d as convTranspose2dArrays,
  convTranspose2dOptionRules,
  convTranspose2dPlan,
  shiftWindow,
  checkOptions,
  sum,
} from '@seedling-ml/tensor';
import { AutogradError } from '../errors.ts';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';

/**
 * Transposed 2-D convolution; inputs `[x, weight]` or `[x, weight, bias]`. It is the input gradient of
 * a `conv2d` with the same weight, so its VJP is that conv2d's forward (for dX) and weight gradient
 * with the roles of input and output gradient swapped (for dW).
 */
export const convTranspose2dOp = defineOp<readonly NDArray[], ConvTranspose2dOptions>({
  name: 'convTranspose2d',
  forward: ([x, w, b], options) => convTranspose2dArrays(x!, w!, b ?? null, options),
  vjp: (g, { inputs: [x, w, b], attrs, needsGrad }) => {
    const { conv, full } = convTranspose2dPlan('convTranspose2d', x!.shape, w!.shape, attrs);
    // The forward cropped a larger unpadded result (outputPadding ≥ stride): the adjoint of the crop first.
    const gc = full === null ? g : shiftWindow(g, full.fullShape[2]!, full.fullShape[3]!, -full.offset[0], -full.offset[1]);
    return [
      needsGrad[0] ? conv2d(gc, w!, null, conv) : null,
      needsGrad[1] ? conv2dWeightGrad(gc, x!, w!.shape, conv) : null,
      b !== undefined && needsGrad[2] ? sum(g, { axis: [0, 2, 3] }) : null,
    ].slice(0, b === undefined ? 2 : 3);
  },
});

/**
 * Transposed 2-D convolution of `x` [N, C, H, W] with `weight` [C, O/groups, kH, kW] and optional
 * `bias` [O] (PyTorch's `F.conv_transpose2d`): the adjoint of `conv2d`, upsampling by `stride`.
 * Output size `(H − 1)·stride − 2·padding + dilation·(kH − 1) + outputPadding + 1` per axis.
 *
 * @example
 * convTranspose2d(ones([1, 1, 2, 2]), ones([1, 1, 2, 2])).toArray(); // [[[[1, 2, 1], [2, 4, 2], [1, 2, 1]]]]
 */
export function convTranspose2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, options: ConvTranspose2dOptions = {}): Tensor {
  x = asTensor('convTranspose2d', x, undefined, 'input');
  weight = asTensor('convTranspose2d', weight, x.dtype, 'weight');
  if (bias !== null) bias = asTensor('convTranspose2d', bias, x.dtype, 'bias');
  checkOptions('convTranspose2d', options, convTranspose2dOptionRules, AutogradError);
  return apply(convTranspose2dOp, bias === null ? [x, weight] : [x, weight, bias], options);
}
