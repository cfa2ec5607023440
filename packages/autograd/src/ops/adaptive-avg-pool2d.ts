import {
  type NDArray,
  type Pair,
  adaptiveAvgPool2d as adaptiveAvgPool2dArray,
  adaptiveAvgPool2dGrad,
  checkArg,
  pairRule,
} from '@seedling-ml/tensor';
import { AutogradError } from '../errors.ts';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';

/** Adaptive average pooling; each bin spreads its output gradient evenly over its elements. */
export const adaptiveAvgPool2dOp = defineOp<[NDArray], { readonly outputSize: Pair }>({
  name: 'adaptiveAvgPool2d',
  forward: ([x], { outputSize }) => adaptiveAvgPool2dArray(x, outputSize),
  vjp: (g, { inputs: [x] }) => [adaptiveAvgPool2dGrad(g, x.shape)],
});

/**
 * Adaptive 2-D average pooling of `x` [N, C, H, W] to `[N, C, outH, outW]` (PyTorch's
 * `F.adaptive_avg_pool2d`): bin i of an axis covers [⌊i·H/outH⌋, ⌈(i+1)·H/outH⌉).
 *
 * @example
 * adaptiveAvgPool2d(tensor([[[[1, 2], [3, 4]]]]), 1).toArray(); // [[[[2.5]]]]
 */
export function adaptiveAvgPool2d(x: Tensor, outputSize: Pair): Tensor {
  x = asTensor('adaptiveAvgPool2d', x, undefined, 'input');
  checkArg('adaptiveAvgPool2d', 'outputSize', outputSize, pairRule(1), AutogradError);
  return apply(adaptiveAvgPool2dOp, [x], { outputSize });
}
