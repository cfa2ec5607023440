import { textOf } from '@seedling-ml/tensor';
import { defineInitializer } from './define-initializer.ts';
import { InitError } from './init-error.ts';
import { NONLINEARITIES, type Nonlinearity, calculateGain } from './gain.ts';
import type { Initializer } from './initializer.ts';
import { choice, finiteNumber, positiveNumber, readOptions } from './validate.ts';
import { type FanMode, type ScalingDistribution, sampleVarianceScaling } from './variance-scaling.ts';

/** Options of `xavierUniform` / `xavierNormal`. */
export interface XavierOptions {
  /** Multiplier of the std, > 0; default 1. Use `calculateGain(nonlinearity)`. */
  gain?: number;
}

function xavier(op: 'xavierUniform' | 'xavierNormal', distribution: ScalingDistribution, options: XavierOptions | undefined): Initializer {
  const o = readOptions(op, options, ['gain']);
  const gain = positiveNumber(op, 'gain', o.gain ?? 1);
  return defineInitializer(op, { gain }, (shape, ctx) => sampleVarianceScaling(op, shape, ctx, gain * gain, 'fanAvg', distribution));
}

/**
 * Xavier/Glorot uniform: U(−limit, limit), limit = gain·√(6 / (fanIn + fanOut)) (the half-width;
 * the std is gain·√(2 / (fanIn + fanOut))). Keeps activation and gradient variance roughly steady
 * for tanh/linear layers. Default gain 1. Seedling's default weight init for Linear and Conv2d.
 * Paper: Glorot & Bengio 2010, "Understanding the difficulty of training deep feedforward neural
 * networks". PyTorch `xavier_uniform_`, Keras `GlorotUniform` (Keras reads fans from an `[in, out]`
 * kernel; same numbers for a transposed layout). Alias: `glorotUniform`.
 *
 * @example
 * xavierUniform().sample([3, 4], { rng: new Rng(0) }); // |w| < √(6/7) ≈ 0.926
 */
export function xavierUniform(options: XavierOptions = {}): Initializer {
  return xavier('xavierUniform', 'uniform', options);
}

/**
 * Xavier/Glorot normal: N(0, σ²), σ = gain·√(2 / (fanIn + fanOut)). Default gain 1.
 * Paper: Glorot & Bengio 2010. PyTorch `xavier_normal_` (plain normal, as here); Keras and JAX
 * `GlorotNormal`/`glorot_normal` draw a ±2σ truncated normal with the same std instead.
 * Alias: `glorotNormal`.
 *
 * @example
 * xavierNormal().sample([3, 4], { rng: new Rng(0) }); // std √(2/7) ≈ 0.535 (randn(3,4)·√(2/7))
 */
export function xavierNormal(options: XavierOptions = {}): Initializer {
  return xavier('xavierNormal', 'normal', options);
}

/** Alias of `xavierUniform` (Keras's name); the initializer's `name` is 'xavierUniform'. */
export const glorotUniform = xavierUniform;

/** Alias of `xavierNormal` (Keras's name); the initializer's `name` is 'xavierNormal'. */
export const glorotNormal = xavierNormal;

/** Options of `kaimingUniform` / `kaimingNormal`. */
export interface KaimingOptions {
  /** Negative slope of the leaky ReLU that follows (only with nonlinearity 'leakyRelu'); default 0. */
  negativeSlope?: number;
  /** PyTorch's name for `negativeSlope`; accepted so PyTorch code ports literally, recorded as `negativeSlope`. */
  a?: number;
  /** 'fanIn' (default) preserves forward variance, 'fanOut' backward. */
  mode?: 'fanIn' | 'fanOut';
  /** Default 'leakyRelu' (with slope 0 that is ReLU's gain √2, as in PyTorch). */
  nonlinearity?: Nonlinearity;
}

const KAIMING_MODES: readonly FanMode[] = ['fanIn', 'fanOut'];

function kaiming(
  op: 'kaimingUniform' | 'kaimingNormal',
  distribution: ScalingDistribution,
  options: KaimingOptions | undefined,
): Initializer {
  const o = readOptions(op, options, ['negativeSlope', 'a', 'mode', 'nonlinearity']);
  if (o.a !== undefined && o.negativeSlope !== undefined && o.a !== o.negativeSlope) {
    throw new InitError(op, `a is an alias of negativeSlope: give one, got a ${textOf(o.a)} and negativeSlope ${textOf(o.negativeSlope)}`);
  }
  const negativeSlope = finiteNumber(
    op,
    o.negativeSlope === undefined && o.a !== undefined ? 'a' : 'negativeSlope',
    o.negativeSlope ?? o.a ?? 0,
  );
  const mode = choice(op, 'mode', o.mode ?? 'fanIn', KAIMING_MODES);
  const nonlinearity = choice(op, 'nonlinearity', o.nonlinearity ?? 'leakyRelu', NONLINEARITIES);
  if (nonlinearity !== 'leakyRelu' && negativeSlope !== 0) {
    throw new InitError(op, `negativeSlope ${negativeSlope} only applies to nonlinearity 'leakyRelu', got '${nonlinearity}'`);
  }
  const gain = calculateGain(nonlinearity, negativeSlope);
  return defineInitializer(op, { negativeSlope, mode, nonlinearity }, (shape, ctx) =>
    sampleVarianceScaling(op, shape, ctx, gain * gain, mode, distribution),
  );
}

/**
 * Kaiming/He uniform: U(−bound, bound), bound = gain·√(3 / n), n = fanIn (or fanOut), gain =
 * calculateGain(nonlinearity, negativeSlope) — √2 by default. Keeps ReLU nets' activation variance
 * steady (Xavier halves it every layer). Paper: He et al. 2015, "Delving Deep into Rectifiers".
 * PyTorch `kaiming_uniform_(a=0, mode='fan_in', nonlinearity='leaky_relu')` with `a` named
 * `negativeSlope` here (`a` accepted); Keras `HeUniform` (fixed gain √2, fan-in). Alias: `heUniform`.
 *
 * @example
 * kaimingUniform().config; // { negativeSlope: 0, mode: 'fanIn', nonlinearity: 'leakyRelu' }
 */
export function kaimingUniform(options: KaimingOptions = {}): Initializer {
  return kaiming('kaimingUniform', 'uniform', options);
}

/**
 * Kaiming/He normal: N(0, σ²), σ = gain / √n, n = fanIn (or fanOut), gain as in `kaimingUniform`
 * (√2 by default). Conv2d 64→128 3×3: σ = √2/24 ≈ 0.0589. Paper: He et al. 2015. PyTorch
 * `kaiming_normal_` (plain normal, as here); Keras/JAX `HeNormal`/`he_normal` use a ±2σ truncated
 * normal with the same std. Alias: `heNormal`.
 *
 * @example
 * kaimingNormal().sample([128, 64, 3, 3], { rng: new Rng(0) }); // std ≈ 0.0589
 */
export function kaimingNormal(options: KaimingOptions = {}): Initializer {
  return kaiming('kaimingNormal', 'normal', options);
}

/** Alias of `kaimingUniform` (Keras's name); the initializer's `name` is 'kaimingUniform'. */
export const heUniform = kaimingUniform;

/** Alias of `kaimingNormal` (Keras's name); the initializer's `name` is 'kaimingNormal'. */
export const heNormal = kaimingNormal;

/**
 * LeCun uniform: U(±√(3 / fanIn)), variance 1/fanIn. Paper: LeCun, Bottou, Orr & Müller 1998,
 * "Efficient BackProp". Keras `LecunUniform`, JAX `lecun_uniform`; PyTorch has none
 * (`kaiming_uniform_(nonlinearity='linear')` is the same).
 *
 * @example
 * lecunUniform().sample([10, 300], { rng: new Rng(0) }); // |w| < 0.1
 */
export function lecunUniform(options?: Record<string, never>): Initializer {
  const op = 'lecunUniform';
  readOptions(op, options, []);
  return defineInitializer(op, {}, (shape, ctx) => sampleVarianceScaling(op, shape, ctx, 1, 'fanIn', 'uniform'));
}

/**
 * LeCun normal: a ±2σ truncated normal whose std is √(1 / fanIn) (σ = √(1/fanIn)/0.87962566103423978),
 * as Keras `LecunNormal` and JAX `lecun_normal` — the init for SELU self-normalizing nets
 * (Klambauer et al. 2017). Paper: LeCun et al. 1998. TensorFlow.js's `leCunNormal` omits the
 * 0.8796 correction (variance 0.774× the target). PyTorch: `kaiming_normal_(nonlinearity='linear')`
 * gives the same std untruncated.
 *
 * @example
 * lecunNormal().sample([10, 400], { rng: new Rng(0) }); // std ≈ 0.05, |w| ≤ 2·0.05/0.8796
 */
export function lecunNormal(options?: Record<string, never>): Initializer {
  const op = 'lecunNormal';
  readOptions(op, options, []);
  return defineInitializer(op, {}, (shape, ctx) => sampleVarianceScaling(op, shape, ctx, 1, 'fanIn', 'truncatedNormal'));
}
