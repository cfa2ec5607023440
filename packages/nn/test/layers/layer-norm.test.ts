import { describe, expect, test } from 'vitest';
import { Tensor, tensor } from '@seedling-ml/autograd';
import { Rng } from '@seedling-ml/tensor';
import { LayerNorm, NNError } from '../../src/index.ts';
import { gradcheckModule, randn, values } from '../helpers.ts';

describe('LayerNorm', () => {
  test('normalizes each sample over the trailing axes (biased variance), then scales and shifts', () => {
    const ln = new LayerNorm([2, 3], { dtype: 'float64', eps: 1e-5 });
    ln.weight!.data.data.set([1, 2, 3, 4, 5, 6]);
    ln.bias!.data.data.set([0.5, 0, -0.5, 1, 0, -1]);
    const x = new Tensor(new Rng(0).normal([4, 2, 3], 1, 3, { dtype: 'float64' }));
    const y = values(ln.forward(x));
    const xv = values(x);
    for (let n = 0; n < 4; n++) {
      const s = xv.slice(6 * n, 6 * n + 6);
      const mean = s.reduce((a, v) => a + v, 0) / 6;
      const variance = s.reduce((a, v) => a + (v - mean) ** 2, 0) / 6;
      s.forEach((v, k) => {
        const expected = ((v - mean) / Math.sqrt(variance + 1e-5)) * (k + 1) + [0.5, 0, -0.5, 1, 0, -1][k]!;
        expect(y[6 * n + k]).toBeCloseTo(expected, 12);
      });
    }
  });

  test('eps is added to the variance: default 1e-5 (PyTorch), visible when the variance is small', () => {
    // Row [0, 0, 0, 0.002]: mean 5e-4, biased variance (3·(5e-4)² + (1.5e-3)²)/4 = 7.5e-7, so eps dominates.
    const row = tensor([[0, 0, 0, 0.002]], { dtype: 'float64' });
    const expect4 = (eps: number) => [-5e-4, -5e-4, -5e-4, 1.5e-3].map((c) => c / Math.sqrt(7.5e-7 + eps));
    const dflt = values(new LayerNorm(4, { dtype: 'float64' }).forward(row));
    dflt.forEach((v, i) => expect(v).toBeCloseTo(expect4(1e-5)[i]!, 12));
    const big = values(new LayerNorm(4, { dtype: 'float64', eps: 0.5 }).forward(row));
    big.forEach((v, i) => expect(v).toBeCloseTo(expect4(0.5)[i]!, 12));
    expect(() => new LayerNorm(4, { eps: 0 })).toThrow('LayerNorm: eps must be a finite number > 0, got 0');
  });

  test('the same in train and eval; without affine there are no parameters', () => {
    const x = randn([3, 4], 1);
    const ln = new LayerNorm(4, { dtype: 'float64' });
    expect(values(ln.eval().forward(x))).toEqual(values(ln.train().forward(x)));
    expect(new LayerNorm(4, { elementwiseAffine: false }).parameters()).toHaveLength(0);
    expect(new LayerNorm(4, { bias: false }).namedParameters().map(([n]) => n)).toEqual(['weight']);
  });

  test('gradcheck in float64 (input, γ, β)', () => {
    const ln = new LayerNorm(4, { dtype: 'float64', weightInit: 'uniform', biasInit: 'uniform', seed: 1 });
    expect(gradcheckModule(ln, [randn([3, 4], 2)])).toBe(true);
    expect(gradcheckModule(new LayerNorm([2, 2], { dtype: 'float64' }), [randn([2, 2, 2], 3)])).toBe(true);
  });

  test('a mismatched trailing shape throws', () => {
    expect(() => new LayerNorm(4).forward(Tensor.zeros([2, 5]))).toThrow(NNError);
    expect(() => new LayerNorm(4).forward(Tensor.zeros([2, 5]))).toThrow(
      "LayerNorm: input's trailing shape does not match normalizedShape [4]: input [2,5]",
    );
  });
});
