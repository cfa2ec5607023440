import { describe, expect, test } from 'vitest';
import { Tensor } from '@seedling-ml/autograd';
import { Rng } from '@seedling-ml/tensor';
import { Dropout, NNError } from '../../src/index.ts';
import { gradcheckModule, values } from '../helpers.ts';

describe('Dropout', () => {
  test.each([0.1, 0.5, 0.8])('p = %s: fraction zeroed ≈ p within 4 SE, survivors scaled by 1/(1 − p)', (p) => {
    const n = 20000;
    const x = new Tensor(new Rng(1).uniform([n], 1, 2, { dtype: 'float64' }));
    const y = values(new Dropout(p, { seed: 7 }).forward(x));
    const xv = values(x);
    let zeros = 0;
    y.forEach((v, i) => {
      if (v === 0) zeros++;
      else expect(v).toBeCloseTo(xv[i]! / (1 - p), 12);
    });
    // zeros ~ Binomial(n, p): SE of the fraction = √(p(1 − p)/n)
    const se = Math.sqrt((p * (1 - p)) / n);
    expect(Math.abs(zeros / n - p)).toBeLessThan(4 * se);
  });

  test('eval mode is the identity (the same tensor); so are p = 0 and training off', () => {
    const x = new Tensor(new Rng(2).normal([10]));
    const d = new Dropout(0.5, { seed: 1 });
    expect(d.eval().forward(x)).toBe(x);
    expect(new Dropout(0).forward(x)).toBe(x);
    expect(d.train().forward(x)).not.toBe(x);
  });

  test('p = 1 zeroes everything', () => {
    expect(values(new Dropout(1, { seed: 0 }).forward(Tensor.ones([5])))).toEqual([0, 0, 0, 0, 0]);
  });

  test('seeded: the same seed drops the same elements; successive calls draw new masks', () => {
    const x = Tensor.ones([50]);
    const a = new Dropout(0.5, { seed: 3 });
    const b = new Dropout(0.5, { seed: 3 });
    const a1 = values(a.forward(x));
    expect(values(b.forward(x))).toEqual(a1);
    expect(values(a.forward(x))).not.toEqual(a1);
  });

  test('gradient: dy/dx is the scaled mask (gradcheck with a fixed mask)', () => {
    const x = new Tensor(new Rng(4).normal([3, 4], 0, 1, { dtype: 'float64' }), { requiresGrad: true });
    // A fresh layer per call so the finite differences see the same mask.
    const fresh = () => new Dropout(0.3, { seed: 11 });
    expect(gradcheckModule(fresh(), [x], { call: (_m, xi) => fresh().forward(xi!) })).toBe(true);
    const y = fresh().forward(x);
    y.sum().backward();
    values(x.grad!).forEach((g, i) => expect(g).toBe(values(y)[i] === 0 ? 0 : 1 / 0.7));
  });

  test('p outside [0, 1] throws', () => {
    expect(() => new Dropout(1.5)).toThrow(NNError);
    expect(() => new Dropout(-0.1)).toThrow('Dropout: p must be a number in [0, 1], got -0.1');
  });
});
