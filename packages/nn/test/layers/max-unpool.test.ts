/** MaxPool2d.forwardWithIndices and MaxUnpool2d (the ops are checked against PyTorch in autograd's golden tests). */
import { tensor } from '@seedling-ml/autograd';
import { expect, test } from 'vitest';
import { MaxPool2d, MaxUnpool2d, NNError } from '../../src/index.ts';

test('pool with indices, then unpool: the maxima back in place at the input size', () => {
  const x = tensor([
    [
      [
        [1, 9, 2, 0, 5],
        [4, 3, 8, 1, 6],
        [7, 2, 3, 9, 1],
      ],
    ],
  ]);
  const pool = new MaxPool2d(2);
  const [y, indices] = pool.forwardWithIndices(x);
  expect(y.toArray()).toEqual(pool.forward(x).toArray());
  expect(indices.toArray()).toEqual([[[[1, 7]]]]);
  const unpool = new MaxUnpool2d(2);
  expect(unpool.forward(y, indices, [3, 5]).toArray()).toEqual([
    [
      [
        [0, 9, 0, 0, 0],
        [0, 0, 8, 0, 0],
        [0, 0, 0, 0, 0],
      ],
    ],
  ]);
  // Without outputSize: (1 − 1)·2 + 2 = 2 rows, (2 − 1)·2 + 2 = 4 columns.
  expect(unpool.forward(y, indices).shape).toEqual([1, 1, 2, 4]);
  expect(String(unpool)).toBe('MaxUnpool2d(kernelSize=[2,2], stride=[2,2], padding=[0,0])');
});

test('errors name the layer', () => {
  const y = tensor([[[[5]]]]);
  expect(() => new MaxPool2d(2, { returnIndices: true } as never)).toThrow(
    'MaxPool2d: returnIndices is not an option of the layer (forward returns one Tensor): call forwardWithIndices(x) for [values, indices]',
  );
  expect(() => new MaxUnpool2d(2, { strides: 2 } as never)).toThrow("MaxUnpool2d: unknown option 'strides'");
  expect(() => new MaxUnpool2d(2).forward(y, [0] as never)).toThrow(NNError);
  expect(() => new MaxUnpool2d(2).forward(y, tensor([[[[9]]]]))).toThrow(
    'MaxUnpool2d: index 9 at flat position 0 is not a position in the 2×2 output plane (0 ≤ index < 4)',
  );
});
