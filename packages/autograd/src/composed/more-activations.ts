/**
 * More activations composed from primitives (no VJP of their own): SiLU, Mish, the "hard" piecewise-linear
 * family (hardtanh, hardsigmoid, hardswish) and log-sigmoid, with PyTorch's values and gradients.
 */
import { textOf } from '@seedling-ml/tensor';
import { clip as clipArray, greater, greaterEqual, less, mul as mulArrays } from '@seedling-ml/tensor';
import { AutogradError } from '../errors.ts';
import { add } from '../ops/add.ts';
import { div } from '../ops/div.ts';
import { mul } from '../ops/mul.ts';
import { neg } from '../ops/neg.ts';
import { sigmoid } from '../ops/sigmoid.ts';
import { tanh } from '../ops/tanh.ts';
import { where } from '../ops/where.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';
import { softplus } from './activations.ts';

/**
 * x limited to [lo, hi] with gradient 1 strictly inside and 0 on and beyond the bounds (PyTorch's
 * hardtanh/hardsigmoid backward; `clip` counts the bounds as inside).
 */
function hardClip(x: Tensor, lo: number, hi: number): Tensor {
  const inside = mulArrays(greater(x.data, lo), less(x.data, hi));
  return where(inside, x, clipArray(x.data, lo, hi));
}

/**
 * SiLU / swish (Elfwing et al. 2017; Ramachandran et al. 2017): out = x · σ(x).
 * @example silu(tensor([0, 1])).toArray(); // [0, 0.7310585975646973] (float32)
 */
export function silu(x: Tensor): Tensor {
  return mul(x, sigmoid(x));
}

/**
 * Mish (Misra 2019): out = x · tanh(softplus(x)), with the stable softplus (finite for any x).
 * NOTE: PyTorch switches softplus to x above 20; the exact softplus differs from that by < e⁻²⁰ relative.
 * @example mish(tensor([0])).toArray(); // [0]
 */
export function mish(x: Tensor): Tensor {
  return mul(x, tanh(softplus(x)));
}

/**
 * Hardtanh: out = minVal for x < minVal, maxVal for x > maxVal, x in between (defaults −1 and 1).
 * NOTE: the gradient is 1 strictly inside (minVal, maxVal) and 0 elsewhere, bounds included (PyTorch's).
 * @example hardtanh(tensor([-2, 0.5, 3])).toArray(); // [-1, 0.5, 1]
 */
export function hardtanh(x: Tensor, minVal = -1, maxVal = 1): Tensor {
  if (
    typeof minVal !== 'number' ||
    typeof maxVal !== 'number' ||
    !Number.isFinite(minVal) ||
    !Number.isFinite(maxVal) ||
    !(minVal < maxVal)
  ) {
    throw new AutogradError(
      'hardtanh',
      `minVal and maxVal must be finite numbers with minVal < maxVal, got ${textOf(minVal)} and ${textOf(maxVal)}`,
    );
  }
  return hardClip(asTensor('hardtanh', x, undefined, 'x'), minVal, maxVal);
}

/**
 * Hard sigmoid (PyTorch's definition): out = relu6(x + 3) / 6 = 0 for x ≤ −3, 1 for x ≥ 3, x/6 + ½ between.
 * NOTE: gradient 1/6 strictly inside (−3, 3), 0 elsewhere (PyTorch's).
 * @example hardsigmoid(tensor([-4, 0, 4])).toArray(); // [0, 0.5, 1]
 */
export function hardsigmoid(x: Tensor): Tensor {
  return div(hardClip(add(x, 3), 0, 6), 6);
}

/**
 * Hard swish (Howard et al. 2019, MobileNetV3): out = x · relu6(x + 3) / 6 = 0 for x ≤ −3, x for x ≥ 3,
 * x(x + 3)/6 between.
 * NOTE: the gradient is x/3 + ½ strictly inside (−3, 3), 0 at and below −3 and 1 at and above 3, as
 * PyTorch 2.13 computes it (checked with torch).
 * @example hardswish(tensor([-4, 1, 4])).toArray(); // [-0, 0.6666666865348816, 4] (float32)
 */
export function hardswish(x: Tensor): Tensor {
  x = asTensor('hardswish', x, undefined, 'x');
  const inside = mulArrays(greater(x.data, -3), less(x.data, 3));
  // x · 0 (not the constant 0) below −3 keeps PyTorch's −0 for negative x and passes a zero gradient.
  const outside = where(greaterEqual(x.data, 3), x, mul(x, 0));
  return where(inside, div(mul(x, add(x, 3)), 6), outside);
}

/**
 * Log-sigmoid: out = ln σ(x) = −softplus(−x) = min(x, 0) − ln(1 + e^(−|x|)), stable for any x (no exponent is
 * ever positive). The gradient is σ(−x).
 * @example logsigmoid(tensor([0])).toArray(); // [-0.6931471824645996] (−ln 2, float32)
 */
export function logsigmoid(x: Tensor): Tensor {
  return neg(softplus(neg(x)));
}
