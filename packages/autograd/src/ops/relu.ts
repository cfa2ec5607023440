import { type NDArray, greater, mul, relu as reluArray } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';

/** `max(x, 0)`; d/dx = 1 where x > 0, else 0. NOTE: relu'(0) = 0 by convention (PyTorch's too). */
export const reluOp = defineOp<[NDArray]>({
  name: 'relu',
  forward: ([x]) => reluArray(x),
  vjp: (g, { inputs: [x] }) => [mul(g, greater(x, 0))],
});

/**
 * Rectified linear unit: out = max(x, 0).
 * @example relu(tensor([-1, 2])).toArray(); // [0, 2]
 */
export function relu(x: Tensor): Tensor {
  x = asTensor('relu', x, undefined, 'x');
  return apply(reluOp, [x], undefined);
}
