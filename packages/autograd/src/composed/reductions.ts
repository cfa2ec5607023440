/** Reductions composed from primitives (no VJP of their own). */
import { type ReduceOptions, type VarianceOptions, normalizeAxes } from '@seedling/tensor';
import { div } from '../ops/div.ts';
import { max } from '../ops/max.ts';
import { mul } from '../ops/mul.ts';
import { neg } from '../ops/neg.ts';
import { sub } from '../ops/sub.ts';
import { sum } from '../ops/sum.ts';
import { reducedCount } from '../shape-util.ts';
import type { Tensor } from '../tensor.ts';

/**
 * Mean over `axis` (all axes when omitted): sum / count.
 * @example mean(tensor([1, 2, 3, 4])).item(); // 2.5
 */
export function mean(x: Tensor, options: ReduceOptions = {}): Tensor {
  const axes = normalizeAxes('mean', options.axis, x.rank);
  return div(sum(x, { axis: axes, keepdims: options.keepdims ?? false }), reducedCount(x.shape, axes));
}

/**
 * Minimum over `axis`, composed as -max(-x). NOTE: ties split the gradient equally (from `max`).
 * @example min(tensor([3, 1, 2])).item(); // 1
 */
export function min(x: Tensor, options: ReduceOptions = {}): Tensor {
  return neg(max(neg(x), options));
}

/**
 * Variance over `axis`: Σ (x − mean)² / (n − correction), correction = 1 (Bessel, PyTorch's default).
 * NOTE: two-pass (center first, then square), which is accurate; n ≤ correction gives Infinity/NaN.
 * @example variance(tensor([1, 2, 3, 4])).item(); // 1.6666666269302368 (5/3 in float32)
 */
export function variance(x: Tensor, options: VarianceOptions = {}): Tensor {
  const axes = normalizeAxes('variance', options.axis, x.rank);
  const n = reducedCount(x.shape, axes);
  const centered = sub(x, div(sum(x, { axis: axes, keepdims: true }), n));
  const squares = sum(mul(centered, centered), { axis: axes, keepdims: options.keepdims ?? false });
  return div(squares, Math.max(0, n - (options.correction ?? 1)));
}
