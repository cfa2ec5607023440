import { type NDArray, erf as erfArray, exp, mul, neg } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** `erf x`; d/dx = (2/√π) e^(−x²). */
export const erfOp = defineOp<[NDArray]>({
  name: 'erf',
  forward: ([x]) => erfArray(x),
  vjp: (g, { inputs: [x] }) => [mul(g, mul(exp(neg(mul(x, x))), TWO_OVER_SQRT_PI))],
});

/**
 * Element-wise Gauss error function: out = (2/√π) ∫₀ˣ e^(−t²) dt.
 * @example erf(tensor([0])).toArray(); // [0]
 */
export function erf(x: Tensor): Tensor {
  x = asTensor('erf', x, undefined, 'x');
  return apply(erfOp, [x], undefined);
}
