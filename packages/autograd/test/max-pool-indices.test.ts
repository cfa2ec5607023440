/**
 * returnIndices on maxPool2d / maxPool1d and maxUnpool2d at the autograd level: the indices are a constant,
 * the values keep their gradient, and the unpooling's gradient reaches the pooled input. PyTorch fixtures:
 * test/golden/ops.json (maxPool2d/indices-*, maxPool1d/indices, maxUnpool2d*).
 */
import { describe, expect, test } from 'vitest';
import { AutogradError, maxPool1d, maxPool2d, maxUnpool2d, tensor } from '../src/index.ts';

describe('returnIndices', () => {
  test('maxPool2d: [values, indices]; values differentiable, indices constant', () => {
    const x = tensor(
      [
        [
          [
            [1, 5],
            [5, 2],
          ],
        ],
      ],
      { requiresGrad: true },
    );
    const [y, i] = maxPool2d(x, { kernelSize: 2, returnIndices: true });
    expect(y.toArray()).toEqual([[[[5]]]]);
    expect(i.toArray()).toEqual([[[[1]]]]);
    expect(i.requiresGrad).toBe(false);
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual([
      [
        [
          [0, 1],
          [0, 0],
        ],
      ],
    ]);
  });
  test('maxPool1d: positions along the row', () => {
    const [y, i] = maxPool1d(tensor([[[1, 3, 2, 0, 5]]]), { kernelSize: 2, returnIndices: true });
    expect(y.toArray()).toEqual([[[3, 2]]]);
    expect(i.toArray()).toEqual([[[1, 2]]]);
    // returnIndices false is the plain call.
    expect(maxPool1d(tensor([[[1, 3, 2, 0, 5]]]), { kernelSize: 2, returnIndices: false }).toArray()).toEqual([[[3, 2]]]);
  });
  test('the option is checked', () => {
    expect(() => maxPool2d(tensor([[[[1]]]]), { kernelSize: 1, returnIndices: 1 as never })).toThrow(AutogradError);
    expect(() => maxPool2d(tensor([[[[1]]]]), { kernelSize: 1, returnIndices: 1 as never })).toThrow(
      "maxPool2d: option 'returnIndices' must be true or false, got 1",
    );
  });
});

test('maxUnpool2d after maxPool2d: the gradient flows back to the maxima only', () => {
  const x = tensor(
    [
      [
        [
          [1, 9, 2, 0],
          [4, 3, 8, 1],
        ],
      ],
    ],
    { requiresGrad: true },
  );
  const [y, i] = maxPool2d(x, { kernelSize: 2, returnIndices: true });
  const u = maxUnpool2d(y, i, { kernelSize: 2 });
  expect(u.toArray()).toEqual([
    [
      [
        [0, 9, 0, 0],
        [0, 0, 8, 0],
      ],
    ],
  ]);
  u.mul(
    tensor([
      [
        [
          [1, 2, 3, 4],
          [5, 6, 7, 8],
        ],
      ],
    ]),
  )
    .sum()
    .backward();
  expect(x.grad!.toArray()).toEqual([
    [
      [
        [0, 2, 0, 0],
        [0, 0, 7, 0],
      ],
    ],
  ]);
  expect(() => maxUnpool2d(y, [1, 2] as never, { kernelSize: 2 })).toThrow(
    'maxUnpool2d: indices must be a Tensor or an NDArray, got [1, 2]',
  );
});
