import { Tensor, tensor } from '@seedling-ml/autograd';
import { describe, expect, test } from 'vitest';
import { NNError, bceWithLogitsLoss, crossEntropyLoss, huberLoss, klDivLoss, nllLoss, smoothL1Loss } from '../../src/index.ts';

const f64 = { dtype: 'float64' as const };

describe('loss options: hand-computed semantics', () => {
  test('crossEntropyLoss ignoreIndex: the ignored target neither adds loss nor counts in the mean', () => {
    // Uniform logits over 2 classes: each counted target costs ln 2.
    const x = Tensor.zeros([3, 2], f64);
    expect(crossEntropyLoss(x, [1, -100, 0]).item()).toBeCloseTo(Math.log(2), 15);
    expect(crossEntropyLoss(x, [1, 1, 0], { ignoreIndex: 1 }).item()).toBeCloseTo(Math.log(2), 15);
    expect(Array.from(crossEntropyLoss(x, [1, 1, 0], { ignoreIndex: 1, reduction: 'none' }).data.data)).toEqual([0, 0, Math.log(2)]);
  });

  test('weighted mean: Σ w[y]·ℓ / Σ w[y], as PyTorch', () => {
    const x = Tensor.zeros([2, 2], f64);
    // Both losses are ln 2, so the weighted mean is ln 2 whatever the weights; the sum is (1 + 3)·ln 2.
    expect(crossEntropyLoss(x, [0, 1], { weight: [1, 3] }).item()).toBeCloseTo(Math.log(2), 15);
    expect(crossEntropyLoss(x, [0, 1], { weight: [1, 3], reduction: 'sum' }).item()).toBeCloseTo(4 * Math.log(2), 15);
    const lp = tensor(
      [
        [-0.1, -2.3],
        [-1.2, -0.4],
      ],
      f64,
    );
    expect(nllLoss(lp, [0, 1], { weight: [1, 3] }).item()).toBeCloseTo((0.1 + 3 * 0.4) / 4, 15);
  });

  test("every target ignored: mean is NaN (PyTorch's 0/0), sum is 0", () => {
    const x = Tensor.zeros([2, 2], f64);
    expect(Number.isNaN(crossEntropyLoss(x, [-100, -100]).item())).toBe(true);
    expect(crossEntropyLoss(x, [-100, -100], { reduction: 'sum' }).item()).toBe(0);
  });

  test('probability targets: −Σ q·log p per sample; a one-hot target equals the class-index loss', () => {
    const x = tensor(
      [
        [1, -2, 0.5],
        [0, 3, -1],
      ],
      f64,
    );
    const oneHot = tensor(
      [
        [0, 0, 1],
        [1, 0, 0],
      ],
      f64,
    );
    expect(crossEntropyLoss(x, oneHot).item()).toBeCloseTo(crossEntropyLoss(x, [2, 0]).item(), 14);
    expect(crossEntropyLoss(x, oneHot, { labelSmoothing: 0.2 }).item()).toBeCloseTo(
      crossEntropyLoss(x, [2, 0], { labelSmoothing: 0.2 }).item(),
      14,
    );
  });

  test('bceWithLogitsLoss posWeight scales the positive term, weight the whole element', () => {
    expect(bceWithLogitsLoss(tensor([0], f64), [1], { posWeight: [3] }).item()).toBeCloseTo(3 * Math.log(2), 15);
    expect(bceWithLogitsLoss(tensor([0], f64), [0], { posWeight: [3] }).item()).toBeCloseTo(Math.log(2), 15);
    expect(bceWithLogitsLoss(tensor([0, 0], f64), [1, 0], { weight: [2, 0.5] }).item()).toBeCloseTo(((2 + 0.5) * Math.log(2)) / 2, 15);
    // Stable with posWeight: logits of ±1e4.
    const big = bceWithLogitsLoss(tensor([1e4, -1e4], f64), [0, 1], { posWeight: [2, 2], reduction: 'none' });
    expect(Array.from(big.data.data)).toEqual([1e4, 2e4]);
  });

  test('smoothL1Loss, huberLoss and klDivLoss by hand', () => {
    const zero = tensor([0, 0], f64);
    expect(smoothL1Loss(tensor([0.5, 3], f64), zero).item()).toBeCloseTo((0.125 + 2.5) / 2, 15);
    expect(smoothL1Loss(tensor([0.5, -3], f64), zero, { beta: 0 }).item()).toBeCloseTo(1.75, 15);
    expect(huberLoss(tensor([0.5, 3], f64), zero, { delta: 2 }).item()).toBeCloseTo((0.125 + 4) / 2, 15);
    const lq = tensor([[Math.log(0.5), Math.log(0.5)]], f64);
    const kl = 0.25 * Math.log(0.5) + 0.75 * Math.log(1.5);
    expect(klDivLoss(lq, tensor([[0.25, 0.75]], f64), { reduction: 'sum' }).item()).toBeCloseTo(kl, 15);
    expect(klDivLoss(lq, tensor([[Math.log(0.25), Math.log(0.75)]], f64), { reduction: 'batchmean', logTarget: true }).item()).toBeCloseTo(
      kl,
      15,
    );
    expect(klDivLoss(lq, tensor([[0, 1]], f64), { reduction: 'sum' }).item()).toBeCloseTo(Math.log(2), 15); // 0·log 0 = 0
  });
});

describe('loss options: errors name the function, the key and the valid keys', () => {
  test('unknown options are refused', () => {
    const x = Tensor.zeros([2, 3]);
    expect(() => crossEntropyLoss(x, [0, 1], { ignoreindex: 2 } as never)).toThrow(NNError);
    expect(() => crossEntropyLoss(x, [0, 1], { ignoreindex: 2 } as never)).toThrow(
      "crossEntropyLoss: unknown option 'ignoreindex' (valid: weight, ignoreIndex, labelSmoothing, reduction)",
    );
    expect(() => nllLoss(x, [0, 1], { labelSmoothing: 0.1 } as never)).toThrow(
      "nllLoss: unknown option 'labelSmoothing' (valid: weight, ignoreIndex, reduction)",
    );
    expect(() => bceWithLogitsLoss(x, Tensor.zeros([2, 3]), { pos_weight: [1] } as never)).toThrow(
      "bceWithLogitsLoss: unknown option 'pos_weight' (valid: weight, posWeight, reduction)",
    );
    expect(() => smoothL1Loss(x, Tensor.zeros([2, 3]), { delta: 1 } as never)).toThrow(
      "smoothL1Loss: unknown option 'delta' (valid: beta, reduction)",
    );
    expect(() => huberLoss(x, Tensor.zeros([2, 3]), { beta: 1 } as never)).toThrow(
      "huberLoss: unknown option 'beta' (valid: delta, reduction)",
    );
    expect(() => klDivLoss(x, Tensor.zeros([2, 3]), { log_target: true } as never)).toThrow(
      "klDivLoss: unknown option 'log_target' (valid: reduction, logTarget)",
    );
  });

  test('bad option values', () => {
    const x = Tensor.zeros([2, 3]);
    expect(() => crossEntropyLoss(x, [0, 1], { weight: [1, 2] })).toThrow(
      'crossEntropyLoss: weight must have shape [3] (one per class), got [2]',
    );
    expect(() => crossEntropyLoss(x, [0, 1], { weight: [1, Number.NaN, 2] })).toThrow(
      'crossEntropyLoss: weight[1] is NaN, not a finite number',
    );
    expect(() => crossEntropyLoss(x, [0, 1], { ignoreIndex: 0.5 })).toThrow('crossEntropyLoss: ignoreIndex must be an integer, got 0.5');
    expect(() => crossEntropyLoss(x, Tensor.zeros([2, 3]), { ignoreIndex: 1 })).toThrow(
      "crossEntropyLoss: ignoreIndex applies to class-index targets only; target [2,3] has the logits' shape, so it holds probabilities",
    );
    expect(() => crossEntropyLoss(x, [0, 5], { ignoreIndex: 4 })).toThrow(
      'crossEntropyLoss: target 5 at flat index 1 is not a class index in [0, 3) or the ignoreIndex 4: input [2,3], target [2]',
    );
    expect(() => bceWithLogitsLoss(x, Tensor.zeros([2, 3]), { posWeight: [1, 2] })).toThrow(
      "bceWithLogitsLoss: posWeight shape [2] does not broadcast to the logits' shape [2,3]",
    );
    expect(() => bceWithLogitsLoss(x, Tensor.zeros([2, 3]), { weight: Tensor.zeros([3, 3]) })).toThrow(
      "bceWithLogitsLoss: weight shape [3,3] does not broadcast to the logits' shape [2,3]",
    );
    expect(() => smoothL1Loss(x, Tensor.zeros([2, 3]), { beta: -1 })).toThrow('smoothL1Loss: beta must be a finite number ≥ 0, got -1');
    expect(() => huberLoss(x, Tensor.zeros([2, 3]), { delta: 0 })).toThrow('huberLoss: delta must be a finite number > 0, got 0');
    expect(() => klDivLoss(x, Tensor.zeros([2, 3]), { reduction: 'avg' as never })).toThrow(
      "klDivLoss: reduction must be one of 'mean', 'batchmean', 'sum', 'none', got \"avg\"",
    );
    expect(() => klDivLoss(x, Tensor.zeros([2, 3]), { logTarget: 1 as never })).toThrow(
      'klDivLoss: logTarget must be true or false, got 1',
    );
  });
});
