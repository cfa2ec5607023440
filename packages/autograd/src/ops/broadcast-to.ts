import { type NDArray, broadcastTo as broadcastToArray } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';

/** Target shape of `broadcastTo`. */
interface BroadcastToAttrs {
  readonly shape: readonly number[];
}

/** Repeats `x` along broadcast axes; the VJP is the identity because the engine sums the gradient back down. */
export const broadcastToOp = defineOp<[NDArray], BroadcastToAttrs>({
  name: 'broadcastTo',
  broadcasts: true,
  forward: ([x], { shape }) => broadcastToArray(x, shape),
  // The output's gradient, summed down to x's shape by the engine (hence `broadcasts`).
  vjp: (g) => [g],
});

/**
 * Broadcasts `x` to `shape` (NumPy rules), materialized.
 * @example broadcastTo(tensor([1, 2]), [2, 2]).toArray(); // [[1, 2], [1, 2]]
 */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  x = asTensor('broadcastTo', x, undefined, 'x');
  return apply(broadcastToOp, [x], { shape });
}
