import { describe, expect, test } from 'vitest';
import { arange, reshape, avgPool2d, conv2d, convTranspose2d, maxPool2d, ones, zeros } from '../src/index.ts';

describe('conv2d', () => {
  test('a 2×2 box filter sums each window', () => {
    const x = ones([1, 1, 3, 3]);
    expect(conv2d(x, ones([1, 1, 2, 2])).toArray()).toEqual([
      [
        [
          [4, 4],
          [4, 4],
        ],
      ],
    ]);
    // padding 1: corner windows see one input element, edges two, the centre four.
    expect(conv2d(x, ones([1, 1, 2, 2]), null, { padding: 1 }).toArray()).toEqual([
      [
        [
          [1, 2, 2, 1],
          [2, 4, 4, 2],
          [2, 4, 4, 2],
          [1, 2, 2, 1],
        ],
      ],
    ]);
  });
  test("'same' keeps the size, padding an even kernel more after than before (as PyTorch)", () => {
    const y = conv2d(ones([1, 1, 3, 3]), ones([1, 1, 2, 2]), null, { padding: 'same' });
    expect(y.toArray()).toEqual([
      [
        [
          [4, 4, 2],
          [4, 4, 2],
          [2, 2, 1],
        ],
      ],
    ]);
  });
  test('errors name the op and both shapes', () => {
    expect(() => conv2d(zeros([8, 1, 28, 28]), zeros([6, 3, 5, 5]))).toThrow(
      'conv2d: input has 1 channels, weight expects 3 (3 per group × 1 groups): input [8,1,28,28], weight [6,3,5,5]',
    );
    expect(() => conv2d(zeros([1, 1, 3, 3]), zeros([1, 1, 5, 5]))).toThrow(
      /conv2d: output would be empty \(-1×-1\).*input \[1,1,3,3\], weight \[1,1,5,5\]/,
    );
    expect(() => conv2d(zeros([1, 4, 3, 3]), zeros([3, 2, 1, 1]), null, { groups: 2 })).toThrow(
      'conv2d: input channels 4 and output channels 3 must both be divisible by groups 2',
    );
    expect(() => conv2d(zeros([1, 1, 3, 3]), zeros([1, 1, 1, 1]), null, { stride: 2, padding: 'same' })).toThrow(
      "conv2d: padding 'same' needs stride 1",
    );
    expect(() => conv2d(zeros([1, 1, 3, 3]), zeros([1, 1, 1, 1]), null, { stride: 0 })).toThrow(
      "conv2d: option 'stride' must be an integer ≥ 1 or a pair [h, w] of them, got 0",
    );
    expect(() => conv2d(zeros([1, 1, 3, 3]), zeros([2, 1, 1, 1]), zeros([3]))).toThrow('conv2d: bias must have shape [2]');
  });
});

describe('convTranspose2d', () => {
  test('stride 2 places a copy of the kernel per input element', () => {
    expect(convTranspose2d(ones([1, 1, 2, 2]), ones([1, 1, 2, 2]), null, { stride: 2 }).toArray()).toEqual([
      [
        [
          [1, 1, 1, 1],
          [1, 1, 1, 1],
          [1, 1, 1, 1],
          [1, 1, 1, 1],
        ],
      ],
    ]);
  });
  test('outputPadding must stay below stride or dilation (PyTorch), and the message names all three', () => {
    expect(() => convTranspose2d(ones([1, 1, 2, 2]), ones([1, 1, 2, 2]), null, { stride: 2, outputPadding: 2 })).toThrow(
      'convTranspose2d: outputPadding must be smaller than either stride or dilation on each axis, got outputPadding [2,2], stride [2,2] and dilation [1,1]',
    );
    // Below the dilation is enough (stride 1): one more row and column than without outputPadding.
    expect(convTranspose2d(ones([1, 1, 2, 2]), ones([1, 1, 2, 2]), null, { dilation: 2, outputPadding: 1 }).shape).toEqual([1, 1, 5, 5]);
    // Each axis on its own: [1, 0] with stride [1, 1] and dilation [2, 1] passes, [0, 1] does not.
    expect(convTranspose2d(ones([1, 1, 2, 2]), ones([1, 1, 2, 2]), null, { dilation: [2, 1], outputPadding: [1, 0] }).shape).toEqual([
      1, 1, 5, 3,
    ]);
    expect(() => convTranspose2d(ones([1, 1, 2, 2]), ones([1, 1, 2, 2]), null, { dilation: [2, 1], outputPadding: [0, 1] })).toThrow(
      /outputPadding \[0,1\], stride \[1,1\] and dilation \[2,1\]/,
    );
  });
});

describe('pooling', () => {
  test('max and average over windows, with padding and ceilMode', () => {
    const x = reshape(arange(0, 16, 1, { dtype: 'float64' }), [1, 1, 4, 4]); // rows 0..3, 4..7, 8..11, 12..15
    expect(maxPool2d(x, { kernelSize: 2 }).toArray()).toEqual([
      [
        [
          [5, 7],
          [13, 15],
        ],
      ],
    ]);
    expect(avgPool2d(x, { kernelSize: 2 }).toArray()).toEqual([
      [
        [
          [2.5, 4.5],
          [10.5, 12.5],
        ],
      ],
    ]);
    // 3×3 windows at stride 2 with padding 1: windows start at -1 and 1; padding zeros count (9 per window).
    const sums = [0 + 1 + 4 + 5, 1 + 2 + 3 + 5 + 6 + 7, 4 + 5 + 8 + 9 + 12 + 13, 5 + 6 + 7 + 9 + 10 + 11 + 13 + 14 + 15];
    Array.from(avgPool2d(x, { kernelSize: 3, stride: 2, padding: 1 }).data).forEach((v, i) => expect(v).toBeCloseTo(sums[i]! / 9, 12));
    expect(avgPool2d(x, { kernelSize: 3, stride: 2, padding: 1, countIncludePad: false }).data[0]).toBeCloseTo((0 + 1 + 4 + 5) / 4, 12);
    // ceilMode keeps a partial last window: 4 → ⌈(4 − 3)/2⌉ + 1 = 2 outputs instead of 1.
    expect(maxPool2d(x, { kernelSize: 3, stride: 2, ceilMode: true }).toArray()).toEqual([
      [
        [
          [10, 11],
          [14, 15],
        ],
      ],
    ]);
  });
  test('padding larger than half the kernel is refused', () => {
    expect(() => maxPool2d(ones([1, 1, 4, 4]), { kernelSize: 2, padding: 2 })).toThrow(
      'maxPool2d: padding must be at most half the kernel size',
    );
  });
});
