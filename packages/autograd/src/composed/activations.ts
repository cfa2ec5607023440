/** Activation functions composed from primitives (no VJP of their own). */
import { textOf } from '@seedling-ml/tensor';
import { greater } from '@seedling-ml/tensor';
import { AutogradError } from '../errors.ts';
import { abs } from '../ops/abs.ts';
import { add } from '../ops/add.ts';
import { div } from '../ops/div.ts';
import { erf } from '../ops/erf.ts';
import { exp } from '../ops/exp.ts';
import { expm1 } from '../ops/expm1.ts';
import { log1p } from '../ops/log1p.ts';
import { maximum } from '../ops/maximum.ts';
import { mul } from '../ops/mul.ts';
import { neg } from '../ops/neg.ts';
import { tanh } from '../ops/tanh.ts';
import { where } from '../ops/where.ts';
import { leakyReluOp } from '../ops/relu.ts';
import { apply } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';
import { checkOptions, is } from '@seedling-ml/tensor';

/** Throws unless `value` is a finite number (an activation's hyperparameter). */
function checkFinite(op: string, name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new AutogradError(op, `${name} must be a finite number, got ${textOf(value)}`);
  }
}

/** SELU's α (Klambauer et al. 2017, "Self-Normalizing Neural Networks"). */
export const SELU_ALPHA = 1.6732632423543772;
/** SELU's scale λ (same paper). */
export const SELU_SCALE = 1.0507009873554805;

/**
 * Leaky ReLU: out = x for x > 0, negativeSlope · x otherwise.
 * NOTE: the gradient at x = 0 is negativeSlope (x = 0 takes the "otherwise" branch), PyTorch's choice.
 * @example leakyRelu(tensor([-2, 3]), 0.1).toArray(); // [-0.2, 3] (float32 rounding aside)
 */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  x = asTensor('leakyRelu', x, undefined, 'x');
  checkFinite('leakyRelu', 'negativeSlope', negativeSlope);
  return apply(leakyReluOp, [x], { negativeSlope });
}

/**
 * ELU (Clevert et al. 2015): out = x for x > 0, α(eˣ − 1) otherwise.
 * NOTE: the negative branch is evaluated at min(x, 0), so large positive x never makes eˣ overflow
 * into a NaN gradient through the branch `where` discards. The gradient at x = 0 is α (left branch).
 * @example elu(tensor([0, 1])).toArray(); // [0, 1]
 */
export function elu(x: Tensor, alpha = 1): Tensor {
  x = asTensor('elu', x, undefined, 'x');
  checkFinite('elu', 'alpha', alpha);
  const positive = greater(x.data, 0);
  return where(positive, x, mul(expm1(where(positive, 0, x)), alpha));
}

/**
 * SELU: out = λ · elu(x, α) with the paper's fixed α ≈ 1.6733, λ ≈ 1.0507.
 * @example selu(tensor([1])).toArray(); // [1.0507010221481323] (float32)
 */
export function selu(x: Tensor): Tensor {
  x = asTensor('selu', x, undefined, 'x');
  return mul(elu(x, SELU_ALPHA), SELU_SCALE);
}

/** Options of `gelu`. */
export interface GeluOptions {
  /** 'none' (default): exact, erf-based; 'tanh': the tanh approximation (Hendrycks & Gimpel 2016). */
  approximate?: 'none' | 'tanh';
}

/**
 * GELU: exact out = x · Φ(x) = 0.5 · x · (1 + erf(x/√2)); with `approximate: 'tanh'`,
 * out = 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 x³))). Any other `approximate` throws.
 * @example gelu(tensor([0])).toArray(); // [0]
 */
export function gelu(x: Tensor, options: GeluOptions = {}): Tensor {
  x = asTensor('gelu', x, undefined, 'x');
  checkOptions('gelu', options, { approximate: is.any }, AutogradError);
  const approximate = options.approximate ?? 'none';
  if (approximate !== 'none' && approximate !== 'tanh') {
    throw new AutogradError('gelu', `approximate must be 'none' or 'tanh', got ${JSON.stringify(approximate)}`);
  }
  const half = mul(x, 0.5);
  if (approximate === 'tanh') {
    const inner = mul(add(x, mul(mul(mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI));
    return mul(half, add(tanh(inner), 1));
  }
  return mul(half, add(erf(mul(x, Math.SQRT1_2)), 1));
}

/** Options of `softplus`. */
export interface SoftplusOptions {
  /** Sharpness β: out = ln(1 + e^(βx)) / β. Default 1. */
  beta?: number;
}

/**
 * Softplus, a smooth ReLU: out = ln(1 + e^(βx)) / β, computed stably as (max(z, 0) + ln(1 + e^(−|z|))) / β
 * with z = βx, so no exponent is ever positive (finite for any |x|). β must be finite and > 0.
 * NOTE: the exact derivative σ(0) = 0.5 at x = 0 comes out of the composition: maximum splits its tie
 * (0.5) and abs'(0) = 0.
 * @example softplus(tensor([0])).toArray(); // [0.6931471824645996] (ln 2 in float32)
 */
export function softplus(x: Tensor, options: SoftplusOptions = {}): Tensor {
  x = asTensor('softplus', x, undefined, 'x');
  checkOptions('softplus', options, { beta: is.any }, AutogradError);
  const beta = options.beta ?? 1;
  if (typeof beta !== 'number' || !Number.isFinite(beta) || beta <= 0) {
    throw new AutogradError('softplus', `beta must be a finite number > 0, got ${textOf(beta)}`);
  }
  const z = beta === 1 ? x : mul(x, beta);
  const out = add(maximum(z, 0), log1p(exp(neg(abs(z)))));
  return beta === 1 ? out : div(out, beta);
}
