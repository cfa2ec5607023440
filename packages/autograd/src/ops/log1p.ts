import { type NDArray, add, div, log1p as log1pArray } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';

/** `ln(1 + x)`, accurate near 0; d/dx = 1 / (1 + x). */
export const log1pOp = defineOp<[NDArray]>({
  name: 'log1p',
  forward: ([x]) => log1pArray(x),
  vjp: (g, { inputs: [x] }) => [div(g, add(x, 1))],
});

/**
 * Element-wise ln(1 + x), accurate for small x.
 * @example log1p(tensor([0])).toArray(); // [0]
 */
export function log1p(x: Tensor): Tensor {
  x = asTensor('log1p', x, undefined, 'x');
  return apply(log1pOp, [x], undefined);
}
