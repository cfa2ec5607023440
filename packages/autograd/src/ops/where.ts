import { type NDArray, where as whereArrays } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { type TensorLike, constantData, operands } from '../tensor-like.ts';

/** The condition of `where`; a constant (never differentiated). */
interface WhereAttrs {
  readonly cond: NDArray | number;
}

/** `cond ? a : b`; the gradient goes to whichever side was picked, element by element. */
export const whereOp = defineOp<[NDArray, NDArray], WhereAttrs>({
  name: 'where',
  broadcasts: true,
  forward: ([a, b], { cond }) => whereArrays(cond, a, b),
  vjp: (g, { attrs: { cond }, needsGrad }) => [
    needsGrad[0] ? whereArrays(cond, g, 0) : null,
    needsGrad[1] ? whereArrays(cond, 0, g) : null,
  ],
});

/**
 * Picks `a` where `cond` is non-zero and `b` elsewhere, broadcasting all three. `cond` is a constant
 * (a Tensor's graph is ignored), so it never receives a gradient.
 * @example where(tensor([1, 0]), tensor([1, 2]), 0).toArray(); // [1, 0]
 */
export function where(cond: Tensor | NDArray | number, a: TensorLike, b: TensorLike): Tensor {
  const c = typeof cond === 'number' ? cond : constantData(cond);
  return apply(whereOp, operands('where', a, b), { cond: c });
}
