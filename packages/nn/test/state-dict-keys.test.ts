/**
 * State-dict keys are PyTorch's for every layer with a PyTorch counterpart, so checkpoints load with
 * `load_state_dict(strict=True)` both ways. Expected keys printed by PyTorch 2.13:
 * `list(torch.nn.<Layer>(...).state_dict().keys())`.
 */
import { describe, expect, test } from 'vitest';
import { BatchNorm1d, Embedding, GELU, LayerNorm, Linear, type Module, ReLU, Sequential } from '../src/index.ts';

const CASES: [string, () => Module, string[]][] = [
  ['Linear(3, 2)', () => new Linear(3, 2), ['weight', 'bias']],
  ['Linear(3, 2, bias=False)', () => new Linear(3, 2, { bias: false }), ['weight']],
  ['LayerNorm(4)', () => new LayerNorm(4), ['weight', 'bias']],
  ['LayerNorm(4, bias=False)', () => new LayerNorm(4, { bias: false }), ['weight']],
  ['LayerNorm(4, elementwise_affine=False)', () => new LayerNorm(4, { elementwiseAffine: false }), []],
  ['Embedding(5, 2)', () => new Embedding(5, 2), ['weight']],
  ['BatchNorm1d(3)', () => new BatchNorm1d(3), ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']],
  ['BatchNorm1d(3, affine=False)', () => new BatchNorm1d(3, { affine: false }), ['running_mean', 'running_var', 'num_batches_tracked']],
  ['BatchNorm1d(3, track_running_stats=False)', () => new BatchNorm1d(3, { trackRunningStats: false }), ['weight', 'bias']],
  [
    'Sequential(Linear, BatchNorm1d, GELU, Linear)',
    () => new Sequential(new Linear(4, 8), new BatchNorm1d(8), new GELU(), new Linear(8, 3)),
    ['0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var', '1.num_batches_tracked', '3.weight', '3.bias'],
  ],
];

describe("state-dict keys equal PyTorch's", () => {
  test.each(CASES)('%s', (_name, make, keys) => {
    expect(Object.keys(make().stateDict())).toEqual(keys);
  });

  test('num_batches_tracked is the only integer buffer, a scalar', () => {
    const model = new Sequential(new Linear(2, 3), new BatchNorm1d(3), new ReLU(), new BatchNorm1d(3, { affine: false }));
    expect(model.integerBufferKeys()).toEqual(['1.num_batches_tracked', '3.num_batches_tracked']);
    expect(model.stateDict()['1.num_batches_tracked']!.shape).toEqual([]);
    expect(new BatchNorm1d(3, { trackRunningStats: false }).integerBufferKeys()).toEqual([]);
  });

  test('an integer buffer refuses a non-integer value, naming the key; nothing is loaded', () => {
    const bn = new BatchNorm1d(2);
    const dict = bn.stateDict();
    dict.num_batches_tracked!.data[0] = 2.5;
    dict.running_mean!.data[0] = 7;
    expect(() => bn.loadStateDict(dict)).toThrow("'num_batches_tracked' is an integer buffer, but element 0 of the dict's value is 2.5");
    expect(bn.runningMean.data[0]).toBe(0);
  });
});
