import {
  type AvgPool2dOptions,
  type NDArray,
  avgPool2d as avgPool2dArray,
  avgPool2dGrad,
  avgPool2dOptionRules,
  checkPoolOptions,
} from '@seedling-ml/tensor';
import { AutogradError } from '../errors.ts';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';

/** Average pooling; each window spreads its output gradient evenly (÷ its divisor) over its elements. */
export const avgPool2dOp = defineOp<[NDArray], AvgPool2dOptions>({
  name: 'avgPool2d',
  forward: ([x], options) => avgPool2dArray(x, options),
  vjp: (g, { inputs: [x], attrs }) => [avgPool2dGrad(g, x.shape, attrs)],
});

/**
 * 2-D average pooling of `x` [N, C, H, W] (PyTorch's `F.avg_pool2d`: `countIncludePad` default true,
 * `ceilMode`, `divisorOverride`; `stride` defaults to `kernelSize`).
 *
 * @example
 * avgPool2d(tensor([[[[1, 2], [3, 4]]]]), { kernelSize: 2 }).toArray(); // [[[[2.5]]]]
 */
export function avgPool2d(x: Tensor, options: AvgPool2dOptions): Tensor {
  x = asTensor('avgPool2d', x, undefined, 'input');
  checkPoolOptions('avgPool2d', options, avgPool2dOptionRules, AutogradError);
  return apply(avgPool2dOp, [x], options);
}
