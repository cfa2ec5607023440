import type { NDArray } from '@seedling-ml/tensor';
import type { ResolvedContext } from './define-initializer.ts';
import { defineInitializer } from './define-initializer.ts';
import { fanOf } from './fans.ts';
import type { Initializer } from './initializer.ts';
import { choice, positiveNumber, readOptions } from './validate.ts';

/** Which fan sets the scale: fanIn keeps forward activations' variance, fanOut the gradients', fanAvg both (Glorot). */
export type FanMode = 'fanIn' | 'fanOut' | 'fanAvg';

/** The distribution `varianceScaling` draws from. */
export type ScalingDistribution = 'truncatedNormal' | 'normal' | 'uniform';

/** Valid `mode`s, listed in error messages. */
export const FAN_MODES: readonly FanMode[] = ['fanIn', 'fanOut', 'fanAvg'];

/** Valid `distribution`s, listed in error messages. */
export const SCALING_DISTRIBUTIONS: readonly ScalingDistribution[] = ['truncatedNormal', 'normal', 'uniform'];

/**
 * The std of N(0, 1) truncated to [−2, 2]. Dividing by it makes a ±2σ-truncated normal come out
 * with the target std (Keras and JAX do; TensorFlow.js forgets, so its truncated-normal schemes have
 * 0.774× the intended variance).
 */
export const TRUNCATED_NORMAL_STD_FACTOR = 0.87962566103423978;

/** Options of `varianceScaling`. */
export interface VarianceScalingOptions {
  /** Target variance × n, > 0; default 1 (= gain²). */
  scale?: number;
  /** n = fanIn, fanOut or (fanIn + fanOut)/2; default 'fanIn'. */
  mode?: FanMode;
  /** Default 'truncatedNormal' (Keras's). */
  distribution?: ScalingDistribution;
}

/**
 * The one formula under every scaled scheme: Var(W) = scale / n, with n from `mode` (floored at 1),
 * drawn from N(0, scale/n), U(±√(3·scale/n)), or — for 'truncatedNormal' — N(0, σ²) truncated at
 * ±2σ with σ = √(scale/n) / 0.87962566103423978 so the result has the target std.
 * Shared by varianceScaling, xavier*, kaiming*, lecun*.
 */
export function sampleVarianceScaling(
  op: string,
  shape: readonly number[],
  ctx: ResolvedContext,
  scale: number,
  mode: FanMode,
  distribution: ScalingDistribution,
): NDArray {
  const n =
    mode === 'fanIn'
      ? fanOf(op, shape, ctx, 'fanIn')
      : mode === 'fanOut'
        ? fanOf(op, shape, ctx, 'fanOut')
        : (fanOf(op, shape, ctx, 'fanIn') + fanOf(op, shape, ctx, 'fanOut')) / 2;
  const variance = scale / Math.max(1, n);
  const opts = { dtype: ctx.dtype };
  switch (distribution) {
    case 'normal':
      return ctx.rng.normal(shape, 0, Math.sqrt(variance), opts);
    case 'uniform': {
      const limit = Math.sqrt(3 * variance);
      return ctx.rng.uniform(shape, -limit, limit, opts);
    }
    default: {
      const sigma = Math.sqrt(variance) / TRUNCATED_NORMAL_STD_FACTOR;
      return ctx.rng.truncatedNormal(shape, 0, sigma, -2 * sigma, 2 * sigma, opts);
    }
  }
}

/**
 * Keras's `VarianceScaling`: Var(W) = scale / n, n = fanIn | fanOut | (fanIn + fanOut)/2 (floored
 * at 1), from a normal (std √(scale/n)), a uniform (limit √(3·scale/n)) or a ±2σ truncated normal
 * rescaled so the result's std is √(scale/n). `scale ≤ 0` throws.
 * Defaults scale 1, mode 'fanIn', distribution 'truncatedNormal' (Keras's). Differences: fans use
 * Seedling's `[out, in, ...]` layout unless the layer passes `fanIn`/`fanOut` (Keras: `[in, out]`);
 * JAX's `variance_scaling` is the same formula with explicit in/out axes. It generalizes LeCun et al.
 * 1998, Glorot & Bengio 2010 and He et al. 2015 (scale 1 / fanIn, 1 / fanAvg, 2 / fanIn).
 *
 * @example
 * varianceScaling({ scale: 2, mode: 'fanIn', distribution: 'normal' }).sample([256, 512], { rng: new Rng(0) });
 * // std ≈ √(2/512) = 0.0625
 */
export function varianceScaling(options: VarianceScalingOptions = {}): Initializer {
  const op = 'varianceScaling';
  const o = readOptions(op, options, ['scale', 'mode', 'distribution']);
  const scale = positiveNumber(op, 'scale', o.scale ?? 1);
  const mode = choice(op, 'mode', o.mode ?? 'fanIn', FAN_MODES);
  const distribution = choice(op, 'distribution', o.distribution ?? 'truncatedNormal', SCALING_DISTRIBUTIONS);
  return defineInitializer(op, { scale, mode, distribution }, (shape, ctx) =>
    sampleVarianceScaling(op, shape, ctx, scale, mode, distribution),
  );
}
