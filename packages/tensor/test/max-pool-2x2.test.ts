import { expect, test } from 'vitest';
import { NDArray, Rng, maxPool2d, maxPool2dGrad } from '../src/index.ts';

/*
 * The unrolled 2×2 / stride 2 max pooling against the definition, on inputs full of ties (values drawn
 * from {0, 1, 2}) and a few NaNs, odd sizes included (the last row / column is then dropped): forward
 * values, and the gradient going to the first maximum of each window in row-major order, or to its
 * last NaN (PyTorch's rule).
 */
test('2×2 stride-2 max pooling: ties go to the first maximum, NaN propagates and takes the gradient', () => {
  const rng = new Rng(3);
  for (const [h, w] of [
    [4, 4],
    [5, 7],
    [6, 3],
  ] as const) {
    const n = 2 * 3 * h * w;
    const values = Float64Array.from(rng.integers([n], 0, 3, { dtype: 'float64' }).data);
    for (let i = 0; i < n; i += 11) values[i] = Number.NaN;
    // Two NaNs in one window (taps 0 and w + 1 of a window of the first plane): the last one takes the gradient.
    values[2 * w + 2] = Number.NaN;
    values[3 * w + 3] = Number.NaN;
    const x = new NDArray(values, [2, 3, h, w]);
    const y = maxPool2d(x, { kernelSize: 2 });
    const outH = Math.floor(h / 2);
    const outW = Math.floor(w / 2);
    expect(y.shape).toEqual([2, 3, outH, outW]);
    const g = new NDArray(
      Float64Array.from({ length: y.size }, (_, i) => i + 1),
      y.shape,
    );
    const dx = maxPool2dGrad(g, x, { kernelSize: 2 });
    const want = new Float64Array(n);
    for (let p = 0, o = 0; p < 6; p++) {
      for (let i = 0; i < outH; i++) {
        for (let j = 0; j < outW; j++, o++) {
          const taps = [0, 1, w, w + 1].map((d) => p * h * w + 2 * i * w + 2 * j + d);
          const nan = taps.filter((t) => Number.isNaN(values[t]!)).pop();
          let at = taps[0]!;
          for (const t of taps) if (values[t]! > values[at]!) at = t;
          if (nan !== undefined) at = nan;
          if (nan !== undefined) expect(y.data[o]).toBeNaN();
          else expect(y.data[o]).toBe(values[at]);
          want[at]! += o + 1;
        }
      }
    }
    expect(Array.from(dx.data)).toEqual(Array.from(want));
  }
});
