/** Reductions composed from primitives (no VJP of their own). */
import { textOf } from '@seedling-ml/tensor';
import { type ReduceOptions, ShapeError, type VarianceOptions, formatShape, normalizeAxes } from '@seedling-ml/tensor';
import { AutogradError } from '../errors.ts';
import { div } from '../ops/div.ts';
import { max } from '../ops/max.ts';
import { mul } from '../ops/mul.ts';
import { neg } from '../ops/neg.ts';
import { sub } from '../ops/sub.ts';
import { sum } from '../ops/sum.ts';
import { reducedCount } from '../shape-util.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';
import { checkOptions, is } from '@seedling-ml/tensor';

/**
 * Mean over `axis` (all axes when omitted): sum / count.
 * @example mean(tensor([1, 2, 3, 4])).item(); // 2.5
 */
export function mean(x: Tensor, options: ReduceOptions = {}): Tensor {
  x = asTensor('mean', x, undefined, 'x');
  checkOptions('mean', options, { axis: is.axes, keepdims: is.boolean }, AutogradError);
  const axes = normalizeAxes('mean', options.axis, x.rank);
  return div(sum(x, { axis: axes, keepdims: options.keepdims ?? false }), reducedCount(x.shape, axes));
}

/** Number of elements of the reduction's result (the product of the dimensions not reduced). */
function outputSize(shape: readonly number[], axes: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) if (!axes.includes(i)) n *= shape[i]!;
  return n;
}

/**
 * Minimum over `axis`, composed as -max(-x). NOTE: ties split the gradient equally (from `max`).
 * @example min(tensor([3, 1, 2])).item(); // 1
 */
export function min(x: Tensor, options: ReduceOptions = {}): Tensor {
  x = asTensor('min', x, undefined, 'x');
  checkOptions('min', options, { axis: is.axes, keepdims: is.boolean }, AutogradError);
  // Validate here so a bad axis is reported as `min`, not as the `max` it is composed from.
  const axes = normalizeAxes('min', options.axis, x.rank);
  // The minimum of zero elements has no value: refuse it here so the error names `min`, not `max`.
  if (reducedCount(x.shape, axes) === 0 && outputSize(x.shape, axes) > 0) {
    throw new ShapeError('min', `cannot reduce over zero elements (no identity): axes [${axes.join(',')}] of ${formatShape(x.shape)}`, [
      x.shape,
    ]);
  }
  return neg(max(neg(x), { axis: axes, keepdims: options.keepdims ?? false }));
}

/**
 * Variance over `axis`: Σ (x − mean)² / (n − correction), correction = 1 (Bessel, PyTorch's default),
 * n = number of reduced elements.
 * NOTE: two-pass (center first, then square), which is accurate.
 * @throws AutogradError when `correction` is negative or not finite, or when n − correction ≤ 0 for a
 * non-empty result (e.g. the default correction over one element), instead of returning NaN/Infinity.
 * @example variance(tensor([1, 2, 3, 4])).item(); // 1.6666666269302368 (5/3 in float32)
 */
export function variance(x: Tensor, options: VarianceOptions = {}): Tensor {
  x = asTensor('variance', x, undefined, 'x');
  checkOptions('variance', options, { axis: is.axes, keepdims: is.boolean, correction: is.any }, AutogradError);
  const correction = options.correction ?? 1;
  if (typeof correction !== 'number' || !Number.isFinite(correction) || correction < 0) {
    throw new AutogradError('variance', `correction must be a finite number >= 0, got ${textOf(correction)}`);
  }
  const axes = normalizeAxes('variance', options.axis, x.rank);
  const n = reducedCount(x.shape, axes);
  const outputs = x.shape.reduce((p, d, i) => (axes.includes(i) ? p : p * d), 1);
  if (n - correction <= 0 && outputs > 0) {
    throw new AutogradError(
      'variance',
      `correction ${correction} leaves no degrees of freedom for ${n} element(s) per output: axes [${axes.join(',')}] of ${formatShape(x.shape)}`,
    );
  }
  const centered = sub(x, div(sum(x, { axis: axes, keepdims: true }), n));
  const squares = sum(mul(centered, centered), { axis: axes, keepdims: options.keepdims ?? false });
  return div(squares, n - correction);
}
