import { type NDArray, mul as mulArrays } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { type TensorLike, operands } from '../tensor-like.ts';

/** `a · b`; d/da = b, d/db = a. */
export const mulOp = defineOp<[NDArray, NDArray]>({
  name: 'mul',
  broadcasts: true,
  forward: ([a, b]) => mulArrays(a, b),
  vjp: (g, { inputs: [a, b], needsGrad }) => [needsGrad[0] ? mulArrays(g, b) : null, needsGrad[1] ? mulArrays(g, a) : null],
});

/**
 * Element-wise product with broadcasting: out = a · b. Multiplying by a constant NDArray mask is how
 * dropout is written (the mask gets no gradient).
 * @example mul(tensor([1, 2]), tensor([3, 4])).toArray(); // [3, 8]
 */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  return apply(mulOp, operands('mul', a, b), undefined);
}
