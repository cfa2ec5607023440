import type { DType, NDArray } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';

/** Target dtype of `astype`. */
interface AstypeAttrs {
  readonly dtype: DType;
}

/** Converts the dtype; the VJP casts the gradient back to the input's dtype. */
export const astypeOp = defineOp<[NDArray], AstypeAttrs>({
  name: 'astype',
  forward: ([x], { dtype }) => x.astype(dtype),
  // The gradient goes back in x's dtype (the cast's own inverse), not left for the engine to cast.
  vjp: (g, { inputs: [x] }) => [g.dtype === x.dtype ? g : g.astype(x.dtype)],
});

/**
 * `x` converted to `dtype` (a copy; differentiable). Returns `x` itself when it already has that dtype.
 * @example astype(tensor([1.5]), 'float64').dtype; // 'float64'
 */
export function astype(x: Tensor, dtype: DType): Tensor {
  x = asTensor('astype', x, undefined, 'x');
  return x.dtype === dtype ? x : apply(astypeOp, [x], { dtype });
}
