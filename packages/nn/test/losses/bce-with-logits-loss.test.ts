import { describe, expect, test } from 'vitest';
import { gradcheck, tensor } from '@seedling-ml/autograd';
import { NNError, bceWithLogitsLoss } from '../../src/index.ts';
import { randn, values } from '../helpers.ts';

/** −[y log σ(x) + (1 − y) log(1 − σ(x))], naive (fine for moderate x). */
const bceRef = (x: number, y: number) => {
  const s = 1 / (1 + Math.exp(-x));
  return -(y * Math.log(s) + (1 - y) * Math.log(1 - s));
};

describe('bceWithLogitsLoss', () => {
  test('hand-computed values', () => {
    expect(bceWithLogitsLoss(tensor([0], { dtype: 'float64' }), [1]).item()).toBeCloseTo(Math.log(2), 15);
    const x = tensor([2, -1, 0.5, 3], { dtype: 'float64' });
    const y = tensor([1, 0, 0.3, 0], { dtype: 'float64' });
    const expected = [bceRef(2, 1), bceRef(-1, 0), bceRef(0.5, 0.3), bceRef(3, 0)];
    values(bceWithLogitsLoss(x, y, { reduction: 'none' })).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 13));
    expect(bceWithLogitsLoss(x, y).item()).toBeCloseTo(expected.reduce((a, v) => a + v, 0) / 4, 13);
    expect(bceWithLogitsLoss(x, y, { reduction: 'sum' }).item()).toBeCloseTo(
      expected.reduce((a, v) => a + v, 0),
      13,
    );
  });

  test('logits of ±1e4: finite and exact; gradient σ(x) − y', () => {
    const x = tensor([1e4, -1e4, 1e4, -1e4], { requiresGrad: true });
    const loss = bceWithLogitsLoss(x, [1, 0, 0, 1], { reduction: 'none' });
    expect(values(loss)).toEqual([0, 0, 1e4, 1e4]);
    loss.sum().backward();
    expect(values(x.grad!)).toEqual([0, 0, 1, -1]);
  });

  test('gradient at x = 0 is σ(0) − y = 0.5 − y', () => {
    const x = tensor([0, 0], { dtype: 'float64', requiresGrad: true });
    bceWithLogitsLoss(x, [1, 0.25], { reduction: 'sum' }).backward();
    expect(values(x.grad!)).toEqual([-0.5, 0.25]);
  });

  test('gradcheck in float64', () => {
    const y = tensor(
      [
        [1, 0, 0.5],
        [0.2, 1, 0],
      ],
      { dtype: 'float64' },
    );
    expect(gradcheck((x) => bceWithLogitsLoss(x!, y), [randn([2, 3], 1, 3)])).toBe(true);
    expect(gradcheck((x) => bceWithLogitsLoss(x!, y, { reduction: 'none' }), [randn([2, 3], 2, 3)])).toBe(true);
  });

  test('targets outside [0, 1] or of the wrong shape throw', () => {
    expect(() => bceWithLogitsLoss(tensor([0, 0]), [1, 2])).toThrow(NNError);
    expect(() => bceWithLogitsLoss(tensor([0, 0]), [1, 2])).toThrow('bceWithLogitsLoss: target 2 at flat index 1 is not in [0, 1]');
    expect(() => bceWithLogitsLoss(tensor([0, 0]), [1])).toThrow('bceWithLogitsLoss: target shape [1] does not match input shape [2]');
  });
});
