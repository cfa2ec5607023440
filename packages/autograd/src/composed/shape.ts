/** Shape ops composed from `reshape` and `concat` (no VJP of their own). */
import {
  textOf,
  AxisError,
  ShapeError,
  expandDims as expandDimsArray,
  formatShape,
  shapesEqual,
  squeeze as squeezeArray,
} from '@seedling-ml/tensor';
import { AutogradError } from '../errors.ts';
import { concat } from '../ops/concat.ts';
import { reshape } from '../ops/reshape.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';
import { requireTensorList } from '../tensor-like.ts';

/**
 * Removes size-1 axes (all, or only `axis`), as a reshape.
 * @example squeeze(tensor([[1, 2]])).shape; // [2]
 */
export function squeeze(x: Tensor, axis?: number | readonly number[]): Tensor {
  x = asTensor('squeeze', x, undefined, 'x');
  // The tensor kernel validates the axes and computes the shape; it only builds a view, no copy.
  return reshape(x, squeezeArray(x.data, axis).shape);
}

/**
 * Inserts a size-1 axis at `axis` of the result (negative counts from the end), as a reshape.
 * @example expandDims(tensor([1, 2]), 0).shape; // [1, 2]
 */
export function expandDims(x: Tensor, axis: number): Tensor {
  x = asTensor('expandDims', x, undefined, 'x');
  return reshape(x, expandDimsArray(x.data, axis).shape);
}

/**
 * Joins same-shape tensors along a new axis: concat of each expanded at `axis`.
 * @example stack([tensor([1, 2]), tensor([3, 4])]).shape; // [2, 2]
 */
export function stack(xs: readonly Tensor[], axis = 0): Tensor {
  requireTensorList('stack', 'xs', xs);
  const first = xs[0];
  if (first === undefined) throw new AutogradError('stack', 'needs at least one tensor: []');
  for (let k = 1; k < xs.length; k++) {
    const s = xs[k]!.shape;
    if (!shapesEqual(s, first.shape)) {
      throw new ShapeError(
        'stack',
        `all tensors must have the same shape: ${formatShape(first.shape)} and ${formatShape(s)} (input ${k})`,
        [first.shape, s],
      );
    }
  }
  const rank = first.rank;
  if (!Number.isInteger(axis) || axis < -rank - 1 || axis > rank) {
    throw new AxisError('stack', axis, rank, `axis ${textOf(axis)} out of range [${-rank - 1}, ${rank}] for inserting into rank ${rank}`);
  }
  // expandDims and concat normalize a negative axis against the same rank (rank + 1), so they agree.
  return concat(
    xs.map((x) => expandDims(x, axis)),
    axis,
  );
}
