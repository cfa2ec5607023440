import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, type Config, DATASETS, DEFAULT_CONFIG } from '../src/config.ts';
import { BINS, Session } from '../src/session.ts';

const small: Config = { ...DEFAULT_CONFIG, depth: 30, width: 32, activation: 'relu' };

describe('Session', () => {
  it('inspectInit finds the 30-layer Xavier/ReLU signal vanishing, and He keeping it', () => {
    expect(new Session({ ...small, init: 'xavierNormal' }).setup().findings.map((f) => f.kind)).toContain('vanishing');
    expect(new Session({ ...small, init: 'kaimingNormal' }).setup().findings.map((f) => f.kind)).not.toContain('vanishing');
  });

  it('all-zero weights: the findings say the weights are constant and get no gradient', () => {
    const kinds = new Session({ ...small, depth: 3, init: 'zeros' }).setup().findings.map((f) => f.kind);
    expect(kinds).toContain('constantWeights');
    expect(kinds).toContain('zeroGradients');
  });

  it('a frame has one normalized histogram per layer for each of the three kinds', () => {
    const s = new Session({ ...small, depth: 4, width: 16, init: 'kaimingNormal' });
    const f = s.step(true)!;
    expect(f.step).toBe(1);
    expect(f.losses).toHaveLength(1);
    expect(f.layers).toHaveLength(4);
    for (const h of [f.pre, f.act, f.grad]) {
      expect(h.layers).toBe(4);
      expect(h.fractions).toHaveLength(4 * BINS);
      for (let l = 0; l < 4; l++) {
        const counts = Array.from(h.fractions.subarray(l * BINS, (l + 1) * BINS));
        expect(counts.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6); // float32 fractions
      }
    }
    for (const l of f.layers) expect(l.updateRatio).toBeGreaterThan(0);
  });

  it('the untrained frame (update false) leaves the weights and the step count alone', () => {
    const s = new Session({ ...small, depth: 3, width: 8, init: 'kaimingNormal' });
    const before = s.linears[0]!.weight.data.data.slice();
    const f = s.step(true, false)!;
    expect(f.step).toBe(0);
    expect(Array.from(s.linears[0]!.weight.data.data)).toEqual(Array.from(before));
  });

  it('dynamical isometry: a linear net with orthogonal weights has every Jacobian singular value 1; Gaussian weights spread them', () => {
    const orth = new Session({ ...small, depth: 20, width: 32, activation: 'linear', init: 'orthogonal' }).jacobianSpectrum();
    expect(orth).toHaveLength(32);
    for (const s of orth) expect(s).toBeCloseTo(1, 3); // float32 products of 19 matrices: ~1e-5 error
    const gauss = new Session({ ...small, depth: 20, width: 32, activation: 'linear', init: 'lecunNormal' }).jacobianSpectrum();
    expect(gauss[0]! / gauss[gauss.length - 1]!).toBeGreaterThan(100);
  });

  it('lsuv calibrates every hidden layer to unit pre-activation std (tolerance 0.1)', () => {
    const setup = new Session({ ...small, depth: 10, init: 'lsuv', activation: 'tanh' }).setup();
    for (const l of setup.report) expect(Math.abs(l.preActivationStd - 1)).toBeLessThan(0.1);
    expect(setup.prediction).toBeNull();
  });

  it("lsuv's options from the controls reach lsuv (targetStd 0.5, tolerance 0.05, from Xavier-uniform weights)", () => {
    const initOptions = { targetStd: 0.5, tolerance: 0.05, maxIterations: 20, orthonormalFirst: 'false' };
    const setup = new Session({ ...small, depth: 6, init: 'lsuv', activation: 'tanh', initOptions }).setup();
    expect(setup.error).toBeNull();
    for (const l of setup.report) expect(Math.abs(l.preActivationStd - 0.5)).toBeLessThan(0.05);
  });

  it('options the initializer rejects are the reason shown instead of a network', () => {
    const s = new Session({ ...small, init: 'truncatedNormal', initOptions: { a: 1, b: -1 } });
    expect(s.setup().error).toMatch(/truncatedNormal: a must be < b/);
    expect(s.step(true)).toBeNull();
  });

  it('every activation, data set and optimizer trains a step to a finite loss', () => {
    for (const activation of ACTIVATIONS) {
      for (const data of DATASETS) {
        const optimizer = data === 'xor' ? 'adam' : 'sgd';
        const f = new Session({ ...small, depth: 3, width: 8, activation, data, optimizer }).step(true)!;
        expect(Number.isFinite(f.losses[0]), `${activation} ${data}`).toBe(true);
        expect(f.layers.every((l) => Number.isFinite(l.actStd) && Number.isFinite(l.gradStd))).toBe(true);
      }
    }
  });

  it('conv-only initializers are refused with a reason instead of a broken network', () => {
    const s = new Session({ ...small, init: 'dirac' });
    expect(s.setup().error).toMatch(/conv/);
    expect(s.step(true)).toBeNull();
  });

  it('the decision-boundary grid has one class and probability per cell', () => {
    const b = new Session({ ...small, depth: 2, width: 8, data: 'spirals' }).boundary(6)!;
    expect(b.cls).toHaveLength(36);
    for (const c of b.cls) expect([0, 1, 2]).toContain(c);
    for (const p of b.prob) expect(p).toBeGreaterThanOrEqual(1 / 3 - 1e-12);
  });
});

describe('update/weight ratio', () => {
  it('plain SGD: lr·‖g‖/‖W_before‖ (computed without a copy) equals the measured ‖ΔW‖/‖W_before‖', () => {
    for (const optimizer of ['sgd', 'adam'] as const) {
      const s = new Session({ ...small, depth: 3, width: 8, init: 'kaimingNormal', optimizer, lr: 0.05 });
      const before = s.linears.map((l) => Float64Array.from(l.weight.data.data));
      const f = s.step(true)!;
      for (let l = 0; l < 3; l++) {
        const now = s.linears[l]!.weight.data.data;
        let du = 0;
        let ww = 0;
        for (let i = 0; i < now.length; i++) {
          du += (now[i]! - before[l]![i]!) ** 2;
          ww += before[l]![i]! ** 2;
        }
        // float32 weights: W_before reconstructed as W_now + lr·g carries ~1e-7 relative rounding.
        expect(f.layers[l]!.updateRatio).toBeCloseTo(Math.sqrt(du / ww), 5);
      }
    }
  });
});
