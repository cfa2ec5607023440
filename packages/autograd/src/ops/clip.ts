import { type NDArray, clip as clipArray, greaterEqual, lessEqual, mul } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';

/** Bounds of `clip`. */
interface ClipAttrs {
  readonly min: number;
  readonly max: number;
}

/**
 * `min(max(x, lo), hi)`; d/dx = 1 inside the bounds, 0 outside.
 * NOTE: at x = lo or x = hi the gradient is 1 (bounds count as inside), PyTorch's clamp convention.
 */
export const clipOp = defineOp<[NDArray], ClipAttrs>({
  name: 'clip',
  forward: ([x], { min, max }) => clipArray(x, min, max),
  vjp: (g, { inputs: [x], attrs: { min, max } }) => [mul(g, mul(greaterEqual(x, min), lessEqual(x, max)))],
});

/**
 * Limits values to `[min, max]` element-wise: out = min(max(x, min), max).
 * @example clip(tensor([-2, 0.5, 3]), 0, 1).toArray(); // [0, 0.5, 1]
 */
export function clip(x: Tensor, min: number, max: number): Tensor {
  x = asTensor('clip', x, undefined, 'x');
  return apply(clipOp, [x], { min, max });
}
