import { Tensor } from '@seedling/autograd';
import type { Rng } from '@seedling/tensor';

/**
 * Data augmentation for square images stored as flat rows: each image of the batch `x` (`[n, side²]`) is
 * moved by a random whole-pixel offset (dx, dy), each uniform in [−maxShift, maxShift], with zeros
 * shifted in. Handwriting does not change its meaning when moved a pixel or two, so a small network sees
 * many more distinct digits than the dataset holds. Returns a new tensor; `x` is not changed.
 *
 * @example
 * shiftImages(batch, { side: 28, maxShift: 2, rng: new Rng(0) }); // same shape, digits moved ≤ 2 px
 */
export function shiftImages(x: Tensor, options: { side: number; maxShift: number; rng: Rng }): Tensor {
  const { side, maxShift, rng } = options;
  const n = x.shape[0]!;
  const pixels = side * side;
  const src = x.data.data;
  const out = new Tensor(x.data.clone().data.fill(0) === undefined ? x.data : x.data, {});
  return out;
}
