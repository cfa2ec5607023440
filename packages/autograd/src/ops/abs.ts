import { type NDArray, abs as absArray, mul, sign } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';

/** `|x|`; d/dx = sign(x). NOTE: abs'(0) = 0 by convention (sign(0) = 0), as in PyTorch. */
export const absOp = defineOp<[NDArray]>({
  name: 'abs',
  forward: ([x]) => absArray(x),
  vjp: (g, { inputs: [x] }) => [mul(g, sign(x))],
});

/**
 * Element-wise absolute value: out = |x|.
 * @example abs(tensor([-2, 3])).toArray(); // [2, 3]
 */
export function abs(x: Tensor): Tensor {
  x = asTensor('abs', x, undefined, 'x');
  return apply(absOp, [x], undefined);
}
