/**
 * Conv1d / Conv2d `paddingMode` beyond the PyTorch fixtures (test/golden/layers.json, Conv*\/paddingMode-*):
 * the layer is `pad` in that mode followed by an unpadded convolution, the state dict does not change, and
 * misuse names the layer. ConvTranspose2d accepts only 'zeros', as PyTorch.
 */
import { Tensor, conv2d, pad, tensor } from '@seedling-ml/autograd';
import { Rng } from '@seedling-ml/tensor';
import { describe, expect, test } from 'vitest';
import { Conv1d, Conv2d, ConvTranspose2d, NNError, ones } from '../../src/index.ts';

describe('Conv2d paddingMode', () => {
  const x = new Tensor(new Rng(5).normal([2, 3, 5, 6], 0, 1, { dtype: 'float64' }));
  test.each(['reflect', 'replicate', 'circular'] as const)('%s: pad the input, then convolve with padding 0', (mode) => {
    const layer = new Conv2d(3, 4, [3, 2], {
      padding: [1, 2],
      stride: [1, 2],
      dilation: [2, 1],
      paddingMode: mode,
      seed: 1,
      dtype: 'float64',
    });
    const want = conv2d(
      pad(
        x,
        [
          [0, 0],
          [0, 0],
          [1, 1],
          [2, 2],
        ],
        { mode },
      ),
      layer.weight,
      layer.bias,
      { stride: [1, 2], dilation: [2, 1] },
    );
    expect(Array.from(layer.forward(x).data.data)).toEqual(Array.from(want.data.data));
  });
  test("'same': the total dilation·(k − 1) split with the smaller half before, as PyTorch", () => {
    const layer = new Conv2d(3, 2, 4, { padding: 'same', dilation: [1, 2], paddingMode: 'replicate', seed: 2, dtype: 'float64' });
    // totals 3 and 6: [1, 2] and [3, 3].
    const want = conv2d(
      pad(
        x,
        [
          [0, 0],
          [0, 0],
          [1, 2],
          [3, 3],
        ],
        { mode: 'replicate' },
      ),
      layer.weight,
      layer.bias,
      { dilation: [1, 2] },
    );
    const y = layer.forward(x);
    expect(y.shape).toEqual([2, 2, 5, 6]);
    expect(Array.from(y.data.data)).toEqual(Array.from(want.data.data));
  });
  test('the state dict and the zeros default are unchanged', () => {
    const a = new Conv2d(3, 4, 3, { padding: 1, seed: 3 });
    const b = new Conv2d(3, 4, 3, { padding: 1, seed: 3, paddingMode: 'circular' });
    expect(a.paddingMode).toBe('zeros');
    expect(Object.keys(b.stateDict())).toEqual(['weight', 'bias']);
    expect(Array.from(b.weight.data.data)).toEqual(Array.from(a.weight.data.data));
    expect(String(b)).toContain('paddingMode=circular');
    expect(String(a)).not.toContain('paddingMode');
  });
  test('errors name the layer and the sizes', () => {
    expect(() => new Conv2d(1, 1, 3, { paddingMode: 'mirror' as never })).toThrow(
      "Conv2d: paddingMode must be one of 'zeros', 'reflect', 'replicate', 'circular', got 'mirror'",
    );
    // 'same' with a stride is refused in every mode (the padded path convolves with padding 0, so it checks itself).
    expect(() => new Conv2d(1, 1, 3, { padding: 'same', stride: 2, paddingMode: 'reflect' })).toThrow(
      "Conv2d: padding 'same' needs stride 1, got stride [2,2]",
    );
    expect(() => new Conv1d(1, 1, 3, { padding: 'same', stride: 2, paddingMode: 'circular' })).toThrow(
      "Conv1d: padding 'same' needs stride 1, got stride 2",
    );
    const layer = new Conv2d(1, 1, 3, { padding: 3, paddingMode: 'reflect' });
    expect(() => layer.forward(Tensor.zeros([1, 1, 3, 3]))).toThrow(NNError);
    expect(() => layer.forward(Tensor.zeros([1, 1, 3, 3]))).toThrow(
      "Conv2d: 'reflect' padding must be smaller than the axis size, got widths [3, 3] for axis 2 of size 3: [1,1,3,3]",
    );
  });
});

describe('Conv1d paddingMode', () => {
  test('circular: the sequence wraps around', () => {
    const layer = new Conv1d(1, 1, 3, { padding: 1, paddingMode: 'circular', bias: false, weightInit: ones() });
    // Kernel [1, 1, 1] on [1, 2, 3, 4] wrapped: 4+1+2, 1+2+3, 2+3+4, 3+4+1.
    expect(layer.forward(tensor([[[1, 2, 3, 4]]])).toArray()).toEqual([[[7, 6, 9, 8]]]);
  });
});

test('ConvTranspose2d accepts only zeros', () => {
  expect(new ConvTranspose2d(1, 1, 3, { paddingMode: 'zeros' }).weight.shape).toEqual([1, 1, 3, 3]);
  expect(() => new ConvTranspose2d(1, 1, 3, { paddingMode: 'reflect' as never })).toThrow(
    "ConvTranspose2d: only paddingMode 'zeros' is supported (as in PyTorch), got 'reflect'",
  );
});
