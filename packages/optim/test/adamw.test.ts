import { describe, expect, test } from 'vitest';
import { Adam, AdamW } from '../src/index.ts';
import { referenceAdam } from './reference-adam.ts';
import { expectClose, param, runProblem, setGrad } from './helpers.ts';

describe('AdamW', () => {
  test('hand-computed: with zero gradient only the decoupled decay acts', () => {
    // θ ← θ·(1 − 0.1·0.5) = 0.95θ per step; m = v = 0 so the Adam part adds 0/(0 + ε) = 0.
    const p = param([1, -2]);
    const opt = new AdamW([p], { lr: 0.1, weightDecay: 0.5 });
    for (let t = 0; t < 3; t++) {
      setGrad(p, [0, 0]);
      opt.step();
    }
    expectClose(Array.from(p.data.data), [0.95 ** 3, -2 * 0.95 ** 3], 1e-15);
  });

  test('first 3 steps on the fixed problem equal the documented rule', () => {
    const configs = [
      { lr: 0.1 },
      { lr: 0.05, weightDecay: 0.3, betas: [0.7, 0.8] as [number, number] },
      { lr: 0.05, amsgrad: true, weightDecay: 0.2 },
    ];
    for (const h of configs) {
      const expected = referenceAdam(h, 3, true);
      runProblem((p) => new AdamW([p], h), 3).forEach((row, t) => expectClose(row, expected[t]!, 1e-12));
    }
  });

  test('differs from Adam with L2 once weightDecay > 0, equals it at 0', () => {
    const a = runProblem((p) => new Adam([p], { lr: 0.1, weightDecay: 0.5 }), 3);
    const w = runProblem((p) => new AdamW([p], { lr: 0.1, weightDecay: 0.5 }), 3);
    expect(a[2]).not.toEqual(w[2]);
    expect(runProblem((p) => new AdamW([p], { lr: 0.1, weightDecay: 0 }), 3)).toEqual(runProblem((p) => new Adam([p], { lr: 0.1 }), 3));
  });

  test("defaults are PyTorch's (weightDecay 1e-2)", () => {
    const { params: _p, names: _n, ...h } = new AdamW([param([1])]).paramGroups[0]!;
    expect(h).toEqual({ lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, maximize: false });
  });
});
