import { type NDArray, equal, log, mul, pow as powArrays, sub, where } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { type TensorLike, operands } from '../tensor-like.ts';

/**
 * `a ** b`; d/da = b · a^(b-1), d/db = a^b · ln a.
 * NOTE: where b = 0 the base's gradient is 0 (a^0 is constant; b · a^(b-1) would be 0 · ∞ = NaN at
 * a = 0). At a = 0 the exponent's gradient is taken as 0 (a^b · ln a → 0 for b > 0). Both as PyTorch
 * does. For a < 0 the exponent's gradient is NaN (ln a is undefined).
 */
export const powOp = defineOp<[NDArray, NDArray]>({
  name: 'pow',
  broadcasts: true,
  forward: ([a, b]) => powArrays(a, b),
  vjp: (g, { inputs: [a, b], output, needsGrad }) => [
    needsGrad[0] ? mul(g, where(equal(b, 0), 0, mul(b, powArrays(a, sub(b, 1))))) : null,
    needsGrad[1] ? mul(g, where(equal(a, 0), 0, mul(output, log(a)))) : null,
  ],
});

/**
 * Element-wise power with broadcasting: out = a ** b.
 * @example pow(tensor([2, 3]), 2).toArray(); // [4, 9]
 */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  return apply(powOp, operands('pow', a, b), undefined);
}
