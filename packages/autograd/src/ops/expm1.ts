import { type NDArray, add, expm1 as expm1Array, mul } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';

/** `eˣ - 1`, accurate near 0; d/dx = eˣ = out + 1. */
export const expm1Op = defineOp<[NDArray]>({
  name: 'expm1',
  forward: ([x]) => expm1Array(x),
  vjp: (g, { output }) => [mul(g, add(output, 1))],
});

/**
 * Element-wise eˣ - 1, accurate for small x.
 * @example expm1(tensor([0])).toArray(); // [0]
 */
export function expm1(x: Tensor): Tensor {
  x = asTensor('expm1', x, undefined, 'x');
  return apply(expm1Op, [x], undefined);
}
