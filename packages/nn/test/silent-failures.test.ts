import { tensor } from '@seedling-ml/autograd';
import { array } from '@seedling-ml/tensor';
import { expect, test } from 'vitest';
import { Linear, NNError, ReLU, Sequential, inspectInit, lsuv, normal } from '../src/index.ts';

// Issue 11, silent failure 5.
test('normal({ std: 1e300 }) in float32 overflows to ±Infinity: the layer refuses instead of holding infinite weights', () => {
  expect(() => new Linear(3, 2, { weightInit: normal({ std: 1e300 }), seed: 0 })).toThrow(NNError);
  expect(() => new Linear(3, 2, { weightInit: normal({ std: 1e300 }), seed: 0 })).toThrow(
    /initializer 'normal' produced -?Infinity at flat index \d+ of shape \[2,3\] in float32/,
  );
  expect(new Linear(3, 2, { weightInit: normal({ std: 1e300 }), seed: 0, dtype: 'float64' }).weight.data.data.every(Number.isFinite)).toBe(
    true,
  );
});

test('lsuv on a batch holding NaN throws and leaves the weights as they were', () => {
  const net = new Sequential(new Linear(2, 2, { seed: 1 }), new ReLU());
  const before = Array.from(net.parameters()[0]!.data.data);
  expect(() =>
    lsuv(
      net,
      array([
        [1, 2],
        [NaN, 0],
      ]),
    ),
  ).toThrow('lsuv: batch holds NaN at flat index 2: LSUV needs finite inputs (nothing was changed)');
  expect(Array.from(net.parameters()[0]!.data.data)).toEqual(before);
});

test('inspectInit on an empty batch names inspectInit, not an internal op', () => {
  expect(() => inspectInit(new Sequential(new Linear(2, 2, { seed: 1 })), tensor([[]]).reshape([0, 2]))).toThrow(
    'inspectInit: inputs must hold at least one example, got shape [0,2]',
  );
});
