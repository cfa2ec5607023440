import { type NDArray, type SliceSpec, slice as sliceArray, sliceScatter } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';

/** Per-axis slice specs. */
interface SliceAttrs {
  readonly specs: readonly SliceSpec[];
}

/** NumPy basic slicing; the gradient is scattered back into zeros where the slice read. */
export const sliceOp = defineOp<[NDArray], SliceAttrs>({
  name: 'slice',
  forward: ([x], { specs }) => sliceArray(x, specs),
  vjp: (g, { inputs: [x], attrs: { specs } }) => [sliceScatter(g, x.shape, specs)],
});

/**
 * Slices leading axes like Python's `start:stop:step` (`null` = whole axis; negative indices and steps allowed).
 * @example slice(tensor([0, 1, 2, 3]), [{ start: 1, step: 2 }]).toArray(); // [1, 3]
 */
export function slice(x: Tensor, specs: readonly SliceSpec[]): Tensor {
  x = asTensor('slice', x, undefined, 'x');
  return apply(sliceOp, [x], { specs });
}
