import { type NDArray, type PadMode, type PadOptions, pad as padArray, padGrad } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';

/** Border widths per axis and how the border is filled. */
interface PadAttrs {
  readonly widths: readonly (readonly [number, number])[];
  readonly value: number | PadOptions;
}

const modeOf = (value: number | PadOptions): PadMode => (typeof value === 'number' ? 'constant' : (value.mode ?? 'constant'));

/**
 * Padding. VJP: with a constant border the gradient is the interior of the output gradient; with a border
 * copied from the input (reflect, replicate, circular) every border element's gradient is also added to
 * the element it copies.
 */
export const padOp = defineOp<[NDArray], PadAttrs>({
  name: 'pad',
  forward: ([x], { widths, value }) => padArray(x, widths, value),
  vjp: (g, { inputs: [x], attrs: { widths, value } }) => [padGrad(g, x.shape, widths, modeOf(value))],
});

/**
 * Pads `x` by `widths[i] = [before, after]` elements along every axis i (PyTorch's `F.pad`, widths listed
 * per axis from the first). The third argument is the constant border value, or `{ mode, value }` with mode
 * 'constant', 'reflect' (mirror without repeating the edge; widths < the axis size), 'replicate' (repeat the
 * edge) or 'circular' (wrap around; widths ≤ the axis size).
 * @example
 * pad(tensor([1, 2]), [[1, 1]]).toArray();                          // [0, 1, 2, 0]
 * pad(tensor([1, 2, 3]), [[2, 1]], { mode: 'circular' }).toArray(); // [2, 3, 1, 2, 3, 1]
 */
export function pad(x: Tensor, widths: readonly (readonly [number, number])[], value: number | PadOptions = 0): Tensor {
  x = asTensor('pad', x, undefined, 'x');
  return apply(padOp, [x], { widths, value });
}
