import { type NDArray, exp as expArray, mul } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';

/** `eˣ`; d/dx = eˣ, which is the saved output. */
export const expOp = defineOp<[NDArray]>({
  name: 'exp',
  forward: ([x]) => expArray(x),
  vjp: (g, { output }) => [mul(g, output)],
});

/**
 * Element-wise exponential: out = eˣ.
 * @example exp(tensor([0, 1])).toArray(); // [1, 2.718281828459045] (float64)
 */
export function exp(x: Tensor): Tensor {
  x = asTensor('exp', x, undefined, 'x');
  return apply(expOp, [x], undefined);
}
