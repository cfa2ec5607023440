import { type MaxUnpool2dOptions, NDArray, checkArg, is, maxUnpool2d as maxUnpool2dArray, maxUnpool2dGrad } from '@seedling-ml/tensor';
import { AutogradError } from '../errors.ts';
import { apply, defineOp } from '../op.ts';
import { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';

/** The pooling's geometry and the (constant) indices of the maxima. */
interface MaxUnpool2dAttrs {
  readonly indices: NDArray;
  readonly options: MaxUnpool2dOptions;
}

/** Max unpooling: a scatter into zeros; its VJP gathers the output gradient back at the same positions. */
export const maxUnpool2dOp = defineOp<[NDArray], MaxUnpool2dAttrs>({
  name: 'maxUnpool2d',
  forward: ([x], { indices, options }) => maxUnpool2dArray(x, indices, options),
  vjp: (g, { inputs: [x], attrs: { indices, options } }) => [maxUnpool2dGrad(g, x, indices, options)],
});

/**
 * Max unpooling of `x` [N, C, H, W] (PyTorch's `F.max_unpool2d`, the decoder half of SegNet): zeros of
 * `[N, C, outH, outW]` with each value written at the plane position `indices` gives, as returned by
 * `maxPool2d(…, { returnIndices: true })`. `outH = (H − 1)·stride − 2·padding + kernelSize` unless
 * `outputSize` says otherwise (the pooled input's size, which floor rounding loses). The indices are a
 * constant; the gradient with respect to `x` reads the output gradient at each index.
 *
 * @example
 * const [y, i] = maxPool2d(x, { kernelSize: 2, returnIndices: true });
 * maxUnpool2d(y, i, { kernelSize: 2, outputSize: [x.shape[2], x.shape[3]] }); // x's maxima in place, zeros elsewhere
 */
export function maxUnpool2d(x: Tensor, indices: Tensor | NDArray, options: MaxUnpool2dOptions): Tensor {
  x = asTensor('maxUnpool2d', x, undefined, 'input');
  const idx = indices instanceof Tensor ? indices.data : indices;
  checkArg('maxUnpool2d', 'indices', idx, is.instance(NDArray, 'a Tensor or an NDArray'), AutogradError);
  return apply(maxUnpool2dOp, [x], { indices: idx, options });
}
