import { type NDArray, scatterAddAlongAxis, takeAlongAxis as takeAlongAxisArray } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { constantData, asTensor } from '../tensor-like.ts';

/** Indices (constant) and axis of `takeAlongAxis`. */
interface TakeAlongAxisAttrs {
  readonly indices: NDArray;
  readonly axis: number;
}

/** PyTorch `gather` / NumPy `take_along_axis`; the gradient is scatter-added back to the picked positions. */
export const takeAlongAxisOp = defineOp<[NDArray], TakeAlongAxisAttrs>({
  name: 'takeAlongAxis',
  forward: ([x], { indices, axis }) => takeAlongAxisArray(x, indices, axis),
  vjp: (g, { inputs: [x], attrs: { indices, axis } }) => [scatterAddAlongAxis(x.shape, indices, axis, g)],
});

/**
 * Picks one entry along `axis` per index: `out[…, j, …] = x[…, indices[…, j, …], …]`. With
 * `logSoftmax` this gives a stable cross-entropy: `logSoftmax(z, -1).takeAlongAxis(targets, -1)`.
 * The indices are a constant and never get a gradient.
 * @example takeAlongAxis(tensor([[1, 2], [3, 4]]), array([[1], [0]]), 1).toArray(); // [[2], [3]]
 */
export function takeAlongAxis(x: Tensor, indices: Tensor | NDArray, axis: number): Tensor {
  x = asTensor('takeAlongAxis', x, undefined, 'x');
  return apply(takeAlongAxisOp, [x], { indices: constantData(indices), axis });
}
