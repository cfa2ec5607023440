import { Rng } from '@seedling-ml/tensor';
import { describe, expect, test } from 'vitest';
import { InitError, NONLINEARITIES, calculateGain, computeFans, kaimingNormal, xavierUniform } from '../../src/init/index.ts';
import { expectMoments } from './stats.ts';

describe('computeFans (hand-calculated)', () => {
  test('Linear weight [out, in]', () => {
    // Linear(20 → 10): weight [10, 20]; each output sums 20 inputs, each input feeds 10 outputs.
    expect(computeFans([10, 20])).toEqual({ fanIn: 20, fanOut: 10 });
  });

  test('Conv2d 64→128, 3×3: weight [128, 64, 3, 3] → fanIn 64·9 = 576, fanOut 128·9 = 1152', () => {
    expect(computeFans([128, 64, 3, 3])).toEqual({ fanIn: 576, fanOut: 1152 });
  });

  test('Conv1d [8, 4, 5] and Conv3d [2, 3, 2, 2, 2]', () => {
    expect(computeFans([8, 4, 5])).toEqual({ fanIn: 20, fanOut: 40 });
    expect(computeFans([2, 3, 2, 2, 2])).toEqual({ fanIn: 24, fanOut: 16 });
  });

  test('grouped conv: Conv2d(64 → 128, groups 4) weight [128, 16, 3, 3]', () => {
    // Each output sees 64/4 = 16 input channels × 9 taps = 144; each input feeds 128/4 = 32 outputs × 9 = 288.
    expect(computeFans([128, 16, 3, 3], { groups: 4 })).toEqual({ fanIn: 144, fanOut: 288 });
    // Without groups the fanOut counts all 128 outputs (PyTorch's number, 4× too large): 1152.
    expect(computeFans([128, 16, 3, 3])).toEqual({ fanIn: 144, fanOut: 1152 });
  });

  test('depthwise conv: Conv2d(32 → 32, groups 32) weight [32, 1, 3, 3] → 9 and 9', () => {
    expect(computeFans([32, 1, 3, 3], { groups: 32 })).toEqual({ fanIn: 9, fanOut: 9 });
  });

  test('transposed layout via inAxis/outAxis: ConvTranspose2d(16 → 32) weight [16, 32, 3, 3]', () => {
    // Axis 0 holds the 16 input channels, axis 1 the 32 outputs: fanIn 16·9 = 144, fanOut 32·9 = 288.
    expect(computeFans([16, 32, 3, 3], { inAxis: 0, outAxis: 1 })).toEqual({ fanIn: 144, fanOut: 288 });
    // Read as [out, in] (PyTorch's ConvTranspose bug, pytorch#7865) the two are swapped.
    expect(computeFans([16, 32, 3, 3])).toEqual({ fanIn: 288, fanOut: 144 });
  });

  test('Keras layouts: [in, out] dense and [kH, kW, in, out] conv with negative axes', () => {
    expect(computeFans([3, 4], { inAxis: 0, outAxis: 1 })).toEqual({ fanIn: 3, fanOut: 4 });
    expect(computeFans([3, 4])).toEqual({ fanIn: 4, fanOut: 3 });
    expect(computeFans([3, 3, 64, 128], { inAxis: -2, outAxis: -1 })).toEqual({ fanIn: 576, fanOut: 1152 });
  });

  test('zero-size dims give zero fans', () => {
    expect(computeFans([0, 5])).toEqual({ fanIn: 5, fanOut: 0 });
  });

  test.each([
    [[5], {}, "computeFans: fans need a weight of rank ≥ 2, got shape [5] (a bias takes its layer's fanIn)"],
    [[], {}, "computeFans: fans need a weight of rank ≥ 2, got shape [] (a bias takes its layer's fanIn)"],
    [[2, 3], { inAxis: 0, outAxis: 0 }, 'computeFans: inAxis and outAxis must differ, both are 0 for shape [2,3]'],
    [[2, 3], { inAxis: 2 }, 'computeFans: inAxis 2 out of range for rank 2 (shape [2,3])'],
    [[6, 3], { groups: 4 }, 'computeFans: groups must be a positive integer dividing 6 (shape[0]), got 4'],
    [[2, -3], {}, 'computeFans: dimension 1 must be a non-negative integer, got -3 in [2,-3]'],
  ])('computeFans(%j, %j) throws', (shape, opts, message) => {
    expect(() => computeFans(shape, opts)).toThrow(InitError);
    expect(() => computeFans(shape, opts)).toThrow(message);
  });
});

describe('initializers use the fans', () => {
  test('He-normal on Conv2d [128, 64, 3, 3] has std √2/24 ≈ 0.0589', () => {
    // gain √2 over √fanIn = √576 = 24. Two draws of 73,728 values pooled to ≥ 10⁵ samples.
    const rng = new Rng('conv');
    const a = kaimingNormal().sample([128, 64, 3, 3], { rng: rng.fork() }).data;
    const b = kaimingNormal().sample([128, 64, 3, 3], { rng: rng.fork() }).data;
    const pooled = new Float64Array(a.length + b.length);
    pooled.set(a);
    pooled.set(b, a.length);
    expectMoments(pooled, 0, Math.SQRT2 / 24);
  });

  test('fans passed in ctx override the shape (a bias, a transposed layer)', () => {
    // Bias of Linear(250 → 400): shape [100000] would have no fans; the layer passes its weight's.
    const x = xavierUniform().sample([100_000], { rng: new Rng(1), fanIn: 250, fanOut: 400, dtype: 'float64' }).data;
    expectMoments(x, 0, Math.sqrt(2 / 650));
  });

  test('a rank-1 shape without ctx fans throws naming the fix', () => {
    expect(() => xavierUniform().sample([5], { rng: new Rng(1) })).toThrow(
      "xavierUniform: cannot compute fanIn of shape [5] (rank < 2): pass ctx.fanIn (for a bias, its layer's weight fanIn)",
    );
    expect(() => xavierUniform().sample([5, 5], { rng: new Rng(1), fanIn: -1 })).toThrow(
      'xavierUniform: ctx.fanIn must be a finite number ≥ 0, got -1',
    );
  });
});

describe('calculateGain (PyTorch table)', () => {
  test.each([
    ['linear', 1],
    ['identity', 1],
    ['conv1d', 1],
    ['conv2d', 1],
    ['conv3d', 1],
    ['convTranspose1d', 1],
    ['convTranspose2d', 1],
    ['convTranspose3d', 1],
    ['sigmoid', 1],
    ['tanh', 5 / 3],
    ['relu', Math.sqrt(2)],
    ['selu', 0.75],
    ['leakyRelu', Math.sqrt(2 / (1 + 0.01 * 0.01))],
  ] as const)('%s → %f', (name, gain) => {
    expect(calculateGain(name)).toBeCloseTo(gain, 15);
  });

  test('leakyRelu takes the negative slope as param', () => {
    expect(calculateGain('leakyRelu', 0.2)).toBeCloseTo(Math.sqrt(2 / 1.04), 15);
    expect(calculateGain('leakyRelu', 0)).toBeCloseTo(Math.sqrt(2), 15);
  });

  test('every listed nonlinearity is accepted', () => {
    for (const n of NONLINEARITIES) expect(calculateGain(n)).toBeGreaterThan(0);
    expect(NONLINEARITIES).toHaveLength(13);
  });

  test('unknown names throw listing the valid ones', () => {
    const fn = () => calculateGain('leaky_relu' as never);
    expect(fn).toThrow(InitError);
    expect(fn).toThrow(
      "calculateGain: unknown nonlinearity 'leaky_relu' (valid: 'linear', 'identity', 'conv1d', 'conv2d', 'conv3d', 'convTranspose1d', 'convTranspose2d', 'convTranspose3d', 'sigmoid', 'tanh', 'relu', 'leakyRelu', 'selu')",
    );
    expect(() => calculateGain('leakyRelu', NaN)).toThrow('calculateGain: negative slope must be a finite number, got NaN');
  });
});
