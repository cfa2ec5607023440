import { type NDArray, div, mul, sqrt as sqrtArray } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';

/** `√x`; d/dx = 1 / (2√x), from the saved output. NOTE: infinite at x = 0, as in PyTorch. */
export const sqrtOp = defineOp<[NDArray]>({
  name: 'sqrt',
  forward: ([x]) => sqrtArray(x),
  vjp: (g, { output }) => [div(g, mul(output, 2))],
});

/**
 * Element-wise square root: out = √x.
 * @example sqrt(tensor([4, 9])).toArray(); // [2, 3]
 */
export function sqrt(x: Tensor): Tensor {
  x = asTensor('sqrt', x, undefined, 'x');
  return apply(sqrtOp, [x], undefined);
}
