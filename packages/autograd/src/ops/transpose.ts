import { requireArray } from '@seedling-ml/tensor';
import { type NDArray, transpose as transposeArray } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';

/** The permutation as the caller gave it (negative entries allowed; the forward validates it). */
interface TransposeAttrs {
  readonly perm: readonly number[];
}

/** Permutes axes; the gradient is permuted back by the inverse permutation. */
export const transposeOp = defineOp<[NDArray], TransposeAttrs>({
  name: 'transpose',
  forward: ([x], { perm }) => transposeArray(x, perm),
  vjp: (g, { attrs: { perm } }) => {
    const rank = perm.length;
    const inverse = new Array<number>(rank);
    for (let i = 0; i < rank; i++) {
      const a = perm[i]!;
      inverse[a < 0 ? a + rank : a] = i;
    }
    return [transposeArray(g, inverse)];
  },
});

/**
 * Permutes the axes of `x`: result axis i is input axis `perm[i]`; default reverses the axes.
 * @example transpose(tensor([[1, 2, 3]])).shape; // [3, 1]
 */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  x = asTensor('transpose', x, undefined, 'x');
  if (perm !== undefined) requireArray('transpose', 'perm', perm, 'an array of axes');
  const rank = x.rank;
  const p = perm === undefined ? Array.from({ length: rank }, (_, i) => rank - 1 - i) : perm.slice();
  return apply(transposeOp, [x], { perm: p });
}
