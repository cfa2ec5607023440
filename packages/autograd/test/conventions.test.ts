/** The documented conventions at kinks (NOTE comments in src) and numerical stability at the extremes. */
import { describe, expect, test } from 'vitest';
import { erf as erfArray, array } from '@seedling-ml/tensor';
import * as ag from '../src/index.ts';
import { tensor } from '../src/index.ts';

const f64 = { dtype: 'float64', requiresGrad: true } as const;

function gradOf(f: (x: ag.Tensor) => ag.Tensor, values: number[]): number[] {
  const x = tensor(values, f64);
  f(x).sum().backward();
  return x.grad!.toArray() as number[];
}

describe('conventions at kinks', () => {
  test("relu'(0) = 0, abs'(0) = 0", () => {
    expect(gradOf((x) => x.relu(), [-1, 0, 1])).toEqual([0, 0, 1]);
    expect(gradOf((x) => x.abs(), [-1, 0, 1])).toEqual([-1, 0, 1]);
  });

  test('max/min split the gradient equally between ties', () => {
    expect(gradOf((x) => x.max(), [1, 3, 3])).toEqual([0, 0.5, 0.5]);
    expect(gradOf((x) => x.min(), [2, 2, 2, 5])).toEqual([1 / 3, 1 / 3, 1 / 3, 0]);
    const a = tensor([1, 2], f64);
    const b = tensor([1, 0], f64);
    ag.maximum(a, b).sum().backward();
    expect(a.grad?.toArray()).toEqual([0.5, 1]);
    expect(b.grad?.toArray()).toEqual([0.5, 0]);
  });

  test('clip passes the gradient at its bounds', () => {
    expect(gradOf((x) => x.clip(0, 1), [-0.5, 0, 0.5, 1, 1.5])).toEqual([0, 1, 1, 1, 0]);
  });

  test('leakyRelu and elu take the negative branch at 0; softplus has σ(0) = 0.5 there', () => {
    expect(gradOf((x) => x.leakyRelu(0.1), [-1, 0, 1])).toEqual([0.1, 0.1, 1]);
    expect(gradOf((x) => x.elu(2), [0, 1])).toEqual([2, 1]);
    expect(gradOf((x) => x.softplus(), [0])).toEqual([0.5]);
  });
});

describe('values against independent formulas', () => {
  test('gelu exact and tanh approximation', () => {
    const xs = [-2, -0.5, 0, 0.7, 3];
    const exact = tensor(xs, { dtype: 'float64' }).gelu().toArray() as number[];
    const approx = tensor(xs, { dtype: 'float64' }).gelu({ approximate: 'tanh' }).toArray() as number[];
    const erfs = erfArray(
      array(
        xs.map((x) => x / Math.SQRT2),
        { dtype: 'float64' },
      ),
    ).data;
    xs.forEach((x, i) => {
      expect(exact[i]).toBeCloseTo(0.5 * x * (1 + erfs[i]!), 14);
      expect(approx[i]).toBeCloseTo(0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3))), 14);
    });
  });

  test('selu uses the paper constants', () => {
    const out = tensor([-1, 2], { dtype: 'float64' }).selu().toArray() as number[];
    expect(out[0]).toBeCloseTo(1.0507009873554805 * 1.6732632423543772 * (Math.exp(-1) - 1), 14);
    expect(out[1]).toBeCloseTo(1.0507009873554805 * 2, 14);
  });

  test('variance: Bessel by default, population with correction 0', () => {
    const x = tensor([1, 2, 3, 4], { dtype: 'float64' });
    expect(x.variance().item()).toBeCloseTo(5 / 3, 14);
    expect(x.variance({ correction: 0 }).item()).toBeCloseTo(5 / 4, 14);
  });
});

describe('stability at the extremes', () => {
  test('softmax / logSoftmax with huge logits stay finite and exact', () => {
    const z = tensor([[1000, 1000, -1000]], f64);
    const p = z.softmax(-1);
    expect(p.toArray()).toEqual([[0.5, 0.5, 0]]);
    const lp = z.logSoftmax(-1).toArray() as number[][];
    expect(lp[0]![0]).toBeCloseTo(-Math.LN2, 14);
    expect(lp[0]![2]).toBeCloseTo(-2000 - Math.LN2, 9);
    p.mul(tensor([[1, 2, 3]], { dtype: 'float64' }))
      .sum()
      .backward();
    expect((z.grad!.toArray() as number[][])[0]!.every(Number.isFinite)).toBe(true);
  });

  test('logSoftmax and softmax at ±1e4 in both dtypes: exact values and gradients, nothing overflows', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const z = tensor(
        [
          [1e4, -1e4, 0],
          [-1e4, -1e4, -1e4],
        ],
        { dtype, requiresGrad: true },
      );
      const lp = z.logSoftmax(-1);
      // Row 0: shift by 1e4 gives [0, -2e4, -1e4] and ln(1 + e^-1e4 + e^-2e4) = 0 in floating point.
      // Row 1: three equal logits give -ln 3 each.
      const l3 = dtype === 'float32' ? Math.fround(-Math.log(3)) : -Math.log(3);
      expect(lp.toArray()).toEqual([
        [0, -2e4, -1e4],
        [l3, l3, l3],
      ]);
      expect(z.softmax(-1).toArray()).toEqual([
        [1, 0, 0],
        dtype === 'float32' ? [1, 1, 1].map(() => Math.fround(1 / 3)) : [1 / 3, 1 / 3, 1 / 3],
      ]);
      // d/dz Σ w·logSoftmax(z) = w − softmax(z)·Σw; row 0 with softmax [1, 0, 0] and w = [1, 2, 3]: [-5, 2, 3].
      lp.backward(
        tensor(
          [
            [1, 2, 3],
            [1, 1, 1],
          ],
          { dtype },
        ),
      );
      const g = z.grad!.toArray() as number[][];
      expect(g[0]).toEqual([-5, 2, 3]);
      g[1]!.forEach((v) => expect(Math.abs(v)).toBeLessThan(1e-6));
    }
  });

  test("pow: the base's gradient is 0 where the exponent is 0 (not 0·∞ = NaN at base 0)", () => {
    const a = tensor([0, 2, 0], { dtype: 'float64', requiresGrad: true });
    const b = tensor([0, 0, 2], { dtype: 'float64', requiresGrad: true });
    ag.pow(a, b).sum().backward();
    // d/da a^b = b·a^(b−1): 0 where b = 0; 2·0 = 0 at (0, 2). d/db = a^b ln a: 0 at a = 0, 1·ln 2 at (2, 0).
    expect(a.grad?.toArray()).toEqual([0, 0, 0]);
    expect(b.grad?.toArray()).toEqual([0, Math.LN2, 0]);
  });

  test('softplus and elu stay finite for large |x|, gradients included', () => {
    expect(gradOf((x) => x.softplus(), [-800, 800])).toEqual([0, 1]);
    expect(gradOf((x) => x.softplus({ beta: 2 }), [-1e4, 1e4])).toEqual([0, 1]);
    expect(tensor([-1e4, 1e4]).softplus().toArray()).toEqual([0, 1e4]);
    expect(tensor([800], { dtype: 'float64' }).softplus().item()).toBe(800);
    expect(gradOf((x) => x.elu(), [800, -800])).toEqual([1, 0]);
  });

  test('stable cross-entropy from logSoftmax + takeAlongAxis (how nn writes it)', () => {
    const logits = tensor(
      [
        [2, 0, -1],
        [0, 0, 5000],
      ],
      f64,
    );
    const targets = array([[0], [2]]);
    const loss = logits.logSoftmax(-1).takeAlongAxis(targets, -1).mean().neg();
    const e = Math.exp(2) + 1 + Math.exp(-1);
    expect(loss.item()).toBeCloseTo((-(2 - Math.log(e)) + 0) / 2, 12);
    loss.backward();
    const g = logits.grad!.toArray() as number[][];
    // d/dz = (softmax − onehot) / batch
    expect(g[0]![0]).toBeCloseTo((Math.exp(2) / e - 1) / 2, 12);
    expect(g[0]![1]).toBeCloseTo(1 / e / 2, 12);
    expect(g[1]).toEqual([0, 0, 0]);
  });
});
