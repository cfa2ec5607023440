import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { Tensor } from '@seedling-ml/autograd';
import { Rng } from '@seedling-ml/tensor';
import { Linear, NNError } from '../../src/index.ts';
import { gradcheckModule, randn, values } from '../helpers.ts';

describe('Linear', () => {
  test('y = x·Wᵀ + b against a naive loop, any batch shape', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
        fc.integer({ min: 0, max: 1e6 }),
        (inF, outF, batch, seed) => {
          const layer = new Linear(inF, outF, { seed, dtype: 'float64', biasInit: 'torchDefault' });
          const x = new Tensor(new Rng(seed).normal([...batch, inF], 0, 1, { dtype: 'float64' }));
          const y = layer.forward(x);
          expect(y.shape).toEqual([...batch, outF]);
          const xv = values(x);
          const w = values(layer.weight);
          const b = values(layer.bias!);
          const rows = xv.length / inF;
          const yv = values(y);
          for (let r = 0; r < rows; r++) {
            for (let o = 0; o < outF; o++) {
              let s = b[o]!;
              for (let i = 0; i < inF; i++) s += xv[r * inF + i]! * w[o * inF + i]!;
              expect(yv[r * outF + o]).toBeCloseTo(s, 12);
            }
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  test('a 1-D input gives a 1-D output; bias: false means y = x·Wᵀ', () => {
    const layer = new Linear(2, 3, { seed: 1, bias: false, dtype: 'float64' });
    const y = layer.forward(new Tensor(new Rng(0).normal([2], 0, 1, { dtype: 'float64' })));
    expect(y.shape).toEqual([3]);
    expect(layer.parameters()).toHaveLength(1);
  });

  test('gradcheck in float64 (input, weight, bias)', () => {
    const layer = new Linear(4, 3, { seed: 2, dtype: 'float64', biasInit: 'torchDefault' });
    expect(gradcheckModule(layer, [randn([5, 4], 1)])).toBe(true);
    expect(gradcheckModule(new Linear(3, 2, { seed: 3, dtype: 'float64' }), [randn([2, 2, 3], 2)])).toBe(true);
  });

  test('errors name the layer, the sizes and the input shape', () => {
    const layer = new Linear(4, 2);
    expect(() => layer.forward(Tensor.zeros([8, 5]))).toThrow(NNError);
    expect(() => layer.forward(Tensor.zeros([8, 5]))).toThrow('Linear: input feature size 5 does not match inFeatures 4: input [8,5]');
    expect(() => layer.forward(Tensor.zeros([]))).toThrow('Linear: input feature size none does not match inFeatures 4: input []');
    expect(() => new Linear(0, 2)).toThrow('Linear: inFeatures must be a positive integer, got 0');
    expect(() => new Linear(2, 1.5)).toThrow('Linear: outFeatures must be a positive integer, got 1.5');
  });
});
