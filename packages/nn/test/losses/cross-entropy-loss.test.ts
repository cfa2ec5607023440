import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { Tensor, gradcheck, tensor } from '@seedling-ml/autograd';
import { NDArray, Rng, array } from '@seedling-ml/tensor';
import { NNError, crossEntropyLoss, nllLoss } from '../../src/index.ts';
import { randn, values } from '../helpers.ts';

/** −log softmax(row)[k], computed naively in float64 with the max subtracted. */
function ceRef(row: number[], k: number): number {
  const m = Math.max(...row);
  const lse = m + Math.log(row.reduce((a, v) => a + Math.exp(v - m), 0));
  return lse - row[k]!;
}

describe('crossEntropyLoss', () => {
  test('hand-computed: uniform logits give ln C; a two-class example', () => {
    expect(crossEntropyLoss(tensor([[0, 0, 0, 0]], { dtype: 'float64' }), [2]).item()).toBeCloseTo(Math.log(4), 14);
    // logits [ln 1, ln 3] → p = [1/4, 3/4]; target 0 → ln 4, target 1 → ln(4/3)
    const x = tensor(
      [
        [0, Math.log(3)],
        [0, Math.log(3)],
      ],
      { dtype: 'float64' },
    );
    expect(values(crossEntropyLoss(x, [0, 1], { reduction: 'none' }))).toEqual([
      expect.closeTo(Math.log(4), 14),
      expect.closeTo(Math.log(4 / 3), 14),
    ]);
    expect(crossEntropyLoss(x, [0, 1]).item()).toBeCloseTo((Math.log(4) + Math.log(4 / 3)) / 2, 14);
    expect(crossEntropyLoss(x, [0, 1], { reduction: 'sum' }).item()).toBeCloseTo(Math.log(4) + Math.log(4 / 3), 14);
  });

  test('matches the naive formula on random logits and targets', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 1e6 }), (n, c, seed) => {
        const rng = new Rng(seed);
        const x = new Tensor(rng.normal([n, c], 0, 5, { dtype: 'float64' }));
        const t = rng.integers([n], 0, c);
        const got = values(crossEntropyLoss(x, t, { reduction: 'none' }));
        const xv = values(x);
        got.forEach((g, i) => expect(g).toBeCloseTo(ceRef(xv.slice(i * c, i * c + c), t.data[i]!), 12));
      }),
      { numRuns: 100 },
    );
  });

  test('label smoothing: (1 − ε)·nll + ε/C·Σ −log p (by hand)', () => {
    const row = [1, -2, 0.5];
    const x = tensor([row], { dtype: 'float64' });
    const eps = 0.2;
    const nll = ceRef(row, 1);
    const allClasses = [0, 1, 2].reduce((a, k) => a + ceRef(row, k), 0);
    expect(crossEntropyLoss(x, [1], { labelSmoothing: eps }).item()).toBeCloseTo((1 - eps) * nll + (eps / 3) * allClasses, 14);
    expect(crossEntropyLoss(x, [1], { labelSmoothing: 1 }).item()).toBeCloseTo(allClasses / 3, 14);
  });

  test('logits of ±1e4 give finite, correct losses and gradients (float32 and float64)', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const x = tensor(
        [
          [1e4, -1e4, 0],
          [-1e4, -1e4, 1e4],
          [1e4, 1e4, -1e4],
        ],
        { dtype, requiresGrad: true },
      );
      const losses = values(crossEntropyLoss(x, [1, 2, 0], { reduction: 'none' }));
      expect(losses).toEqual([2e4, expect.closeTo(0, 12), expect.closeTo(Math.log(2), 6)]);
      const loss = crossEntropyLoss(x, [1, 2, 0], { labelSmoothing: 0.1 });
      expect(Number.isFinite(loss.item())).toBe(true);
      loss.backward();
      const g = values(x.grad!);
      expect(g.every(Number.isFinite)).toBe(true);
      // unsmoothed part of row 0: softmax − onehot = [1, −1, 0]; smoothing adds −ε/C to every class; mean over 3 rows
      const expectedRow0 = [1 - 0.9 * 0 - 0.1 / 3, -0.9 - 0.1 / 3, -0.1 / 3].map((v) => v / 3);
      g.slice(0, 3).forEach((v, i) => expect(v).toBeCloseTo(expectedRow0[i]!, 6));
    }
  });

  test('classes on axis 1 for [N, C, d] inputs; a single [C] sample with a scalar target', () => {
    const x = new Tensor(new Rng(1).normal([2, 3, 4], 0, 1, { dtype: 'float64' }));
    const t = array([
      [0, 1, 2, 0],
      [2, 2, 1, 0],
    ]);
    const got = values(crossEntropyLoss(x, t, { reduction: 'none' }));
    const xv = values(x);
    for (let n = 0; n < 2; n++) {
      for (let d = 0; d < 4; d++) {
        const row = [0, 1, 2].map((c) => xv[n * 12 + c * 4 + d]!);
        expect(got[n * 4 + d]).toBeCloseTo(ceRef(row, t.get(n, d)), 12);
      }
    }
    expect(crossEntropyLoss(tensor([1, 2, 3], { dtype: 'float64' }), 2).item()).toBeCloseTo(ceRef([1, 2, 3], 2), 14);
  });

  test('gradcheck in float64 for every reduction and with label smoothing', () => {
    const t = [2, 0, 1, 1];
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      expect(gradcheck((x) => crossEntropyLoss(x!, t, { reduction }), [randn([4, 3], 1, 3)])).toBe(true);
    }
    expect(gradcheck((x) => crossEntropyLoss(x!, t, { labelSmoothing: 0.3 }), [randn([4, 3], 2, 3)])).toBe(true);
    expect(
      gradcheck(
        (x) =>
          crossEntropyLoss(
            x!,
            array([
              [0, 2],
              [1, 1],
            ]),
          ),
        [randn([2, 3, 2], 3)],
      ),
    ).toBe(true);
  });

  test('targets out of range, non-integer or of the wrong shape throw clear errors', () => {
    const x = Tensor.zeros([4, 5]);
    expect(() => crossEntropyLoss(x, [0, 1, 7, 2])).toThrow(NNError);
    expect(() => crossEntropyLoss(x, [0, 1, 7, 2])).toThrow(
      'crossEntropyLoss: target 7 at flat index 2 is not a class index in [0, 5) or the ignoreIndex -100: input [4,5], target [4]',
    );
    expect(() => crossEntropyLoss(x, [0, 1, -1, 2])).toThrow(/target -1 at flat index 2/);
    expect(() => crossEntropyLoss(x, [0, 1.5, 1, 2])).toThrow(/target 1.5/);
    expect(() => crossEntropyLoss(x, [0, 1, 2])).toThrow('crossEntropyLoss: target shape [3] does not match input [4,5]: expected [4]');
    expect(() => crossEntropyLoss(x, new NDArray(new Float32Array(4), [4, 1]))).toThrow(
      'crossEntropyLoss: target shape [4,1] does not match input [4,5]: expected [4]',
    );
    expect(() => crossEntropyLoss(x, [0, 1, 2, 3], { labelSmoothing: 1.5 })).toThrow(
      'crossEntropyLoss: labelSmoothing must be a number in [0, 1], got 1.5',
    );
    expect(() => crossEntropyLoss(Tensor.zeros([]), 0)).toThrow('crossEntropyLoss: input must have a class axis, got a scalar: input []');
  });
});

describe('nllLoss', () => {
  test('hand-computed: −input at the target class', () => {
    const lp = tensor(
      [
        [-0.1, -2.3],
        [-1.2, -0.4],
      ],
      { dtype: 'float64' },
    );
    expect(nllLoss(lp, [0, 1]).item()).toBeCloseTo(0.25, 15);
    expect(nllLoss(lp, [1, 0], { reduction: 'sum' }).item()).toBeCloseTo(3.5, 15);
    expect(values(nllLoss(lp, [1, 1], { reduction: 'none' }))).toEqual([2.3, 0.4]);
  });
  test('crossEntropy = nll ∘ logSoftmax; gradcheck', () => {
    const x = randn([3, 4], 4);
    const t = [3, 0, 1];
    expect(nllLoss(x.logSoftmax(1), t).item()).toBeCloseTo(crossEntropyLoss(x, t).item(), 14);
    expect(gradcheck((a) => nllLoss(a!, t), [randn([3, 4], 5)])).toBe(true);
  });
  test('bad targets throw', () => {
    expect(() => nllLoss(Tensor.zeros([2, 3]), [3, 0])).toThrow(
      'nllLoss: target 3 at flat index 0 is not a class index in [0, 3) or the ignoreIndex -100: input [2,3], target [2]',
    );
  });
});
