import { type NDArray, mul, sub, tanh as tanhArray } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';

/** `tanh x`; d/dx = 1 - tanh² x, from the saved output. */
export const tanhOp = defineOp<[NDArray]>({
  name: 'tanh',
  forward: ([x]) => tanhArray(x),
  vjp: (g, { output }) => [mul(g, sub(1, mul(output, output)))],
});

/**
 * Element-wise hyperbolic tangent: out = tanh x.
 * @example tanh(tensor([0])).toArray(); // [0]
 */
export function tanh(x: Tensor): Tensor {
  x = asTensor('tanh', x, undefined, 'x');
  return apply(tanhOp, [x], undefined);
}
