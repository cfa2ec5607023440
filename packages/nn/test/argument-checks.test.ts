import { tensor } from '@seedling-ml/autograd';
import { SeedlingError, array, zeros as zerosArray } from '@seedling-ml/tensor';
import { describe, expect, test } from 'vitest';
import { BatchNorm1d, Linear, NNError, ReLU, crossEntropyLoss, klDivLoss, mseLoss, smoothL1Loss } from '../src/index.ts';

const js = <T>(v: unknown): T => v as T;

describe('layers and losses check options and inputs at run time', () => {
  test("an unknown or mistyped layer option throws instead of being ignored ({ bias: 'no' } made a bias)", () => {
    expect(() => new Linear(2, 2, js({ bias: 'no' }))).toThrow("Linear: option 'bias' must be true or false, got 'no'");
    expect(() => new Linear(2, 2, js({ Bias: false }))).toThrow(
      "Linear: unknown option 'Bias' (valid: rng, seed, dtype, weightInit, biasInit, bias)",
    );
    expect(() => new BatchNorm1d(3, js({ afine: false }))).toThrow(NNError);
    expect(new Linear(2, 2, { bias: false, seed: 0 }).bias).toBeNull();
  });
  test('an unknown loss option throws listing the valid ones', () => {
    const logits = tensor([[1, 2, 3]]);
    expect(() => crossEntropyLoss(logits, [2], js({ ignoreindex: 2 }))).toThrow(
      "crossEntropyLoss: unknown option 'ignoreindex' (valid: weight, ignoreIndex, labelSmoothing, reduction)",
    );
    expect(() => smoothL1Loss(logits, logits, js({ Beta: 2 }))).toThrow("smoothL1Loss: unknown option 'Beta' (valid: beta, reduction)");
    expect(() => klDivLoss(logits, logits, js({ log_target: true }))).toThrow(
      "klDivLoss: unknown option 'log_target' (valid: reduction, logTarget)",
    );
    expect(() => mseLoss(logits, logits, js('sum'))).toThrow("mseLoss: options must be an object, got 'sum'");
  });
  test('NDArray inputs are accepted as constants; other values are named', () => {
    const fc = new Linear(2, 1, { seed: 0, dtype: 'float64' });
    const x = array([[1, 2]], { dtype: 'float64' });
    expect(fc.forward(js(x)).toArray()).toEqual(fc.forward(tensor(x)).toArray());
    // log-softmax of [0, 0] picks ln 2 whatever the target.
    expect(crossEntropyLoss(js(array([[0, 0]], { dtype: 'float64' })), [1]).item()).toBeCloseTo(Math.LN2, 12);
    expect(() => new ReLU().forward(js([1, 2]))).toThrow('ReLU: input must be a Tensor or an NDArray, got [1, 2]');
    expect(() => crossEntropyLoss(js(null), [0])).toThrow(SeedlingError);
    expect(() => smoothL1Loss(js(undefined), [0])).toThrow('smoothL1Loss: input must be a Tensor or an NDArray, got undefined');
    expect(() => klDivLoss(tensor([0]), js({}))).toThrow(
      'klDivLoss: target must be a Tensor, an NDArray, a number or an array of numbers, got an object',
    );
  });
});

describe('cross-entropy over zero classes', () => {
  test('[2, 0] logits are refused naming crossEntropyLoss, not the internal max', () => {
    expect(() => crossEntropyLoss(tensor(zerosArray([2, 0])), [0, 0])).toThrow(
      /^crossEntropyLoss: target 0 at flat index 0 is not a class index in \[0, 0\)/,
    );
  });
});
