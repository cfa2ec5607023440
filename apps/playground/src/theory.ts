/**
 * The closed-form side of the page: each activation as a scalar function with its derivative, the
 * second moment E[w²] each initializer gives a weight, and the layer-by-layer variance recursion
 * that predicts the per-layer std before any training (He et al. 2015, §2.2; Poole et al. 2016).
 */
import { calculateGain } from '@seedling-ml/nn';
import { type Activation, type Config, type InitName, initOption } from './config.ts';

/** LeakyReLU's negative slope used by the page (PyTorch's default). */
export const LEAKY_SLOPE = 0.01;
const SELU_ALPHA = 1.6732632423543772;
const SELU_LAMBDA = 1.0507009873554805;
const INV_SQRT2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** erf(x) to ~1e-7 (Abramowitz & Stegun 7.1.26): enough for a prediction drawn on a log axis. */
export function erf(x: number): number {
  const s = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}

/** φ(x) of each activation (GELU exact: x·Φ(x)). */
export function activate(kind: Activation, x: number): number {
  switch (kind) {
    case 'relu':
      return x > 0 ? x : 0;
    case 'leakyRelu':
      return x > 0 ? x : LEAKY_SLOPE * x;
    case 'tanh':
      return Math.tanh(x);
    case 'sigmoid':
      return 1 / (1 + Math.exp(-x));
    case 'gelu':
      return 0.5 * x * (1 + erf(x * INV_SQRT2));
    case 'selu':
      return x > 0 ? SELU_LAMBDA * x : SELU_LAMBDA * SELU_ALPHA * Math.expm1(x);
    case 'linear':
      return x;
  }
}

/** φ'(x) of each activation (ReLU'(0) = 0, as in autograd). */
export function derivative(kind: Activation, x: number): number {
  switch (kind) {
    case 'relu':
      return x > 0 ? 1 : 0;
    case 'leakyRelu':
      return x > 0 ? 1 : LEAKY_SLOPE;
    case 'tanh': {
      const t = Math.tanh(x);
      return 1 - t * t;
    }
    case 'sigmoid': {
      const s = 1 / (1 + Math.exp(-x));
      return s * (1 - s);
    }
    case 'gelu':
      return 0.5 * (1 + erf(x * INV_SQRT2)) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    case 'selu':
      return x > 0 ? SELU_LAMBDA : SELU_LAMBDA * SELU_ALPHA * Math.exp(x);
    case 'linear':
      return 1;
  }
}

/** The gain `calculateGain` recommends for an activation (GELU is not in PyTorch's table: ReLU's √2). */
export function recommendedGain(kind: Activation): number {
  if (kind === 'gelu') return calculateGain('relu');
  if (kind === 'leakyRelu') return calculateGain('leakyRelu', LEAKY_SLOPE);
  return calculateGain(kind);
}

/**
 * E[w²] of one weight entry of a [rows = fanOut, cols = fanIn] Linear weight, from the initializer's
 * formula (docs/init-reference.md §1, §4); null where the mean-field recursion does not apply: constant
 * non-zero weights (every unit equal, so the independence it assumes fails), LSUV (its scale is set
 * from data, to unit pre-activation std by construction) and conv-only initializers.
 */
export function weightSecondMoment(c: Config, fanIn: number, fanOut: number): number | null {
  const opt = (k: string): number => Number(initOption(c, k));
  const choice = (k: string): string => String(initOption(c, k));
  const name: InitName = c.init;
  switch (name) {
    case 'kaimingNormal':
    case 'kaimingUniform': {
      const nl = choice('nonlinearity') as 'leakyRelu' | 'relu' | 'linear' | 'tanh' | 'sigmoid' | 'selu';
      const gain = nl === 'leakyRelu' ? calculateGain('leakyRelu', opt('negativeSlope')) : calculateGain(nl);
      return (gain * gain) / Math.max(1, choice('mode') === 'fanOut' ? fanOut : fanIn);
    }
    case 'xavierNormal':
    case 'xavierUniform':
      return (c.gain * c.gain * 2) / (fanIn + fanOut);
    case 'lecunNormal':
    case 'lecunUniform':
      return 1 / fanIn;
    case 'orthogonal':
      return (c.gain * c.gain) / Math.max(fanIn, fanOut);
    case 'torchDefault':
      return 1 / (3 * fanIn);
    case 'varianceScaling': {
      const mode = choice('mode');
      const n = mode === 'fanOut' ? fanOut : mode === 'fanAvg' ? (fanIn + fanOut) / 2 : fanIn;
      return opt('scale') / Math.max(1, n);
    }
    case 'normal':
      return opt('mean') ** 2 + opt('std') ** 2;
    case 'truncatedNormal':
      return truncatedNormalSecondMoment(
        opt('mean'),
        opt('std'),
        opt('a'),
        opt('b'),
        choice('bounds') === 'absolute',
        choice('preserveStd') === 'true',
      );
    case 'uniform': {
      const lo = opt('low');
      const hi = opt('high');
      return hi === lo ? lo * lo : (hi ** 3 - lo ** 3) / (3 * (hi - lo));
    }
    case 'sparse':
      return (1 - Math.ceil(opt('sparsity') * fanOut) / fanOut) * opt('std') ** 2;
    case 'eye':
      // Unit i copies input i for i < min(rows, cols): on average min/rows of the input's second moment.
      return Math.min(fanIn, fanOut) / (fanIn * fanOut);
    case 'zeros':
      return 0;
    case 'tutorialXavierStd':
      return 6 / (fanIn + fanOut);
    case 'tutorialRecipe':
      return 1;
    case 'ones':
    case 'constant':
    case 'lsuv':
    case 'dirac':
    case 'deltaOrthogonal':
      return null;
  }
}

/**
 * Mean and std of N(0, 1) restricted to [alpha, beta], by Simpson's rule on the part of the interval
 * within ±12 (the density beyond is below 1e-31 of its peak). An interval entirely beyond ±12 is
 * taken as its nearer end (std 0).
 */
export function truncatedStandardNormal(alpha: number, beta: number): { mean: number; std: number } {
  const lo = Math.max(alpha, -12);
  const hi = Math.min(beta, 12);
  if (!(lo < hi)) return { mean: alpha >= 12 ? alpha : beta, std: 0 };
  const n = 2000;
  const h = (hi - lo) / n;
  let z0 = 0;
  let z1 = 0;
  let z2 = 0;
  for (let i = 0; i <= n; i++) {
    const x = lo + i * h;
    const w = (i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2) * Math.exp(-0.5 * x * x);
    z0 += w;
    z1 += w * x;
    z2 += w * x * x;
  }
  const mean = z1 / z0;
  return { mean, std: Math.sqrt(Math.max(0, z2 / z0 - mean * mean)) };
}

/**
 * E[w²] of `truncatedNormal({ mean, std, a, b, bounds, preserveStd })`: w = mean + σ·T with T the
 * standard normal on [α, β] (α, β = a, b for 'std' bounds, (a − mean)/σ, (b − mean)/σ for absolute
 * ones), so E[w²] = (mean + σ·E[T])² + σ²·Var(T); σ = std, or with preserveStd the σ that makes σ·sd(T)
 * equal std (divided out for 'std' bounds, bisected on log σ for absolute ones). Null when preserveStd
 * asks for a std the bounds cannot reach (the initializer throws then).
 */
export function truncatedNormalSecondMoment(
  mean: number,
  std: number,
  a: number,
  b: number,
  absolute: boolean,
  preserveStd: boolean,
): number | null {
  if (std === 0) return mean * mean;
  const moments = (sigma: number) =>
    absolute ? truncatedStandardNormal((a - mean) / sigma, (b - mean) / sigma) : truncatedStandardNormal(a, b);
  let sigma = std;
  if (preserveStd && !absolute) sigma = std / truncatedStandardNormal(a, b).std;
  else if (preserveStd) {
    if (!(std < (b - a) / Math.sqrt(12))) return null;
    const stdAt = (s: number): number => s * moments(s).std;
    let lo = std;
    let hi = 2 * std;
    for (let k = 0; k < 200 && stdAt(hi) < std; k++) hi *= 2;
    for (let k = 0; k < 60; k++) {
      const mid = Math.sqrt(lo * hi);
      if (stdAt(mid) < std) lo = mid;
      else hi = mid;
    }
    sigma = Math.sqrt(lo * hi);
  }
  const t = moments(sigma);
  return (mean + sigma * t.mean) ** 2 + (sigma * t.std) ** 2;
}

/** Quadrature nodes for E[f(z)], z ~ N(0, 1): Simpson's rule on [−10, 10] (weights sum to 1 within 1e-12). */
const NODES = (() => {
  const n = 800;
  const h = 20 / n;
  const t = new Float64Array(n + 1);
  const w = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) {
    t[i] = -10 + i * h;
    const simpson = i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2;
    w[i] = ((simpson * h) / 3) * INV_SQRT_2PI * Math.exp(-0.5 * t[i]! * t[i]!);
  }
  return { t, w };
})();

/** E[φ(z)] and E[φ(z)²] for z ~ N(0, q). */
export function gaussianMoments(kind: Activation, q: number): { mean: number; second: number } {
  const s = Math.sqrt(Math.max(0, q));
  let m1 = 0;
  let m2 = 0;
  for (let i = 0; i < NODES.t.length; i++) {
    const y = activate(kind, s * NODES.t[i]!);
    m1 += NODES.w[i]! * y;
    m2 += NODES.w[i]! * y * y;
  }
  return { mean: m1, second: m2 };
}

/** The predicted std of one layer's pre-activation and activation. */
export interface LayerPrediction {
  preStd: number;
  actStd: number;
}

/**
 * Mean-field prediction of every hidden layer's pre-activation std and activation std (biases zero,
 * weights independent with second moment E[w²]): q₁ = fanIn·E[w²]·E[x²], then
 * q_{l+1} = width·E[w²]·E[φ(z)²] with z ~ N(0, q_l). Exact for ReLU/linear Gaussian weights in the
 * wide limit (ReLU: q_{l+1} = width·E[w²]·q_l/2, so He's 2/width keeps it fixed and Xavier halves it);
 * for the other activations the Gaussian expectation is integrated numerically. Returns null when the
 * initializer has no such prediction (see `weightSecondMoment`).
 *
 * @example
 * predictStds({ ...DEFAULT_CONFIG, init: 'xavierNormal', depth: 3, width: 256 }, 2, 1)![2]!.preStd; // ≈ 2^-1 per layer
 */
export function predictStds(c: Config, inputs: number, inputSecondMoment: number): LayerPrediction[] | null {
  const out: LayerPrediction[] = [];
  let second = inputSecondMoment;
  for (let l = 0; l < c.depth; l++) {
    const fanIn = l === 0 ? inputs : c.width;
    const w2 = weightSecondMoment(c, fanIn, c.width);
    if (w2 === null) return null;
    const q = fanIn * w2 * second;
    const m = gaussianMoments(c.activation, q);
    out.push({ preStd: Math.sqrt(q), actStd: Math.sqrt(Math.max(0, m.second - m.mean * m.mean)) });
    second = m.second;
  }
  return out;
}
