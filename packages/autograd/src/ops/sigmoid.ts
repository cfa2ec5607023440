import { type NDArray, mul, sigmoid as sigmoidArray, sub } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';

/** `σ(x) = 1 / (1 + e⁻ˣ)`; d/dx = σ(x)(1 - σ(x)), from the saved output. */
export const sigmoidOp = defineOp<[NDArray]>({
  name: 'sigmoid',
  forward: ([x]) => sigmoidArray(x),
  vjp: (g, { output }) => [mul(g, mul(output, sub(1, output)))],
});

/**
 * Element-wise logistic sigmoid: out = 1 / (1 + e⁻ˣ).
 * @example sigmoid(tensor([0])).toArray(); // [0.5]
 */
export function sigmoid(x: Tensor): Tensor {
  x = asTensor('sigmoid', x, undefined, 'x');
  return apply(sigmoidOp, [x], undefined);
}
