import { type NDArray, gather as gatherArray, indexAdd } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';

/** Indices (constant) and axis of `gather`. */
interface GatherAttrs {
  readonly indices: NDArray | ArrayLike<number>;
  readonly axis: number;
}

/** NumPy `take`; the gradient of each picked row is added back into the row it came from (repeats accumulate). */
export const gatherOp = defineOp<[NDArray], GatherAttrs>({
  name: 'gather',
  forward: ([x], { indices, axis }) => gatherArray(x, indices, axis),
  vjp: (g, { inputs: [x], attrs: { indices, axis } }) => [indexAdd(x.shape, indices, axis, g)],
});

/**
 * Picks entries of `x` along `axis` by integer indices (NumPy `take`); an embedding lookup is
 * `gather(weight, tokenIds)`. The indices are a constant: a Tensor's graph is ignored and it never gets a gradient.
 * @example gather(tensor([[1, 2], [3, 4]]), [1, 1]).toArray(); // [[3, 4], [3, 4]]
 */
export function gather(x: Tensor, indices: Tensor | NDArray | ArrayLike<number>, axis = 0): Tensor {
  x = asTensor('gather', x, undefined, 'x');
  const idx = indices instanceof Tensor ? indices.data : indices;
  return apply(gatherOp, [x], { indices: idx, axis });
}
