import { type NDArray, reshape as reshapeArray } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';

/** Target shape of `reshape` (may contain one -1). */
interface ReshapeAttrs {
  readonly shape: readonly number[];
}

/** Same elements, new shape (a view); the gradient is reshaped back. */
export const reshapeOp = defineOp<[NDArray], ReshapeAttrs>({
  name: 'reshape',
  forward: ([x], { shape }) => reshapeArray(x, shape),
  vjp: (g, { inputs: [x] }) => [reshapeArray(g, x.shape)],
});

/**
 * Gives `x` a new shape with the same elements in row-major order; one dim may be -1.
 * @example reshape(tensor([1, 2, 3, 4]), [2, -1]).shape; // [2, 2]
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  x = asTensor('reshape', x, undefined, 'x');
  return apply(reshapeOp, [x], { shape });
}
