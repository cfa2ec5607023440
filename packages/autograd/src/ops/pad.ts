import { type NDArray, pad as padArray, slice } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';

/** Border widths per axis and the fill value. */
interface PadAttrs {
  readonly widths: readonly (readonly [number, number])[];
  readonly value: number;
}

/** Constant padding; the gradient is the interior of the output gradient (the border is constant). */
export const padOp = defineOp<[NDArray], PadAttrs>({
  name: 'pad',
  forward: ([x], { widths, value }) => padArray(x, widths, value),
  vjp: (g, { inputs: [x], attrs: { widths } }) => [
    slice(
      g,
      widths.map(([before], i) => ({ start: before, stop: before + x.shape[i]! })),
    ),
  ],
});

/**
 * Pads with a constant: `widths[i] = [before, after]` for every axis i.
 * @example pad(tensor([1, 2]), [[1, 1]]).toArray(); // [0, 1, 2, 0]
 */
export function pad(x: Tensor, widths: readonly (readonly [number, number])[], value = 0): Tensor {
  x = asTensor('pad', x, undefined, 'x');
  return apply(padOp, [x], { widths, value });
}
