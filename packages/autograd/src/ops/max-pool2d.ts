import {
  type MaxPool2dOptions,
  type NDArray,
  checkPoolOptions,
  is,
  maxPool2d as maxPool2dArray,
  maxPool2dGrad,
  maxPool2dOptionRules,
  maxPool2dWithIndices,
} from '@seedling-ml/tensor';
import { AutogradError } from '../errors.ts';
import { apply, defineOp } from '../op.ts';
import { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';

/** Max pooling; the gradient goes to each window's (first) maximum, found again from the input. */
export const maxPool2dOp = defineOp<[NDArray], MaxPool2dOptions>({
  name: 'maxPool2d',
  forward: ([x], options) => maxPool2dArray(x, options),
  vjp: (g, { inputs: [x], attrs }) => [maxPool2dGrad(g, x, attrs)],
});

/** `maxPool2d`'s options: the kernel's, and whether to return the indices of the maxima too. */
export interface MaxPool2dCallOptions extends MaxPool2dOptions {
  /** Also return where each maximum is (PyTorch's `return_indices`): `[values, indices]`. Default false. */
  returnIndices?: boolean;
}

const callRules = { ...maxPool2dOptionRules, returnIndices: is.boolean };

/**
 * 2-D max pooling of `x` [N, C, H, W] (PyTorch's `F.max_pool2d`; `stride` defaults to `kernelSize`):
 * `y[n, c, i, j] = max over the window of x` with −∞ padding. With `returnIndices: true` it returns
 * `[y, indices]`: `indices` (a constant of x's dtype, integer-valued, as `argmax`'s) holds the flat position
 * `row · W + column` of each maximum in its input plane — the first on ties, the last NaN if any, as PyTorch —
 * which `maxUnpool2d` inverts.
 *
 * @example
 * maxPool2d(tensor([[[[1, 2], [3, 4]]]]), { kernelSize: 2 }).toArray(); // [[[[4]]]]
 * const [y, i] = maxPool2d(tensor([[[[1, 2], [3, 4]]]]), { kernelSize: 2, returnIndices: true }); // i: [[[[3]]]]
 */
export function maxPool2d(x: Tensor, options: MaxPool2dOptions & { returnIndices?: false }): Tensor;
export function maxPool2d(x: Tensor, options: MaxPool2dOptions & { returnIndices: true }): [Tensor, Tensor];
export function maxPool2d(x: Tensor, options: MaxPool2dCallOptions): Tensor | [Tensor, Tensor];
export function maxPool2d(x: Tensor, options: MaxPool2dCallOptions): Tensor | [Tensor, Tensor] {
  x = asTensor('maxPool2d', x, undefined, 'input');
  checkPoolOptions('maxPool2d', options, callRules, AutogradError);
  const { returnIndices, ...pool } = options;
  if (returnIndices !== true) return apply(maxPool2dOp, [x], pool);
  // The values through the op (so they have a gradient); the indices from the same search, as a constant.
  const y = apply(maxPool2dOp, [x], pool);
  return [y, new Tensor(maxPool2dWithIndices(x.data, pool)[1])];
}
