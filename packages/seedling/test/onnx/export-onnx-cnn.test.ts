/**
 * ONNX export of the image layers (convolution, pooling, BatchNorm2d, GroupNorm, Dropout2d), run in
 * onnxruntime. The layers are looked up by name: the tests run wherever @seedling-ml/nn has them.
 */
import { Tensor } from '@seedling-ml/autograd';
import * as nn from '@seedling-ml/nn';
import { Flatten, Linear, type Module, ReLU, Sequential } from '@seedling-ml/nn';
import { Rng } from '@seedling-ml/tensor';
import { describe, expect, test } from 'vitest';
import { OnnxExportError, exportOnnx } from '../../src/index.ts';
import { expectOrtMatches, randomInput } from './ort-helpers.ts';

// biome-ignore lint/suspicious/noExplicitAny: constructors of layers this tree may not have yet
type Ctor = new (...args: any[]) => Module;
const layer = (name: string): Ctor => (nn as unknown as Record<string, Ctor>)[name]!;
const haveImageLayers = [
  'Conv1d',
  'Conv2d',
  'ConvTranspose2d',
  'MaxPool2d',
  'AvgPool2d',
  'AdaptiveAvgPool2d',
  'BatchNorm2d',
  'GroupNorm',
  'Dropout2d',
].every((n) => typeof (nn as Record<string, unknown>)[n] === 'function');

/** Training-mode forwards so BatchNorm2d's running statistics move away from 0 and 1. */
function warmUp(model: Module, sample: number[]): Module {
  for (let s = 0; s < 3; s++) model.forward(new Tensor(new Rng(200 + s).normal([6, ...sample], 0.5, 2)));
  return model.eval();
}

const CASES: { name: string; sample: number[]; build: () => Module; opset?: number }[] = [
  { name: 'Conv2d 3×3 padding 1', sample: [3, 8, 8], build: () => new (layer('Conv2d'))(3, 4, 3, { padding: 1, seed: 1 }) },
  {
    name: 'Conv2d [3,2] kernel, stride [2,1], padding [1,0], dilation [1,2], groups 2, no bias',
    sample: [4, 9, 8],
    build: () =>
      new (layer('Conv2d'))(4, 6, [3, 2], { stride: [2, 1], padding: [1, 0], dilation: [1, 2], groups: 2, bias: false, seed: 2 }),
  },
  {
    name: "Conv2d 4×4 padding 'same' (uneven padding)",
    sample: [2, 7, 6],
    build: () => new (layer('Conv2d'))(2, 3, 4, { padding: 'same', seed: 3 }),
  },
  {
    name: "Conv1d padding 'same', dilation 2",
    sample: [4, 10],
    build: () => new (layer('Conv1d'))(4, 6, 3, { padding: 'same', dilation: 2, seed: 4 }),
  },
  { name: 'Conv1d stride 2', sample: [3, 11], build: () => new (layer('Conv1d'))(3, 2, 3, { stride: 2, seed: 5 }) },
  // paddingMode: an ONNX Pad (reflect / edge / wrap) before a Conv with pads 0.
  {
    name: "Conv2d paddingMode 'reflect', padding [1, 2], stride 2",
    sample: [3, 7, 8],
    build: () => new (layer('Conv2d'))(3, 4, 3, { padding: [1, 2], stride: 2, paddingMode: 'reflect', seed: 11 }),
  },
  {
    name: "Conv2d paddingMode 'replicate', padding 'same', dilation 2",
    sample: [2, 6, 7],
    build: () => new (layer('Conv2d'))(2, 3, 4, { padding: 'same', dilation: 2, paddingMode: 'replicate', seed: 12 }),
  },
  {
    name: "Conv2d paddingMode 'circular', padding 2 (opset 19: Pad mode 'wrap')",
    sample: [2, 5, 6],
    build: () => new (layer('Conv2d'))(2, 3, 3, { padding: 2, paddingMode: 'circular', seed: 13 }),
    opset: 19,
  },
  {
    name: "Conv1d paddingMode 'circular', padding 'same' (opset 19)",
    sample: [3, 9],
    build: () => new (layer('Conv1d'))(3, 2, 4, { padding: 'same', paddingMode: 'circular', seed: 14 }),
    opset: 19,
  },
  {
    name: "Conv1d paddingMode 'reflect', padding 3",
    sample: [2, 10],
    build: () => new (layer('Conv1d'))(2, 2, 3, { padding: 3, paddingMode: 'reflect', seed: 15 }),
  },
  {
    name: 'ConvTranspose2d stride 1, dilation 2, outputPadding 1 (below the dilation)',
    sample: [3, 4, 5],
    build: () => new (layer('ConvTranspose2d'))(3, 2, 3, { dilation: 2, padding: 1, outputPadding: 1, seed: 16 }),
  },
  {
    // outputPadding 2 > padding [1, 0]: zero rows appended after the ConvTranspose (a Pad node).
    name: 'ConvTranspose2d stride [1, 2], dilation 3, padding [1, 0], outputPadding 2',
    sample: [2, 3, 4],
    build: () => new (layer('ConvTranspose2d'))(2, 3, 2, { stride: [1, 2], dilation: 3, padding: [1, 0], outputPadding: 2, seed: 17 }),
  },
  {
    name: 'ConvTranspose2d stride 2, padding 1, outputPadding 1',
    sample: [4, 5, 5],
    build: () => new (layer('ConvTranspose2d'))(4, 2, 3, { stride: 2, padding: 1, outputPadding: 1, seed: 6 }),
  },
  { name: 'MaxPool2d(2)', sample: [3, 8, 8], build: () => new (layer('MaxPool2d'))(2) },
  {
    name: 'MaxPool2d(3) stride 2, padding 1, ceilMode',
    sample: [2, 8, 7],
    build: () => new (layer('MaxPool2d'))(3, { stride: 2, padding: 1, ceilMode: true }),
  },
  { name: 'MaxPool2d(2) dilation 2', sample: [2, 9, 9], build: () => new (layer('MaxPool2d'))(2, { dilation: 2 }) },
  { name: 'AvgPool2d(2)', sample: [3, 8, 8], build: () => new (layer('AvgPool2d'))(2) },
  { name: 'AvgPool2d(3) stride 2, padding 1', sample: [2, 7, 7], build: () => new (layer('AvgPool2d'))(3, { stride: 2, padding: 1 }) },
  {
    name: 'AvgPool2d(3) stride 2, padding 1, countIncludePad false',
    sample: [2, 7, 7],
    build: () => new (layer('AvgPool2d'))(3, { stride: 2, padding: 1, countIncludePad: false }),
  },
  { name: 'AdaptiveAvgPool2d(1)', sample: [3, 5, 6], build: () => new (layer('AdaptiveAvgPool2d'))(1) },
  { name: 'AdaptiveAvgPool2d(2) of 8×6', sample: [3, 8, 6], build: () => new (layer('AdaptiveAvgPool2d'))(2) },
  { name: 'BatchNorm2d in eval mode', sample: [3, 4, 4], build: () => warmUp(new (layer('BatchNorm2d'))(3), [3, 4, 4]) },
  { name: 'GroupNorm(2, 4)', sample: [4, 3, 3], build: () => new (layer('GroupNorm'))(2, 4, { seed: 7, weightInit: 'uniform' }) },
  { name: 'GroupNorm(3, 6) without affine on [N, C, L]', sample: [6, 5], build: () => new (layer('GroupNorm'))(3, 6, { affine: false }) },
  { name: 'Dropout2d in eval mode', sample: [3, 4, 4], build: () => new (layer('Dropout2d'))(0.5).eval() },
  {
    name: 'LeNet-style CNN',
    sample: [1, 12, 12],
    build: () =>
      warmUp(
        new Sequential(
          new (layer('Conv2d'))(1, 4, 3, { padding: 1, seed: 8 }),
          new (layer('BatchNorm2d'))(4),
          new ReLU(),
          new (layer('MaxPool2d'))(2),
          new (layer('Conv2d'))(4, 8, 3, { seed: 9 }),
          new ReLU(),
          new (layer('AdaptiveAvgPool2d'))(2),
          new Flatten(),
          new Linear(32, 5, { seed: 10 }),
        ),
        [1, 12, 12],
      ),
  },
];

describe.skipIf(!haveImageLayers)('image layers export to ONNX', () => {
  test.each(CASES)('$name: batch sizes 1 and 4 from one export', async (c) => {
    const model = c.build();
    const bytes = exportOnnx(model, randomInput([2, ...c.sample], 1), c.opset === undefined ? {} : { opset: c.opset });
    for (const batch of [1, 4]) await expectOrtMatches(model, bytes, randomInput([batch, ...c.sample], 20 + batch));
  });

  test('what ONNX cannot express is refused, naming the layer', () => {
    const x = randomInput([1, 2, 7, 7], 1);
    const message = (m: Module): string => {
      try {
        exportOnnx(m, x);
      } catch (e) {
        expect(e).toBeInstanceOf(OnnxExportError);
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(message(new Sequential(new (layer('AdaptiveAvgPool2d'))(3)))).toBe(
      "exportOnnx: cannot export '0' (AdaptiveAvgPool2d): output size [3,3] does not divide the input's [7,7]; ONNX has no adaptive pooling for uneven windows",
    );
    expect(message(new (layer('AvgPool2d'))(2, { divisorOverride: 3 }))).toMatch(
      /^exportOnnx: cannot export the model \(AvgPool2d\): divisorOverride/,
    );
    expect(message(new (layer('BatchNorm2d'))(2))).toMatch(/^exportOnnx: cannot export the model \(BatchNorm2d\): it is in training mode/);
    if (typeof (nn as Record<string, unknown>).MaxUnpool2d === 'function') {
      expect(message(new (layer('MaxUnpool2d'))(2))).toMatch(
        /^exportOnnx: cannot export the model \(MaxUnpool2d\): its forward takes MaxPool2d's indices as a second input/,
      );
    }
    expect(message(new (layer('Conv2d'))(2, 2, 3, { padding: 1, paddingMode: 'circular' }))).toBe(
      "exportOnnx: cannot export the model (Conv2d): paddingMode 'circular' needs ONNX Pad mode 'wrap', which opset 17 lacks (use opset ≥ 19)",
    );
  });
});
