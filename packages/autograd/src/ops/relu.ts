import { type NDArray, leakyRelu as leakyReluArray, relu as reluArray, reluGrad } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';

/**
 * `max(x, 0)`; d/dx = 1 where x > 0, else 0. NOTE: relu'(0) = 0 by convention (PyTorch's too). The VJP is
 * g·(x > 0) in one pass (`reluGrad`), the same products as `mul(g, greater(x, 0))` without the mask array.
 */
export const reluOp = defineOp<[NDArray]>({
  name: 'relu',
  forward: ([x]) => reluArray(x),
  vjp: (g, { inputs: [x] }) => [reluGrad(g, x)],
});

/** Leaky ReLU's slope, rounded to the input's dtype by the kernels. */
interface LeakyReluAttrs {
  readonly negativeSlope: number;
}

/**
 * Leaky ReLU `x > 0 ? x : s·x`; d/dx = 1 where x > 0, else s (x = 0 takes the slope, PyTorch's choice). One
 * pass each way (`leakyRelu`, `reluGrad`), where the composed `where(x > 0, x, x·s)` made five arrays.
 */
export const leakyReluOp = defineOp<[NDArray], LeakyReluAttrs>({
  name: 'leakyRelu',
  forward: ([x], { negativeSlope }) => leakyReluArray(x, negativeSlope),
  vjp: (g, { inputs: [x], attrs }) => [reluGrad(g, x, attrs.negativeSlope)],
});

/**
 * Rectified linear unit: out = max(x, 0).
 * @example relu(tensor([-1, 2])).toArray(); // [0, 2]
 */
export function relu(x: Tensor): Tensor {
  x = asTensor('relu', x, undefined, 'x');
  return apply(reluOp, [x], undefined);
}
