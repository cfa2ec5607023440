import { describe, expect, test } from 'vitest';
import { Tensor, tensor } from '@seedling-ml/autograd';
import { Rng } from '@seedling-ml/tensor';
import { BatchNorm1d, NNError } from '../../src/index.ts';
import { gradcheckModule, randn, values } from '../helpers.ts';

/** Per-channel mean, biased and unbiased variance of x [N, C] (naive). */
function stats(x: number[], n: number, c: number) {
  const mean: number[] = [];
  const biased: number[] = [];
  const unbiased: number[] = [];
  for (let j = 0; j < c; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i * c + j]!;
    const m = s / n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (x[i * c + j]! - m) ** 2;
    mean.push(m);
    biased.push(ss / n);
    unbiased.push(ss / (n - 1));
  }
  return { mean, biased, unbiased };
}

const batch = (seed: number, n = 6, c = 3) => new Tensor(new Rng(seed).normal([n, c], 2, 3, { dtype: 'float64' }));

describe('BatchNorm1d', () => {
  test('training: batch statistics with the biased variance; running stats use the unbiased one, momentum 0.1', () => {
    const bn = new BatchNorm1d(3, { dtype: 'float64' });
    const x1 = batch(1);
    const x2 = batch(2);
    const y = values(bn.forward(x1));
    const s1 = stats(values(x1), 6, 3);
    values(x1).forEach((v, k) => expect(y[k]).toBeCloseTo((v - s1.mean[k % 3]!) / Math.sqrt(s1.biased[k % 3]! + 1e-5), 12));
    bn.forward(x2);
    const s2 = stats(values(x2), 6, 3);
    for (let j = 0; j < 3; j++) {
      const rm1 = 0.9 * 0 + 0.1 * s1.mean[j]!;
      const rv1 = 0.9 * 1 + 0.1 * s1.unbiased[j]!;
      expect(bn.runningMean.data[j]).toBeCloseTo(0.9 * rm1 + 0.1 * s2.mean[j]!, 12);
      expect(bn.runningVar.data[j]).toBeCloseTo(0.9 * rv1 + 0.1 * s2.unbiased[j]!, 12);
    }
    expect(bn.numBatchesTracked.item()).toBe(2);
  });

  test('eps (default 1e-5) is added to the variance in training and eval', () => {
    // Channel values [0, 0.002]: mean 0.001, biased variance 1e-6 — small enough for eps to matter.
    const x = tensor([[0], [0.002]], { dtype: 'float64' });
    for (const [eps, bn] of [
      [1e-5, new BatchNorm1d(1, { dtype: 'float64' })],
      [0.25, new BatchNorm1d(1, { dtype: 'float64', eps: 0.25 })],
    ] as const) {
      const y = values(bn.forward(x));
      expect(y[0]).toBeCloseTo(-0.001 / Math.sqrt(1e-6 + eps), 12);
      expect(y[1]).toBeCloseTo(0.001 / Math.sqrt(1e-6 + eps), 12);
      // eval: running stats after one batch are mean 0.1·0.001, var 0.9 + 0.1·2e-6 (unbiased, n = 2)
      bn.eval();
      const rm = 0.1 * 0.001;
      const rv = 0.9 + 0.1 * 2e-6;
      expect(values(bn.forward(tensor([[1]], { dtype: 'float64' })))[0]).toBeCloseTo((1 - rm) / Math.sqrt(rv + eps), 12);
    }
  });

  test('eval: normalizes with the running statistics and leaves them unchanged', () => {
    const bn = new BatchNorm1d(3, { dtype: 'float64' });
    bn.forward(batch(1));
    bn.weight!.data.data.set([1, 2, 3]);
    bn.bias!.data.data.set([0, 1, -1]);
    bn.eval();
    const rm = values(bn.runningMean);
    const rv = values(bn.runningVar);
    const x = batch(3, 4);
    const y = values(bn.forward(x));
    values(x).forEach((v, k) => {
      const j = k % 3;
      expect(y[k]).toBeCloseTo(((v - rm[j]!) / Math.sqrt(rv[j]! + 1e-5)) * [1, 2, 3][j]! + [0, 1, -1][j]!, 12);
    });
    expect(values(bn.runningMean)).toEqual(rm);
    expect(bn.numBatchesTracked.item()).toBe(1);
    // a single sample is fine in eval mode
    expect(bn.forward(batch(4, 1)).shape).toEqual([1, 3]);
  });

  test('[N, C, L] inputs: statistics over N and L per channel', () => {
    const bn = new BatchNorm1d(2, { dtype: 'float64', momentum: 0.5 });
    const x = new Tensor(new Rng(5).normal([3, 2, 4], 0, 2, { dtype: 'float64' }));
    const y = values(bn.forward(x));
    const xv = values(x);
    for (let c = 0; c < 2; c++) {
      const idx: number[] = [];
      for (let n = 0; n < 3; n++) for (let l = 0; l < 4; l++) idx.push(n * 8 + c * 4 + l);
      const vals = idx.map((i) => xv[i]!);
      const m = vals.reduce((a, v) => a + v, 0) / 12;
      const ss = vals.reduce((a, v) => a + (v - m) ** 2, 0);
      idx.forEach((i) => expect(y[i]).toBeCloseTo((xv[i]! - m) / Math.sqrt(ss / 12 + 1e-5), 12));
      expect(bn.runningMean.data[c]).toBeCloseTo(0.5 * m, 12);
      expect(bn.runningVar.data[c]).toBeCloseTo(0.5 + 0.5 * (ss / 11), 12);
    }
  });

  test('momentum null: cumulative average of the batch statistics', () => {
    const bn = new BatchNorm1d(3, { dtype: 'float64', momentum: null });
    const xs = [batch(1), batch(2), batch(3)];
    xs.forEach((x) => bn.forward(x));
    const all = xs.map((x) => stats(values(x), 6, 3));
    for (let j = 0; j < 3; j++) {
      expect(bn.runningMean.data[j]).toBeCloseTo(all.reduce((a, s) => a + s.mean[j]!, 0) / 3, 12);
      expect(bn.runningVar.data[j]).toBeCloseTo(all.reduce((a, s) => a + s.unbiased[j]!, 0) / 3, 12);
    }
  });

  test('trackRunningStats false: batch statistics always, no buffers', () => {
    const bn = new BatchNorm1d(3, { dtype: 'float64', trackRunningStats: false });
    const x = batch(1);
    const train = values(bn.forward(x));
    expect(values(bn.eval().forward(x))).toEqual(train);
    expect(Object.keys(bn.stateDict())).toEqual(['weight', 'bias']);
  });

  test('stateDict carries the running statistics', () => {
    const a = new BatchNorm1d(3, { dtype: 'float64' });
    a.forward(batch(1));
    expect(Object.keys(a.stateDict())).toEqual(['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']);
    const b = new BatchNorm1d(3, { dtype: 'float64' });
    b.loadStateDict(a.stateDict());
    expect(values(b.runningVar)).toEqual(values(a.runningVar));
    const x = batch(9);
    expect(values(b.eval().forward(x))).toEqual(values(a.eval().forward(x)));
  });

  test('gradcheck in float64, training and eval', () => {
    const bn = new BatchNorm1d(3, { dtype: 'float64', weightInit: 'uniform', biasInit: 'uniform', seed: 2 });
    expect(gradcheckModule(bn, [randn([5, 3], 1)])).toBe(true);
    expect(gradcheckModule(new BatchNorm1d(2, { dtype: 'float64' }), [randn([3, 2, 2], 2)])).toBe(true);
    bn.forward(randn([5, 3], 3));
    bn.eval();
    expect(gradcheckModule(bn, [randn([4, 3], 4)])).toBe(true);
  });

  test('errors: wrong channel count, one value per channel in training', () => {
    expect(() => new BatchNorm1d(3).forward(Tensor.zeros([4, 2]))).toThrow(NNError);
    expect(() => new BatchNorm1d(3).forward(Tensor.zeros([4, 2]))).toThrow('BatchNorm1d: expected input [N, 3] or [N, 3, L]: input [4,2]');
    expect(() => new BatchNorm1d(3).forward(Tensor.zeros([1, 3]))).toThrow(
      'BatchNorm1d: expected more than 1 value per channel when training: input [1,3]',
    );
    expect(() => new BatchNorm1d(3, { momentum: 2 })).toThrow('BatchNorm1d: momentum must be a number in [0, 1], got 2');
  });
});
