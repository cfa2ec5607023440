import { type NDArray, add, equal, greater, maximum as maximumArrays, mul, sub } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { type TensorLike, operands } from '../tensor-like.ts';

/**
 * `max(a, b)` element-wise; the gradient goes to the larger operand.
 * NOTE: at ties (a = b) the gradient is split equally, half to each side (PyTorch's convention).
 */
export const maximumOp = defineOp<[NDArray, NDArray]>({
  name: 'maximum',
  broadcasts: true,
  forward: ([a, b]) => maximumArrays(a, b),
  vjp: (g, { inputs: [a, b] }) => {
    const toA = mul(g, add(greater(a, b), mul(equal(a, b), 0.5)));
    return [toA, sub(g, toA)];
  },
});

/**
 * Element-wise maximum with broadcasting: out = max(a, b).
 * @example maximum(tensor([1, 5]), 3).toArray(); // [3, 5]
 */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  return apply(maximumOp, operands('maximum', a, b), undefined);
}
