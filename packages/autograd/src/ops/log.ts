import { type NDArray, div, log as logArray } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';

/** `ln x`; d/dx = 1/x. */
export const logOp = defineOp<[NDArray]>({
  name: 'log',
  forward: ([x]) => logArray(x),
  vjp: (g, { inputs: [x] }) => [div(g, x)],
});

/**
 * Element-wise natural logarithm: out = ln x (NaN for x < 0, -Infinity at 0).
 * @example log(tensor([1])).toArray(); // [0]
 */
export function log(x: Tensor): Tensor {
  x = asTensor('log', x, undefined, 'x');
  return apply(logOp, [x], undefined);
}
