import { type NDArray, neg as negArray } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';

/** `-x`; d/dx = -1. */
export const negOp = defineOp<[NDArray]>({
  name: 'neg',
  forward: ([x]) => negArray(x),
  vjp: (g) => [negArray(g)],
});

/**
 * Element-wise negation: out = -x.
 * @example neg(tensor([1, -2])).toArray(); // [-1, 2]
 */
export function neg(x: Tensor): Tensor {
  x = asTensor('neg', x, undefined, 'x');
  return apply(negOp, [x], undefined);
}
