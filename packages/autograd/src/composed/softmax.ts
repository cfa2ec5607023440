/** softmax and logSoftmax, composed from primitives after a constant max-shift (stable). */
import { max as maxArray, normalizeAxis } from '@seedling-ml/tensor';
import { div } from '../ops/div.ts';
import { exp } from '../ops/exp.ts';
import { logsumexp } from '../ops/logsumexp.ts';
import { sub } from '../ops/sub.ts';
import { sum } from '../ops/sum.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';

/**
 * x minus its max along `axis`, the max taken as a constant.
 * NOTE: softmax is shift-invariant, so treating the shift as a constant loses no gradient; shifting
 * first keeps every exponent ≤ 0 (no overflow) and keeps the largest entries exact.
 */
function shifted(x: Tensor, axis: number): Tensor {
  // An empty input has no max to shift by (max of nothing throws, naming `max`), and nothing to protect:
  // the softmax of an empty tensor is the empty tensor of its shape, as PyTorch returns.
  if (x.size === 0) return x;
  return sub(x, maxArray(x.data, { axis, keepdims: true }));
}

/**
 * Log of softmax along `axis`: out = s − ln Σ eˢ with s = x − max(x). Stable for large |x|.
 * Throws AxisError (op `logSoftmax`) for an axis outside [-rank, rank).
 * @example logSoftmax(tensor([0, 0])).toArray(); // [-0.6931471824645996, -0.6931471824645996] (float32)
 */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  x = asTensor('logSoftmax', x, undefined, 'x');
  const a = normalizeAxis('logSoftmax', axis, x.rank);
  const s = shifted(x, a);
  return sub(s, logsumexp(s, { axis: a, keepdims: true }));
}

/**
 * Softmax along `axis`: out = eˢ / Σ eˢ with s = x − max(x); sums to 1 along `axis`. Stable.
 * Throws AxisError (op `softmax`) for an axis outside [-rank, rank).
 * @example softmax(tensor([1, 1])).toArray(); // [0.5, 0.5]
 */
export function softmax(x: Tensor, axis = -1): Tensor {
  x = asTensor('softmax', x, undefined, 'x');
  const a = normalizeAxis('softmax', axis, x.rank);
  const e = exp(shifted(x, a));
  return div(e, sum(e, { axis: a, keepdims: true }));
}
