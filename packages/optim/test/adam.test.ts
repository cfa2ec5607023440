import { describe, expect, test } from 'vitest';
import { tensor } from '@seedling-ml/autograd';
import { Adam } from '../src/index.ts';
import { expectClose, param, runProblem, setGrad } from './helpers.ts';
import { referenceAdam } from './reference-adam.ts';

describe('Adam', () => {
  test('hand-computed: constant gradient moves θ by γ/(1 + ε) per step', () => {
    // g = 1 every step: m̂ = (1 − 0.9ᵗ)/(1 − 0.9ᵗ) = 1, v̂ = 1, so Δθ = −0.1/(1 + 1e-8).
    const p = param([1]);
    const opt = new Adam([p], { lr: 0.1 });
    const got: number[] = [];
    for (let t = 0; t < 3; t++) {
      setGrad(p, [1]);
      opt.step();
      got.push(p.data.data[0]!);
    }
    const d = 0.1 / (1 + 1e-8);
    expectClose(got, [1 - d, 1 - 2 * d, 1 - 3 * d], 1e-14);
  });

  test('hand-computed: gradients 1, then 0 (β = 0.5, 0.5, ε = 0)', () => {
    // t=1: m = 0.5, v = 0.5, m̂ = 1, v̂ = 1 → θ = 1 − 0.1 = 0.9
    // t=2: m = 0.25, v = 0.25, m̂ = 0.25/0.75 = 1/3, v̂ = 1/3 → θ = 0.9 − 0.1·(1/3)/√(1/3) = 0.9 − 0.1/√3
    const p = param([1]);
    const opt = new Adam([p], { lr: 0.1, betas: [0.5, 0.5], eps: 0 });
    setGrad(p, [1]);
    opt.step();
    expectClose([p.data.data[0]!], [0.9], 1e-15);
    setGrad(p, [0]);
    opt.step();
    expectClose([p.data.data[0]!], [0.9 - 0.1 / Math.sqrt(3)], 1e-14);
  });

  test('first 3 steps on the fixed problem equal the documented rule', () => {
    const configs = [
      { lr: 0.1 },
      { lr: 0.05, betas: [0.8, 0.9] as [number, number], eps: 1e-6, weightDecay: 0.1 },
      { lr: 0.05, amsgrad: true, betas: [0.5, 0.6] as [number, number] },
      { lr: 0.01, maximize: true },
    ];
    for (const h of configs) {
      const expected = referenceAdam(h, 3, false);
      runProblem((p) => new Adam([p], h), 3).forEach((row, t) => expectClose(row, expected[t]!, 1e-12));
    }
  });

  test('AMSGrad keeps the running maximum of v', () => {
    // Gradients 2 then 0: v₁ = (1−β₂)·4 is the max; v₂ = β₂v₁ is smaller.
    const p = param([0]);
    const opt = new Adam([p], { lr: 0.1, amsgrad: true, betas: [0.9, 0.5] });
    setGrad(p, [2]);
    opt.step();
    setGrad(p, [0]);
    opt.step();
    const s = opt.getState(p)!;
    expect(s.maxExpAvgSq!.data[0]).toBe(2);
    expect(s.expAvgSq!.data[0]).toBe(1);
    expect(s.step).toBe(2);
  });

  test('validates betas, eps and weightDecay', () => {
    const p = param([1]);
    expect(() => new Adam([p], { betas: [1, 0.999] })).toThrow('Adam: invalid betas[0]: 1 (valid range: [0, 1))');
    expect(() => new Adam([p], { betas: [0.9, -0.1] })).toThrow('Adam: invalid betas[1]: -0.1 (valid range: [0, 1))');
    expect(() => new Adam([p], { eps: -1 })).toThrow('Adam: invalid eps: -1 (valid range: eps ≥ 0)');
    expect(() => new Adam([p], { weightDecay: -1e-3 })).toThrow('Adam: invalid weightDecay: -0.001 (valid range: weightDecay ≥ 0)');
    expect(() => new Adam([p], { betas: [0.9] as unknown as [number, number] })).toThrow('Adam: invalid betas: [0.9]');
  });

  test("defaults are PyTorch's", () => {
    const { params: _p, names: _n, ...h } = new Adam([param([1])]).paramGroups[0]!;
    expect(h).toEqual({ lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false });
  });
});

test('groups never share a mutable betas array with each other or with the defaults', () => {
  const a = new Adam([param([1])]);
  (a.paramGroups[0]!.betas as unknown as number[])[0] = 0.1;
  expect(new Adam([param([1])]).paramGroups[0]!.betas).toEqual([0.9, 0.999]);
  const betas: [number, number] = [0.8, 0.9];
  const b = new Adam([{ params: [param([1])] }, { params: [param([1])] }], { betas });
  (b.paramGroups[0]!.betas as unknown as number[])[0] = 0.2;
  expect(b.paramGroups[1]!.betas).toEqual([0.8, 0.9]);
  expect(betas).toEqual([0.8, 0.9]);
});

describe('Adam on float32 parameters: the step in float32 arithmetic', () => {
  const f32 = (xs: readonly number[], requiresGrad = false) => tensor(Float32Array.from(xs), { requiresGrad });

  test('one step equals the float64 rule to within the rounding of θ and a few float32 ulps of the step', () => {
    for (const options of [{ lr: 0.01 }, { lr: 0.01, amsgrad: true }, { lr: 0.03, weightDecay: 0.1 }]) {
      const xs = Array.from(Float32Array.from({ length: 37 }, (_, i) => Math.sin(i + 1)));
      const gs = Array.from(Float32Array.from({ length: 37 }, (_, i) => Math.cos(3 * i) * 10 ** ((i % 7) - 3)));
      const p32 = f32(xs, true);
      const p64 = tensor(xs, { requiresGrad: true, dtype: 'float64' });
      p32.grad = f32(gs);
      p64.grad = tensor(gs, { dtype: 'float64' });
      new Adam([p32], options).step();
      new Adam([p64], options).step();
      for (let i = 0; i < xs.length; i++) {
        const want = p64.data.data[i]!;
        const step = Math.abs(want - xs[i]!);
        // Half an ulp of θ for the final rounding, plus the step's own roundings to first order: g 2, m 3, v 4 (halved
        // by the square root), √ 1, ÷bc2 1, +ε 1, ×step 1, ÷d 1 — at most 12 × 2⁻²⁴ relative.
        const bound = Math.abs(want) * 2 ** -24 + step * 12 * 2 ** -24;
        expect(Math.abs(p32.data.data[i]! - want), `${JSON.stringify(options)} element ${i}`).toBeLessThanOrEqual(bound);
      }
    }
  });

  test('ε below float32 range keeps the float64 step: no 0/0 where the float64 rule has none', () => {
    const p = f32([0.5, -2], true);
    const opt = new Adam([p], { lr: 0.1, eps: 1e-50 });
    p.grad = f32([0, 0]);
    opt.step();
    expect(Array.from(p.data.data)).toEqual([0.5, -2]);
  });
});

describe('Adam on a large float32 parameter: moments resident in the SIMD kernel memory', () => {
  // 5,000: a kernel instance of the parameter's own; 70,000: a thread kernel (shared memory, the pool's update).
  test.each([5000, 70_000])('%i elements: a state saved and loaded into a new optimizer continues bit for bit like the original', (n) => {
    const xs = Float32Array.from({ length: n }, (_, i) => Math.sin(i));
    const grads = [1, 2, 3, 4].map((t) => Float32Array.from({ length: n }, (_, i) => Math.cos(i * t) * 0.1));
    const a = tensor(xs.slice(), { requiresGrad: true });
    const b = tensor(xs.slice(), { requiresGrad: true });
    const oa = new Adam([a], { lr: 0.01 });
    const ob = new Adam([b], { lr: 0.01 });
    for (const g of grads.slice(0, 2)) {
      a.grad = tensor(g);
      oa.step();
      b.grad = tensor(g);
      ob.step();
    }
    // b's optimizer is replaced by one restored from its state dict (ordinary arrays, moved in at the next step).
    const restored = new Adam([b], { lr: 0.01 });
    restored.loadStateDict(ob.stateDict());
    for (const g of grads.slice(2)) {
      a.grad = tensor(g);
      oa.step();
      b.grad = tensor(g);
      restored.step();
    }
    expect(Array.from(b.data.data)).toEqual(Array.from(a.data.data));
    const sa = oa.stateDict().state['0']!;
    const sb = restored.stateDict().state['0']!;
    expect(Array.from((sb.expAvgSq as { data: Float32Array }).data)).toEqual(Array.from((sa.expAvgSq as { data: Float32Array }).data));
  });
});
