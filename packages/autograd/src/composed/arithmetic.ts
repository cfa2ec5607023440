/** Element-wise ops composed from primitives: they need no VJP of their own. */
import { textOf } from '@seedling-ml/tensor';
import { AutogradError } from '../errors.ts';
import { clip } from '../ops/clip.ts';
import { div } from '../ops/div.ts';
import { maximum } from '../ops/maximum.ts';
import { mul } from '../ops/mul.ts';
import { neg } from '../ops/neg.ts';
import type { Tensor } from '../tensor.ts';
import { type TensorLike, operands, asTensor } from '../tensor-like.ts';

/**
 * Element-wise square, composed as x · x (the two uses of x add their gradients: 2x).
 * @example square(tensor([3])).toArray(); // [9]
 */
export function square(x: Tensor): Tensor {
  x = asTensor('square', x, undefined, 'x');
  return mul(x, x);
}

/**
 * Element-wise reciprocal, composed as 1 / x.
 * @example reciprocal(tensor([4])).toArray(); // [0.25]
 */
export function reciprocal(x: Tensor): Tensor {
  x = asTensor('reciprocal', x, undefined, 'x');
  return div(1, x);
}

/**
 * Element-wise minimum with broadcasting, composed as -max(-a, -b) (exact: negation does not round).
 * NOTE: ties split the gradient equally, inherited from `maximum`.
 * @example minimum(tensor([1, 5]), 3).toArray(); // [1, 3]
 */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands('minimum', a, b);
  return neg(maximum(neg(x), neg(y)));
}

/**
 * PyTorch-style `clamp` with optional bounds: out = min(max(x, min), max), i.e.
 * `clip(x, min ?? -Infinity, max ?? Infinity)`.
 * NOTE: the gradient is 1 at the bounds themselves (see `clip`).
 * @throws AutogradError when a bound is NaN or min > max.
 * @example clamp(tensor([-1, 2]), 0).toArray(); // [0, 2]
 */
export function clamp(x: Tensor, min?: number, max?: number): Tensor {
  x = asTensor('clamp', x, undefined, 'x');
  const lo = min ?? -Infinity;
  const hi = max ?? Infinity;
  // typeof first: a symbol throws in `lo > hi`, and a bigint would reach the kernels.
  if (typeof lo !== 'number' || typeof hi !== 'number' || Number.isNaN(lo) || Number.isNaN(hi) || lo > hi) {
    throw new AutogradError('clamp', `bounds must be numbers with min <= max, got min ${textOf(min)}, max ${textOf(max)}`);
  }
  return clip(x, lo, hi);
}
