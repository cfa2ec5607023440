import { Tensor } from '@seedling-ml/autograd';
import { NDArray, type Rng, allocate } from '@seedling-ml/tensor';

/** Options of `shiftImages`. */
export interface ShiftOptions {
  /** Images are `side × side`, stored row-major as one row of `side²` values. */
  side: number;
  /** Largest shift in pixels along each axis. */
  maxShift: number;
  /** Generator of the offsets (advanced: 2 draws per image). */
  rng: Rng;
}

/**
 * Data augmentation: every image of the batch `x` (`[n, side²]`) moved by its own random whole-pixel
 * offset (dx, dy), each uniform in {−maxShift, …, maxShift}, with zeros shifted in. A digit keeps its
 * meaning when moved a pixel or two, so the network sees many more distinct images than the dataset
 * holds and learns features that do not depend on exact position. Returns a new tensor.
 *
 * @example
 * shiftImages(batch, { side: 28, maxShift: 2, rng: new Rng(0) }); // same shape, digits moved ≤ 2 px
 */
export function shiftImages(x: Tensor, options: ShiftOptions): Tensor {
  const { side, maxShift, rng } = options;
  const n = x.shape[0]!;
  const pixels = side * side;
  const src = x.data.data;
  const out = allocate(x.dtype, n * pixels); // zeros
  const offsets = rng.integers([2 * n], -maxShift, maxShift + 1, { dtype: 'float64' }).data;
  for (let k = 0; k < n; k++) {
    const dx = offsets[2 * k]!;
    const dy = offsets[2 * k + 1]!;
    const base = k * pixels;
    // Output row r takes input row r − dy; column c takes column c − dx (when inside the image).
    for (let r = Math.max(0, dy); r < Math.min(side, side + dy); r++) {
      const from = base + (r - dy) * side;
      const to = base + r * side;
      for (let c = Math.max(0, dx); c < Math.min(side, side + dx); c++) out[to + c] = src[from + c - dx]!;
    }
  }
  return new Tensor(new NDArray(out, [n, pixels]));
}
