import { describe, expect, test } from 'vitest';
import { SGD } from '../src/index.ts';
import { THETA0, expectClose, param, problemGrad, runProblem, setGrad, values } from './helpers.ts';

describe('SGD', () => {
  test('hand-computed steps with constant gradient 1 (θ₀ = 1, γ = 0.1)', () => {
    const cases: [Record<string, number | boolean>, number[]][] = [
      // plain: θ ← θ − 0.1
      [{}, [0.9, 0.8, 0.7]],
      // μ 0.9: b = 1, 1.9, 2.71 → θ = 0.9, 0.71, 0.439
      [{ momentum: 0.9 }, [0.9, 0.71, 0.439]],
      // nesterov: b = 1, 1.9, 2.71; g' = 1 + 0.9b = 1.9, 2.71, 3.439 → θ = 0.81, 0.539, 0.1951
      [{ momentum: 0.9, nesterov: true }, [0.81, 0.539, 0.1951]],
      // dampening 0.5: b₁ = g = 1 (no dampening on the first step), b = 0.9·1 + 0.5 = 1.4, 0.9·1.4 + 0.5 = 1.76
      [{ momentum: 0.9, dampening: 0.5 }, [0.9, 0.76, 0.584]],
      // λ 0.1: g' = 1 + 0.1θ = 1.1, 1.089, 1.07811 → θ = 0.89, 0.7811, 0.673289
      [{ weightDecay: 0.1 }, [0.89, 0.7811, 0.673289]],
      // maximize: θ ← θ + 0.1
      [{ maximize: true }, [1.1, 1.2, 1.3]],
    ];
    for (const [opts, expected] of cases) {
      const p = param([1]);
      const opt = new SGD([p], { lr: 0.1, ...opts });
      const got: number[] = [];
      for (let t = 0; t < 3; t++) {
        setGrad(p, [1]);
        opt.step();
        got.push(p.data.data[0]!);
      }
      expectClose(got, expected, 1e-14);
    }
  });

  test('first 3 steps on the fixed problem equal the documented rule', () => {
    const configs = [
      { lr: 0.1 },
      { lr: 0.05, momentum: 0.9 },
      { lr: 0.05, momentum: 0.8, dampening: 0.3, weightDecay: 0.01 },
      { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.1 },
      { lr: 0.02, momentum: 0.5, maximize: true },
    ];
    for (const h of configs) {
      // Reference: the rule from the TSDoc, written out per element.
      const mu = h.momentum ?? 0;
      const tau = h.dampening ?? 0;
      const wd = h.weightDecay ?? 0;
      let theta = [...THETA0];
      let b: number[] = [];
      const expected: number[][] = [];
      for (let t = 1; t <= 3; t++) {
        const grad = problemGrad(theta);
        const g = grad.map((gi, i) => (h.maximize ? -gi : gi) + wd * theta[i]!);
        let d = g;
        if (mu !== 0) {
          b = t === 1 ? [...g] : b.map((bi, i) => mu * bi + (1 - tau) * g[i]!);
          d = h.nesterov ? g.map((gi, i) => gi + mu * b[i]!) : b;
        }
        theta = theta.map((x, i) => x - h.lr * d[i]!);
        expected.push(theta);
      }
      const got = runProblem((p) => new SGD([p], h), 3);
      got.forEach((row, t) => expectClose(row, expected[t]!));
    }
  });

  test('validates hyperparameters with the value and the valid range', () => {
    const p = param([1]);
    expect(() => new SGD([p], { lr: -1 })).toThrow('SGD: invalid lr: -1 (valid range: lr ≥ 0)');
    expect(() => new SGD([p], { momentum: -0.5 })).toThrow('SGD: invalid momentum: -0.5 (valid range: momentum ≥ 0)');
    expect(() => new SGD([p], { dampening: 2 })).toThrow('SGD: invalid dampening: 2 (valid range: [0, 1])');
    expect(() => new SGD([p], { lr: NaN })).toThrow('SGD: invalid lr: NaN');
    expect(() => new SGD([p], { nesterov: true })).toThrow(
      'SGD: nesterov requires momentum > 0 and dampening = 0, got momentum 0 and dampening 0',
    );
    expect(() => new SGD([p], { nesterov: true, momentum: 0.9, dampening: 0.1 })).toThrow(
      'nesterov requires momentum > 0 and dampening = 0',
    );
  });

  test("defaults are PyTorch's", () => {
    const opt = new SGD([param([1])]);
    const { params: _p, names: _n, ...h } = opt.paramGroups[0]!;
    expect(h).toEqual({ lr: 1e-3, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false });
  });

  test('keeps state in the optimizer, not on the parameter', () => {
    const p = param([1, 2]);
    const keysBefore = Object.keys(p).sort();
    const opt = new SGD([p], { lr: 0.1, momentum: 0.9 });
    setGrad(p, [1, 1]);
    opt.step();
    expect(Object.keys(p).sort()).toEqual(keysBefore);
    expect(Array.from(opt.getState(p)!.momentumBuffer!.data)).toEqual([1, 1]);
    expect(values(p)).toEqual([0.9, 1.9]);
  });
});
