import { describe, expect, test } from 'vitest';
import { Adagrad } from '../src/index.ts';
import { THETA0, expectClose, param, problemGrad, runProblem, setGrad } from './helpers.ts';

describe('Adagrad', () => {
  test('hand-computed: constant gradient 3 (γ = 0.5, ε = 0)', () => {
    // s = 9, 18, 27 → Δθ = 0.5·3/√s = 0.5, 0.5/√2, 0.5/√3
    const p = param([1]);
    const opt = new Adagrad([p], { lr: 0.5, eps: 0 });
    const got: number[] = [];
    for (let t = 0; t < 3; t++) {
      setGrad(p, [3]);
      opt.step();
      got.push(p.data.data[0]!);
    }
    expectClose(got, [0.5, 0.5 - 0.5 / Math.SQRT2, 0.5 - 0.5 / Math.SQRT2 - 0.5 / Math.sqrt(3)], 1e-14);
  });

  test('hand-computed: lrDecay and initialAccumulatorValue', () => {
    // γ̃ = 1/(1 + (t−1)·1) = 1, 1/2; s₀ = 1; g = 1: s = 2, 3 → θ = 0 − 1/√2, then − 0.5/√3
    const p = param([0]);
    const opt = new Adagrad([p], { lr: 1, lrDecay: 1, initialAccumulatorValue: 1, eps: 0 });
    setGrad(p, [1]);
    opt.step();
    setGrad(p, [1]);
    opt.step();
    expectClose([p.data.data[0]!], [-1 / Math.SQRT2 - 0.5 / Math.sqrt(3)], 1e-14);
  });

  test('first 3 steps on the fixed problem equal the documented rule', () => {
    const configs = [
      { lr: 0.1 },
      { lr: 0.1, lrDecay: 0.1, weightDecay: 0.05, initialAccumulatorValue: 0.2 },
      { lr: 0.05, eps: 1e-3, maximize: true },
    ];
    for (const h of configs) {
      const eps = h.eps ?? 1e-10;
      let theta = [...THETA0];
      let s = theta.map(() => h.initialAccumulatorValue ?? 0);
      const expected: number[][] = [];
      for (let t = 1; t <= 3; t++) {
        const clr = h.lr / (1 + (t - 1) * (h.lrDecay ?? 0));
        const g = problemGrad(theta).map((x, i) => (h.maximize ? -x : x) + (h.weightDecay ?? 0) * theta[i]!);
        s = s.map((x, i) => x + g[i]! ** 2);
        theta = theta.map((x, i) => x - (clr * g[i]!) / (Math.sqrt(s[i]!) + eps));
        expected.push(theta);
      }
      runProblem((p) => new Adagrad([p], h), 3).forEach((row, t) => expectClose(row, expected[t]!, 1e-12));
    }
  });

  test("validates and has PyTorch's defaults", () => {
    const p = param([1]);
    expect(() => new Adagrad([p], { lrDecay: -1 })).toThrow('Adagrad: invalid lrDecay: -1 (valid range: lrDecay ≥ 0)');
    expect(() => new Adagrad([p], { initialAccumulatorValue: -1 })).toThrow('invalid initialAccumulatorValue: -1');
    const { params: _p, names: _n, ...h } = new Adagrad([p]).paramGroups[0]!;
    expect(h).toEqual({ lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false });
  });
});
