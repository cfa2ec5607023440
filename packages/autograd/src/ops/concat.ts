import { type NDArray, type SliceSpec, concat as concatArrays, slice } from '@seedling-ml/tensor';
import { AutogradError } from '../errors.ts';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { requireTensorList } from '../tensor-like.ts';

/** The join axis of `concat`, as given (negative allowed). */
interface ConcatAttrs {
  readonly axis: number;
}

/** Joins along an axis; each input's gradient is its slab of the output gradient. */
export const concatOp = defineOp<readonly NDArray[], ConcatAttrs>({
  name: 'concat',
  forward: (xs, { axis }) => concatArrays(xs, axis),
  vjp: (g, { inputs, attrs, needsGrad }) => {
    const axis = attrs.axis < 0 ? attrs.axis + g.rank : attrs.axis;
    const specs: SliceSpec[] = new Array<SliceSpec>(axis + 1).fill(null);
    let at = 0;
    return inputs.map((x, i) => {
      const len = x.shape[axis]!;
      specs[axis] = { start: at, stop: at + len };
      at += len;
      return needsGrad[i] ? slice(g, specs) : null;
    });
  },
});

/**
 * Joins tensors along an existing axis (NumPy `concatenate`).
 * @example concat([tensor([1]), tensor([2, 3])]).toArray(); // [1, 2, 3]
 */
export function concat(xs: readonly Tensor[], axis = 0): Tensor {
  requireTensorList('concat', 'xs', xs);
  if (xs.length === 0) throw new AutogradError('concat', 'needs at least one tensor: []');
  return apply(concatOp, xs, { axis });
}
