import { type NDArray, add as addArrays } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { type TensorLike, operands } from '../tensor-like.ts';

/** `a + b`; d/da = d/db = 1, so the gradient passes to both sides unchanged (the engine un-broadcasts it). */
export const addOp = defineOp<[NDArray, NDArray]>({
  name: 'add',
  broadcasts: true,
  forward: ([a, b]) => addArrays(a, b),
  vjp: (g) => [g, g],
});

/**
 * Element-wise sum with NumPy broadcasting: out = a + b.
 * @example add(tensor([1, 2]), 10).toArray(); // [11, 12]
 */
export function add(a: TensorLike, b: TensorLike): Tensor {
  return apply(addOp, operands('add', a, b), undefined);
}
