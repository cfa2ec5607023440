import { describe, expect, test } from 'vitest';
import { Tensor } from '@seedling/autograd';
import { Rng } from '@seedling/tensor';
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
    expect(() => new LayerNorm(4).forward(Tensor.zeros([2, 5]))).toThrow("LayerNorm: input's trailing shape does not match normalizedShape [4]: input [2,5]");
  });
});
