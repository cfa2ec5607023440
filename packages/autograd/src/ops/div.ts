import { type NDArray, div as divArrays, mul, neg } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { type TensorLike, operands } from '../tensor-like.ts';

/** `a / b`; d/da = 1/b, d/db = -a/b² = -out/b. */
export const divOp = defineOp<[NDArray, NDArray]>({
  name: 'div',
  broadcasts: true,
  forward: ([a, b]) => divArrays(a, b),
  vjp: (g, { inputs: [, b], output, needsGrad }) => [
    needsGrad[0] ? divArrays(g, b) : null,
    needsGrad[1] ? neg(divArrays(mul(g, output), b)) : null,
  ],
});

/**
 * Element-wise quotient with broadcasting: out = a / b.
 * @example div(tensor([1, 3]), 2).toArray(); // [0.5, 1.5]
 */
export function div(a: TensorLike, b: TensorLike): Tensor {
  return apply(divOp, operands('div', a, b), undefined);
}
