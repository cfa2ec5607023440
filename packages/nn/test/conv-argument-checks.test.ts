/**
 * Run-time argument checks of the convolution and pooling surface (issue 11): the raw tensor kernels, the
 * autograd ops and the nn layers each refuse a mistyped argument under their own name and error class,
 * instead of a TypeError from inside a kernel or a silently different computation.
 */
import * as ag from '@seedling-ml/autograd';
import * as t from '@seedling-ml/tensor';
import { describe, expect, test } from 'vitest';
import { AvgPool2d, Conv2d, Dropout2d, MaxPool2d, NNError, activationKindOf } from '../src/index.ts';

const js = <T>(v: unknown): T => v as T;

describe('tensor kernels', () => {
  const x = t.ones([1, 2, 4, 4]);
  test('operands must be NDArrays and options are checked by the shared rules', () => {
    expect(() => t.conv2d(x, js(5))).toThrow('conv2d: weight must be an NDArray, got 5');
    expect(() => t.conv2d(x, t.ones([1, 2, 1, 1]), js([1]))).toThrow('conv2d: bias must be an NDArray, got [1]');
    expect(() => t.conv2d(x, t.ones([1, 2, 1, 1]), null, js({ strides: 2 }))).toThrow(
      "conv2d: unknown option 'strides' (valid: stride, padding, dilation, groups)",
    );
    expect(() => t.conv2d(x, t.ones([1, 2, 1, 1]), null, js({ padding: 'full' }))).toThrow(
      "conv2d: option 'padding' must be an integer ≥ 0 or a pair [h, w] of them or one of 'same', 'valid', got 'full'",
    );
    expect(() => t.maxPool2d(x, js(undefined))).toThrow("maxPool2d: option 'kernelSize' is required");
    expect(() => t.avgPool2d(x, js({ kernelSize: 2, dilation: 2 }))).toThrow("avgPool2d: unknown option 'dilation'");
    expect(() => t.adaptiveAvgPool2d(x, js('2'))).toThrow(
      "adaptiveAvgPool2d: outputSize must be an integer ≥ 1 or a pair [h, w] of them, got '2'",
    );
    expect(() => t.conv2dInputGrad(x, t.ones([1, 2, 1, 1]), js([1, 2, -4, 4]))).toThrow(
      'conv2dInputGrad: input shape must be an array of integers ≥ 0, got [1, 2, -4, 4]',
    );
    expect(() => t.conv2dGeometry(js(null), [1, 1, 2, 2], [1, 1, 1, 1], {})).toThrow(
      'conv2dGeometry: op must be a non-empty string, got null',
    );
  });

  test('sizes that would loop or allocate for hours are refused before any work', () => {
    // Padding may be half the window, so a 2⁴⁰-tap window "fits" a 4×4 input: refused, not looped over.
    expect(() => t.maxPool2d(x, { kernelSize: 2 ** 40, padding: 2 ** 39 })).toThrow(
      /maxPool2d: the padded input .* would exceed the element limit/,
    );
    expect(() => t.conv2d(x, t.ones([1, 2, 1, 1]), null, { padding: 2 ** 20 })).toThrow(/conv2d: shape \[1,1,2097156,2097156\] holds/);
    expect(() => t.adaptiveAvgPool2d(x, 2 ** 20)).toThrow(/adaptiveAvgPool2d: shape \[1,2,1048576,1048576\] holds/);
    // addChannelBias used to loop over whatever counts it was given (writes past the end are no-ops).
    const y = new Float32Array(8);
    const b = new Float32Array([1, 2]);
    expect(() => t.addChannelBias(y, b, 2 ** 40, 2, 2)).toThrow(
      "addChannelBias: n·channels·plane = 1099511627776·2·2 exceeds the buffer's 8 elements",
    );
    expect(() => t.addChannelBias(y, b, 2 ** 40, 0, 0)).toThrow(/addChannelBias: shape \[1099511627776\] holds/);
    expect(() => t.addChannelBias(y, b, 2 ** 53, 2, 2)).toThrow('addChannelBias: n must be an integer ≥ 0, got 9007199254740992');
    expect(() => t.addChannelBias(y, b, 1, 3, 1)).toThrow("addChannelBias: channels 3 exceeds the bias's 2 elements");
    t.addChannelBias(y, b, 2, 2, 2);
    expect([...y]).toEqual([1, 1, 2, 2, 1, 1, 2, 2]);
  });
});

describe('autograd ops', () => {
  const x = ag.tensor(t.ones([1, 2, 4, 4]));
  test('refusals are AutogradErrors naming the op', () => {
    expect(() => ag.conv2d(x, js('w'))).toThrow(ag.AutogradError);
    expect(() => ag.conv2d(x, js('w'))).toThrow("conv2d: weight must be a Tensor, an NDArray or a number, got 'w'");
    expect(() => ag.maxPool2d(x, js({ kernelSize: 2, ceilMode: 1 }))).toThrow("maxPool2d: option 'ceilMode' must be true or false, got 1");
    expect(() => ag.convTranspose2d(x, ag.tensor(t.ones([2, 1, 1, 1])), null, js({ groups: 0 }))).toThrow(
      "convTranspose2d: option 'groups' must be an integer ≥ 1, got 0",
    );
    expect(() => ag.softmaxCrossEntropy(ag.tensor([[0, 1]]), js([1]))).toThrow(
      'softmaxCrossEntropy: targets must be a Tensor or an NDArray, got [1]',
    );
  });

  test('1-D ops name themselves, and avgPool1d refuses divisorOverride (it used to ignore it)', () => {
    const s = ag.tensor(t.ones([1, 2, 6]));
    expect(() => ag.avgPool1d(s, js({ kernelSize: 2, divisorOverride: 3 }))).toThrow("avgPool1d: unknown option 'divisorOverride'");
    expect(() => ag.maxPool1d(s, js({}))).toThrow("maxPool1d: option 'kernelSize' is required");
    expect(() => ag.conv1d(s, ag.tensor(t.ones([4, 3, 2])))).toThrow('conv1d: input has 2 channels, weight expects 3');
    expect(() => ag.adaptiveAvgPool1d(s, js([2, 2]))).toThrow(
      'adaptiveAvgPool1d: outputSize must be an integer ≥ 1 or a one-element array of one, got [2, 2]',
    );
  });
});

describe('nn layers', () => {
  test('constructors check options, forward checks the input, both as NNError naming the layer', () => {
    expect(() => new Conv2d(3, 6, 5, { seed: 0 }).forward(ag.tensor(t.zeros([8, 1, 28, 28])))).toThrow(
      'Conv2d: input has 1 channel, expected 3: input [8,1,28,28]',
    );
    expect(() => new MaxPool2d(2, js({ strid: 2 }))).toThrow(
      "MaxPool2d: unknown option 'strid' (valid: stride, padding, dilation, ceilMode)",
    );
    expect(() => new AvgPool2d(js(undefined))).toThrow(
      'AvgPool2d: kernelSize must be an integer ≥ 1 or a pair [h, w] of them, got undefined',
    );
    expect(() => new MaxPool2d(2).forward(js(5))).toThrow('MaxPool2d: input must be a Tensor or an NDArray, got 5');
    expect(() => new Dropout2d(0.5, js(null))).toThrow(NNError);
    expect(() => new Dropout2d(0.5, js(null))).toThrow('Dropout2d: options must be an object, got null');
    expect(() => activationKindOf(js(5))).toThrow('activationKindOf: module must be a Module, got 5');
    // An NDArray input is a constant, as for the other layers.
    expect(new MaxPool2d(2).forward(js(t.ones([1, 1, 2, 2]))).toArray()).toEqual([[[[1]]]]);
  });
});
