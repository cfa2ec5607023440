import { describe, expect, test } from 'vitest';
import { Tensor, tensor } from '@seedling-ml/autograd';
import { NDArray } from '@seedling-ml/tensor';
import * as nn from '../../src/index.ts';

describe('Conv2d', () => {
  test('PyTorch layout and state-dict keys; default fans from computeFans with groups', () => {
    const conv = new nn.Conv2d(4, 8, [3, 5], { groups: 2, seed: 0 });
    expect(conv.weight.shape).toEqual([8, 2, 3, 5]);
    expect(Object.keys(conv.stateDict())).toEqual(['weight', 'bias']);
    const rec = conv.weight.init!;
    // fanIn = (4/2)·3·5 = 30, fanOut = (8/2)·3·5 = 60; xavierUniform bound √(6/90).
    expect([rec.fanIn, rec.fanOut, rec.initializer]).toEqual([30, 60, 'xavierUniform']);
    const bound = Math.sqrt(6 / 90);
    expect(Math.max(...Array.from(conv.weight.data.data, Math.abs))).toBeLessThanOrEqual(bound);
  });
  test('errors name the layer and the shapes', () => {
    const conv = new nn.Conv2d(3, 6, 5);
    expect(() => conv.forward(Tensor.zeros([8, 1, 28, 28]))).toThrow('Conv2d: input has 1 channel, expected 3: input [8,1,28,28]');
    expect(() => conv.forward(Tensor.zeros([1, 3, 4, 4]))).toThrow(/^Conv2d: output would be empty \(0×0\): input 4×4/);
    expect(() => conv.forward(Tensor.zeros([3, 4, 4]))).toThrow('Conv2d: expected a 4-D input [N,C,H,W], got [3,4,4]');
    expect(() => new nn.Conv2d(3, 6, 3, { groups: 2 })).toThrow(
      'Conv2d: inChannels 3 and outChannels 6 must both be divisible by groups 2',
    );
    expect(() => conv.forward(Tensor.zeros([1, 3, 4, 4]))).toThrow(nn.NNError);
  });
  test('dirac makes a Conv2d the identity; deltaOrthogonal keeps the norm of a centred impulse', () => {
    const id = new nn.Conv2d(3, 3, 3, { padding: 1, weightInit: nn.dirac(), bias: false });
    const x = tensor(
      new NDArray(
        Float32Array.from({ length: 75 }, (_, i) => i),
        [1, 3, 5, 5],
      ),
    );
    expect(id.forward(x).toArray()).toEqual(x.toArray());
    const dz = new nn.Conv2d(4, 8, 3, { padding: 1, weightInit: nn.deltaOrthogonal(), bias: false, seed: 3 });
    const w = dz.weight.data.data;
    // Only the kernel centre is non-zero and the [8, 4] centre matrix has orthonormal columns.
    let sq = 0;
    for (let o = 0; o < 8; o++) for (let c = 0; c < 4; c++) sq += w[(o * 4 + c) * 9 + 4]! ** 2;
    expect(sq).toBeCloseTo(4, 5);
  });
});

describe('ConvTranspose2d', () => {
  test('weight [in, out/groups, kH, kW] and fans read from the swapped axes', () => {
    const up = new nn.ConvTranspose2d(8, 4, 2, { stride: 2, seed: 0 });
    expect(up.weight.shape).toEqual([8, 4, 2, 2]);
    expect([up.weight.init!.fanIn, up.weight.init!.fanOut]).toEqual([32, 16]);
    expect(up.forward(Tensor.zeros([1, 8, 7, 7])).shape).toEqual([1, 4, 14, 14]);
  });
});

describe('pooling and normalization layers', () => {
  test('shapes and minification-safe names', () => {
    expect(new nn.MaxPool2d(2).forward(Tensor.zeros([1, 3, 28, 28])).shape).toEqual([1, 3, 14, 14]);
    expect(new nn.AvgPool2d(3, { stride: 2, padding: 1 }).forward(Tensor.zeros([1, 3, 28, 28])).shape).toEqual([1, 3, 14, 14]);
    expect(new nn.AdaptiveAvgPool2d(1).forward(Tensor.zeros([2, 5, 7, 7])).shape).toEqual([2, 5, 1, 1]);
    expect(
      [
        nn.Conv2d,
        nn.Conv1d,
        nn.ConvTranspose2d,
        nn.MaxPool2d,
        nn.AvgPool2d,
        nn.AdaptiveAvgPool2d,
        nn.BatchNorm2d,
        nn.GroupNorm,
        nn.Dropout2d,
      ].map((c) => c.typeName),
    ).toEqual([
      'Conv2d',
      'Conv1d',
      'ConvTranspose2d',
      'MaxPool2d',
      'AvgPool2d',
      'AdaptiveAvgPool2d',
      'BatchNorm2d',
      'GroupNorm',
      'Dropout2d',
    ]);
  });
  test('Dropout2d zeroes whole channels and scales the rest by 1/(1 − p)', () => {
    const y = new nn.Dropout2d(0.5, { seed: 1 }).forward(Tensor.ones([8, 16, 3, 3])).data.data;
    let dropped = 0;
    for (let ch = 0; ch < 8 * 16; ch++) {
      const plane = Array.from(y.subarray(ch * 9, ch * 9 + 9));
      expect(plane.every((v) => v === plane[0]) && (plane[0] === 0 || plane[0] === 2)).toBe(true);
      if (plane[0] === 0) dropped++;
    }
    // 128 Bernoulli(0.5) channels: mean 64, sd √(128/4) ≈ 5.7; ±4 sd = ±23.
    expect(Math.abs(dropped - 64)).toBeLessThan(23);
  });
  test('BatchNorm2d and GroupNorm refuse wrong channels (values: cnn-torch.test.ts)', () => {
    expect(() => new nn.BatchNorm2d(3).forward(Tensor.zeros([2, 2, 2, 2]))).toThrow(
      'BatchNorm2d: expected input [N, 3, H, W]: input [2,2,2,2]',
    );
    expect(() => new nn.GroupNorm(3, 4)).toThrow('GroupNorm: numChannels 4 must be divisible by numGroups 3');
  });
});
