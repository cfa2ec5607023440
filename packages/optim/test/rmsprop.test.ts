import { describe, expect, test } from 'vitest';
import { RMSprop } from '../src/index.ts';
import { THETA0, expectClose, param, problemGrad, runProblem, setGrad } from './helpers.ts';

describe('RMSprop', () => {
  test('hand-computed: constant gradient 2 (α = 0.75, γ = 0.01, ε = 0)', () => {
    // v = 0.25·4 = 1, then 0.75 + 1 = 1.75, then 1.3125 + 1 = 2.3125; Δθ = 0.01·2/√v
    const p = param([1]);
    const opt = new RMSprop([p], { lr: 0.01, alpha: 0.75, eps: 0 });
    const got: number[] = [];
    for (let t = 0; t < 3; t++) {
      setGrad(p, [2]);
      opt.step();
      got.push(p.data.data[0]!);
    }
    const t1 = 1 - 0.02 / 1;
    const t2 = t1 - 0.02 / Math.sqrt(1.75);
    const t3 = t2 - 0.02 / Math.sqrt(2.3125);
    expectClose(got, [t1, t2, t3], 1e-14);
  });

  test('first 3 steps on the fixed problem equal the documented rule', () => {
    const configs = [
      { lr: 0.01 },
      { lr: 0.01, momentum: 0.9, weightDecay: 0.1 },
      { lr: 0.01, centered: true, alpha: 0.9 },
      { lr: 0.005, centered: true, momentum: 0.5, eps: 1e-4, maximize: true },
    ];
    for (const h of configs) {
      const alpha = h.alpha ?? 0.99;
      const eps = h.eps ?? 1e-8;
      const wd = h.weightDecay ?? 0;
      const mu = h.momentum ?? 0;
      let theta = [...THETA0];
      let v = [0, 0, 0];
      let ga = [0, 0, 0];
      let b = [0, 0, 0];
      const expected: number[][] = [];
      for (let t = 0; t < 3; t++) {
        const g = problemGrad(theta).map((x, i) => (h.maximize ? -x : x) + wd * theta[i]!);
        v = v.map((vi, i) => alpha * vi + (1 - alpha) * g[i]! ** 2);
        let vt = v;
        if (h.centered) {
          ga = ga.map((x, i) => alpha * x + (1 - alpha) * g[i]!);
          vt = v.map((x, i) => x - ga[i]! ** 2);
        }
        if (mu > 0) {
          b = b.map((x, i) => mu * x + g[i]! / (Math.sqrt(vt[i]!) + eps));
          theta = theta.map((x, i) => x - h.lr * b[i]!);
        } else {
          theta = theta.map((x, i) => x - (h.lr * g[i]!) / (Math.sqrt(vt[i]!) + eps));
        }
        expected.push(theta);
      }
      runProblem((p) => new RMSprop([p], h), 3).forEach((row, t) => expectClose(row, expected[t]!, 1e-12));
    }
  });

  test("validates and has PyTorch's defaults", () => {
    const p = param([1]);
    expect(() => new RMSprop([p], { alpha: 1.5 })).toThrow('RMSprop: invalid alpha: 1.5 (valid range: [0, 1])');
    expect(() => new RMSprop([p], { momentum: -1 })).toThrow('RMSprop: invalid momentum: -1 (valid range: momentum ≥ 0)');
    const { params: _p, names: _n, ...h } = new RMSprop([p]).paramGroups[0]!;
    expect(h).toEqual({ lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false });
  });
});
