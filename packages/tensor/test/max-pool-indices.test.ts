import { describe, expect, test } from 'vitest';
import { ArgumentError, NDArray, array, maxPool2d, maxPool2dWithIndices, maxUnpool2d, maxUnpool2dGrad } from '../src/index.ts';

/*
 * maxPool2dWithIndices and maxUnpool2d on hand-worked cases. The rules for ties and NaN were read off
 * PyTorch 2.13 (CPU) by running it: the first maximum in window order, the LAST NaN of a window (its
 * kernel's test is `v > max || isnan(v)`, so each later NaN replaces the previous one). PyTorch fixtures for
 * both are in packages/autograd/test/golden/ops.json (maxPool2d/indices-*, maxUnpool2d*).
 */
const NaN_ = Number.NaN;

describe('maxPool2dWithIndices', () => {
  test('indices are flat positions in each plane; values equal maxPool2d', () => {
    const x = array([
      [
        [
          [1, 3, 3],
          [3, 0, 2],
          [1, 1, 1],
        ],
        [
          [9, 8, 7],
          [6, 5, 4],
          [3, 2, 1],
        ],
      ],
    ]);
    const [v, i] = maxPool2dWithIndices(x, { kernelSize: 2, stride: 1 });
    expect(v.toArray()).toEqual(maxPool2d(x, { kernelSize: 2, stride: 1 }).toArray());
    // Plane 0: window (0,0) = [1,3;3,0] → first 3 at 1; (0,1) = [3,3;0,2] → 1; (1,0) = [3,0;1,1] → 3; (1,1) → 5.
    // Plane 1 (positions relative to the plane, not the array): 0, 1, 3, 4.
    expect(i.toArray()).toEqual([
      [
        [
          [1, 1],
          [3, 5],
        ],
        [
          [0, 1],
          [3, 4],
        ],
      ],
    ]);
    expect(i.dtype).toBe(x.dtype);
  });

  test('NaN: the last NaN of the window, in every code path', () => {
    const x = new NDArray(Float64Array.from([NaN_, 1, NaN_, 2, NaN_, 0, 1, 1, 1]), [1, 1, 3, 3]);
    expect(maxPool2dWithIndices(x, { kernelSize: 3 })[1].toArray()).toEqual([[[[4]]]]);
    expect(maxPool2dWithIndices(x, { kernelSize: 2, stride: 1 })[1].toArray()).toEqual([
      [
        [
          [4, 4],
          [4, 4],
        ],
      ],
    ]);
  });

  test('padding, dilation and ceilMode; a window with no input element gets −1 and −∞', () => {
    const x = array([
      [
        [
          [1, 2],
          [3, 4],
        ],
      ],
    ]);
    const [v, i] = maxPool2dWithIndices(x, { kernelSize: 2, padding: 1 });
    expect(v.toArray()).toEqual([
      [
        [
          [1, 2],
          [3, 4],
        ],
      ],
    ]);
    expect(i.toArray()).toEqual([
      [
        [
          [0, 1],
          [2, 3],
        ],
      ],
    ]);
    // Taps at −1 and 2 of a 2-wide axis: nothing inside (PyTorch returns the out-of-plane index 6 there).
    const [ev, ei] = maxPool2dWithIndices(x, { kernelSize: 2, padding: 1, dilation: 3 });
    expect(ev.toArray()).toEqual([[[[-Infinity]]]]);
    expect(ei.toArray()).toEqual([[[[-1]]]]);
  });
});

describe('maxUnpool2d', () => {
  test('writes each value at its index into zeros; the default size (H − 1)·stride − 2·padding + k', () => {
    const y = maxUnpool2d(array([[[[5, 6]]]]), array([[[[1, 7]]]]), { kernelSize: 2 });
    expect(y.toArray()).toEqual([
      [
        [
          [0, 5, 0, 0],
          [0, 0, 0, 6],
        ],
      ],
    ]);
  });
  test('pooling then unpooling keeps the maxima in place (outputSize recovers an odd size)', () => {
    const x = array([
      [
        [
          [1, 9, 2, 0, 5],
          [4, 3, 8, 1, 6],
          [7, 2, 3, 9, 1],
        ],
      ],
    ]);
    const [v, i] = maxPool2dWithIndices(x, { kernelSize: 2 });
    expect(maxUnpool2d(v, i, { kernelSize: 2, outputSize: [3, 5] }).toArray()).toEqual([
      [
        [
          [0, 9, 0, 0, 0],
          [0, 0, 8, 0, 0],
          [0, 0, 0, 0, 0],
        ],
      ],
    ]);
  });
  test('coinciding indices: the later write wins, and only it gets the gradient', () => {
    const x = array([[[[5, 6]]]]);
    const idx = array([[[[2, 2]]]]);
    expect(maxUnpool2d(x, idx, { kernelSize: 2 }).toArray()).toEqual([
      [
        [
          [0, 0, 6, 0],
          [0, 0, 0, 0],
        ],
      ],
    ]);
    const g = array([
      [
        [
          [1, 2, 3, 4],
          [5, 6, 7, 8],
        ],
      ],
    ]);
    expect(maxUnpool2dGrad(g, x, idx, { kernelSize: 2 }).toArray()).toEqual([[[[0, 3]]]]);
  });
  test('errors name the op and the values', () => {
    const x = array([[[[5, 6]]]]);
    expect(() => maxUnpool2d(x, array([[[[1, 8]]]]), { kernelSize: 2 })).toThrow(
      'maxUnpool2d: index 8 at flat position 1 is not a position in the 2×4 output plane (0 ≤ index < 8)',
    );
    expect(() => maxUnpool2d(x, array([[[[1.5, 2]]]]), { kernelSize: 2 })).toThrow(ArgumentError);
    expect(() => maxUnpool2d(x, array([[[1, 2]]]), { kernelSize: 2 })).toThrow(
      "maxUnpool2d: indices must have the input's shape [1,1,1,2], got [1,1,2]",
    );
    // PyTorch: the size must lie strictly between default − stride and default + stride.
    expect(() => maxUnpool2d(x, array([[[[1, 2]]]]), { kernelSize: 2, outputSize: [4, 4] })).toThrow(
      'maxUnpool2d: outputSize [4,4] must lie strictly between 0 and 4 on axis 0 (the default 2 ± the stride 2): input [1,1,1,2]',
    );
    expect(maxUnpool2d(x, array([[[[1, 2]]]]), { kernelSize: 2, outputSize: [3, 5] }).shape).toEqual([1, 1, 3, 5]);
    expect(() => maxUnpool2d(x, array([[[[1, 2]]]]), { stride: 2 } as never)).toThrow("maxUnpool2d: option 'kernelSize' is required");
  });
});
