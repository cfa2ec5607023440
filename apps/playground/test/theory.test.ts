import { Rng } from '@seedling-ml/tensor';
import { describe, expect, it } from 'vitest';
import { CONV_ONLY_INITS, type Config, DEFAULT_CONFIG, INITS, INIT_OPTIONS } from '../src/config.ts';
import { buildInitializer } from '../src/inits.ts';
import { activate, derivative, gaussianMoments, predictStds, weightSecondMoment } from '../src/theory.ts';
import { ACTIVATIONS } from '../src/config.ts';

const base: Config = { ...DEFAULT_CONFIG, depth: 12, width: 256 };

describe('closed-form prediction', () => {
  it('ReLU + He keeps the pre-activation variance; Xavier halves it per layer (He et al. 2015)', () => {
    // Inputs: 2 features with E[x²] = 1. Layer 1: q₁ = fanIn·E[w²]·E[x²]; He: 2·(2/2)·1 = 2.
    const he = predictStds({ ...base, activation: 'relu', init: 'kaimingNormal' }, 2, 1)!;
    for (const p of he) expect(p.preStd).toBeCloseTo(Math.SQRT2, 6);
    // ReLU of N(0, q) has variance q/2 − q/(2π) (mean √(q/2π)): std = √(q(½ − 1/(2π))).
    expect(he[3]!.actStd).toBeCloseTo(Math.sqrt(2 * (0.5 - 1 / (2 * Math.PI))), 6);
    const xa = predictStds({ ...base, activation: 'relu', init: 'xavierNormal' }, 2, 1)!;
    for (let l = 2; l < xa.length; l++) expect((xa[l]!.preStd / xa[l - 1]!.preStd) ** 2).toBeCloseTo(0.5, 6);
  });

  it('linear + lecunNormal keeps the variance exactly', () => {
    const p = predictStds({ ...base, activation: 'linear', init: 'lecunNormal' }, 2, 1)!;
    for (const l of p) expect(l.preStd).toBeCloseTo(1, 9);
  });

  it('Gaussian moments: E[tanh(z)²] ≈ q for small q, → 1 for large q; E[z²] = q for linear', () => {
    expect(gaussianMoments('tanh', 1e-4).second / 1e-4).toBeCloseTo(1, 3);
    expect(gaussianMoments('tanh', 1e4).second).toBeGreaterThan(0.99);
    expect(gaussianMoments('linear', 3).second).toBeCloseTo(3, 9);
    expect(gaussianMoments('selu', 1).mean).toBeCloseTo(0, 2); // SELU's fixed point: mean 0, variance 1
    expect(gaussianMoments('selu', 1).second).toBeCloseTo(1, 2);
  });

  it('no prediction for constant non-zero weights or conv-only initializers', () => {
    expect(predictStds({ ...base, init: 'ones' }, 2, 1)).toBeNull();
    expect(predictStds({ ...base, init: 'dirac' }, 2, 1)).toBeNull();
  });

  it('derivatives match central differences for every activation', () => {
    for (const a of ACTIVATIONS) {
      for (const x of [-2.3, -0.7, 0.4, 1.9]) {
        const h = 1e-6;
        const fd = (activate(a, x + h) - activate(a, x - h)) / (2 * h);
        expect(derivative(a, x)).toBeCloseTo(fd, 5);
      }
    }
  });
});

describe('E[w²] of every initializer against samples', () => {
  const fanIn = 192;
  const fanOut = 256;
  const options: Record<string, Record<string, number | string>> = {
    sparse: { sparsity: 0.3, std: 0.1 },
    constant: { value: 0.3 },
    uniform: { low: -0.1, high: 0.3 },
  };
  for (const init of INITS) {
    if (CONV_ONLY_INITS.includes(init) || init === 'lsuv') continue;
    it(`${init}`, () => {
      const c: Config = { ...base, init, gain: 1.3, initOptions: options[init] ?? {} };
      const predicted = weightSecondMoment(c, fanIn, fanOut);
      const w = buildInitializer(c).sample([fanOut, fanIn], { rng: new Rng(`w2:${init}`), fanIn, fanOut, dtype: 'float64' }).data;
      let m = 0;
      for (let i = 0; i < w.length; i++) m += w[i]! * w[i]!;
      m /= w.length;
      if (predicted === null) {
        expect(['ones', 'constant']).toContain(init);
        return;
      }
      // Standard error of a mean of N values of w²: sd(w²)/√N (measured from the sample itself);
      // 5 SE leaves a false-failure chance below 1e-6 per initializer.
      let v = 0;
      for (let i = 0; i < w.length; i++) v += (w[i]! * w[i]! - m) ** 2;
      const se = Math.sqrt(v / w.length / w.length);
      expect(Math.abs(m - predicted)).toBeLessThanOrEqual(5 * se + 1e-12);
    });
  }
  // truncatedNormal's bounds and preserveStd change E[w²] in ways the defaults do not exercise.
  const truncated: Record<string, number | string>[] = [
    { mean: 0.02, std: 0.1, a: -1, b: 3 },
    { std: 0.1, a: -1.5, b: 1.5, preserveStd: 'true' },
    { mean: 0.05, std: 0.1, a: -0.1, b: 0.3, bounds: 'absolute' },
    { mean: 0.05, std: 0.08, a: -0.1, b: 0.3, bounds: 'absolute', preserveStd: 'true' },
  ];
  for (const initOptions of truncated) {
    it(`truncatedNormal ${JSON.stringify(initOptions)}`, () => {
      const c: Config = { ...base, init: 'truncatedNormal', initOptions };
      const predicted = weightSecondMoment(c, fanIn, fanOut)!;
      const w = buildInitializer(c).sample([fanOut, fanIn], { rng: new Rng('w2:tn'), fanIn, fanOut, dtype: 'float64' }).data;
      let m = 0;
      for (let i = 0; i < w.length; i++) m += w[i]! * w[i]!;
      m /= w.length;
      let v = 0;
      for (let i = 0; i < w.length; i++) v += (w[i]! * w[i]! - m) ** 2;
      const se = Math.sqrt(v / w.length / w.length); // standard error of the mean of w², as above
      expect(Math.abs(m - predicted)).toBeLessThanOrEqual(5 * se + 1e-12);
    });
  }
  it('a truncatedNormal std its absolute bounds cannot reach has no prediction (the initializer throws)', () => {
    const c: Config = {
      ...base,
      init: 'truncatedNormal',
      initOptions: { std: 1, a: -0.1, b: 0.1, bounds: 'absolute', preserveStd: 'true' },
    };
    expect(weightSecondMoment(c, fanIn, fanOut)).toBeNull();
    expect(() => buildInitializer(c)).toThrow(/unreachable/);
  });
  it('every initializer option key is one its factory accepts (building throws on unknown keys)', () => {
    for (const init of INITS) {
      if (CONV_ONLY_INITS.includes(init)) continue;
      const initOptions = Object.fromEntries(INIT_OPTIONS[init].map((o) => [o.key, o.default]));
      expect(() => buildInitializer({ ...base, init, initOptions })).not.toThrow();
    }
  });
});

describe("the founding tutorial's presets", () => {
  it('the step-by-step recipe ends as N(0, 1) whatever the width (its scale is thrown away)', () => {
    for (const [r, c] of [
      [16, 8],
      [512, 256],
    ] as const) {
      const w = buildInitializer({ ...base, init: 'tutorialRecipe' }).sample([r, c], { rng: new Rng(1), dtype: 'float64' }).data;
      let m = 0;
      let s = 0;
      for (const v of w) m += v;
      m /= w.length;
      for (const v of w) s += (v - m) ** 2;
      expect(m).toBeCloseTo(0, 9);
      expect(Math.sqrt(s / w.length)).toBeCloseTo(1, 9);
    }
  });
});
