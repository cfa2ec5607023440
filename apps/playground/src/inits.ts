/**
 * Turns the page's initializer controls into a `@seedling-ml/nn` Initializer, including the two
 * wrong formulas of the founding tutorial (docs/init-reference.md §6) as presets.
 */
import {
  type Initializer,
  computeFans,
  constant,
  defineInitializer,
  deltaOrthogonal,
  dirac,
  eye,
  kaimingNormal,
  kaimingUniform,
  lecunNormal,
  lecunUniform,
  normal,
  ones,
  orthogonal,
  sparse,
  torchDefault,
  truncatedNormal,
  uniform,
  varianceScaling,
  xavierNormal,
  xavierUniform,
  zeros,
} from '@seedling-ml/nn';
import { type Config, initOption } from './config.ts';

function fansOf(shape: readonly number[], ctx: { fanIn?: number; fanOut?: number }): { fanIn: number; fanOut: number } {
  const f = computeFans(shape);
  return { fanIn: ctx.fanIn ?? f.fanIn, fanOut: ctx.fanOut ?? f.fanOut };
}

/**
 * The tutorial's "Xavier": √6/√(nᵢ+nₒ) — the half-width of Xavier's *uniform* — used as the std of a
 * normal, so every layer's variance is 3× Xavier's.
 */
export function tutorialXavierStd(): Initializer {
  return defineInitializer('tutorialXavierStd', {}, (shape, ctx) => {
    const { fanIn, fanOut } = fansOf(shape, ctx);
    return ctx.rng.normal(shape, 0, Math.sqrt(6 / (fanIn + fanOut)), { dtype: ctx.dtype });
  });
}

/**
 * The tutorial's step-by-step recipe: std = √(nᵢ·n_hidden)/√nᵢ = √n_hidden, then the sample is
 * renormalized to mean 0 and variance 1 — which throws the scale away and leaves N(0, 1) weights.
 */
export function tutorialRecipe(): Initializer {
  return defineInitializer('tutorialRecipe', {}, (shape, ctx) => {
    const { fanOut } = fansOf(shape, ctx);
    const w = ctx.rng.normal(shape, 0, Math.sqrt(fanOut), { dtype: 'float64' });
    const d = w.data;
    let mean = 0;
    for (let i = 0; i < d.length; i++) mean += d[i]!;
    mean /= d.length;
    let ss = 0;
    for (let i = 0; i < d.length; i++) ss += (d[i]! - mean) ** 2;
    const std = Math.sqrt(ss / d.length) || 1;
    for (let i = 0; i < d.length; i++) d[i] = (d[i]! - mean) / std;
    return w.astype(ctx.dtype);
  });
}

/** `lsuv`'s options from the controls (its defaults when not set). */
export function lsuvOptions(c: Config): { targetStd: number; tolerance: number; maxIterations: number; orthonormalFirst: boolean } {
  return {
    targetStd: Number(initOption(c, 'targetStd')),
    tolerance: Number(initOption(c, 'tolerance')),
    maxIterations: Number(initOption(c, 'maxIterations')),
    orthonormalFirst: String(initOption(c, 'orthonormalFirst')) === 'true',
  };
}

/** The Initializer the controls describe (throws the library's error for options it rejects, e.g. a ≥ b). */
export function buildInitializer(c: Config): Initializer {
  const n = (k: string): number => Number(initOption(c, k));
  const s = (k: string): string => String(initOption(c, k));
  switch (c.init) {
    case 'kaimingNormal':
    case 'kaimingUniform': {
      const nonlinearity = s('nonlinearity') as 'leakyRelu' | 'relu' | 'linear' | 'tanh' | 'sigmoid' | 'selu';
      const options = {
        mode: s('mode') as 'fanIn' | 'fanOut',
        nonlinearity,
        ...(nonlinearity === 'leakyRelu' ? { negativeSlope: n('negativeSlope') } : {}),
      };
      return c.init === 'kaimingNormal' ? kaimingNormal(options) : kaimingUniform(options);
    }
    case 'xavierNormal':
      return xavierNormal({ gain: c.gain });
    case 'xavierUniform':
      return xavierUniform({ gain: c.gain });
    case 'lecunNormal':
      return lecunNormal();
    case 'lecunUniform':
      return lecunUniform();
    case 'orthogonal':
      return orthogonal({ gain: c.gain });
    case 'torchDefault':
      return torchDefault();
    case 'varianceScaling':
      return varianceScaling({
        scale: n('scale'),
        mode: s('mode') as 'fanIn' | 'fanOut' | 'fanAvg',
        distribution: s('distribution') as 'truncatedNormal' | 'normal' | 'uniform',
      });
    case 'normal':
      return normal({ mean: n('mean'), std: n('std') });
    case 'truncatedNormal':
      return truncatedNormal({
        mean: n('mean'),
        std: n('std'),
        a: n('a'),
        b: n('b'),
        bounds: s('bounds') as 'std' | 'absolute',
        preserveStd: s('preserveStd') === 'true',
      });
    case 'uniform':
      return uniform({ low: n('low'), high: n('high') });
    case 'sparse':
      return sparse({ sparsity: n('sparsity'), std: n('std') });
    case 'eye':
      return eye();
    case 'zeros':
      return zeros();
    case 'ones':
      return ones();
    case 'constant':
      return constant(n('value'));
    case 'dirac':
      return dirac({ groups: n('groups') });
    case 'deltaOrthogonal':
      return deltaOrthogonal({ gain: c.gain });
    case 'lsuv':
      // LSUV's starting point when it is told not to re-initialize (orthonormalFirst=false): Linear's own
      // default. The session then calls lsuv(model, batch, lsuvOptions(c)) (it needs the model and data).
      return xavierUniform();
    case 'tutorialXavierStd':
      return tutorialXavierStd();
    case 'tutorialRecipe':
      return tutorialRecipe();
  }
}
