import { type NDArray, neg, sub as subArrays } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { type TensorLike, operands } from '../tensor-like.ts';

/** `a - b`; d/da = 1, d/db = -1. */
export const subOp = defineOp<[NDArray, NDArray]>({
  name: 'sub',
  broadcasts: true,
  forward: ([a, b]) => subArrays(a, b),
  vjp: (g, { needsGrad }) => [g, needsGrad[1] ? neg(g) : null],
});

/**
 * Element-wise difference with broadcasting: out = a - b.
 * @example sub(tensor([5, 7]), tensor([1, 2])).toArray(); // [4, 5]
 */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  return apply(subOp, operands('sub', a, b), undefined);
}
