import { add } from './binary.ts';
import { ShapeError, formatShape } from './errors.ts';
import { rowF32Simd } from './kernels/elementwise-f32-simd.ts';
import { matmul } from './matmul.ts';
import { type NDArray, checkNDArray } from './ndarray.ts';

/**
 * The fully connected layer's forward, y = x·Wᵀ + b, for `x` of shape `[..., in]`, `W` `[out, in]` (PyTorch's
 * layout) and `b` `[out]` or null. Returns `[..., out]`.
 *
 * The bias is added in place to the product as it comes out of the GEMM — one pass over C while it is still
 * in cache, and no second `[..., out]` array — instead of by a separate broadcasting `add`. The values are the
 * same bit for bit as `add(matmul(x, w, { transposeB: true }), b)`: each element is the same float32 (or
 * float64) product plus the same bias element, one IEEE addition. Mixed dtypes take that composed path.
 * Throws ShapeError when W is not 2-D, its second axis differs from x's last, or b is not `[out]`.
 *
 * @example
 * linear(array([[1, 2]]), array([[1, 0], [0, 1], [1, 1]]), array([0, 10, 100])).toArray(); // [[1, 12, 103]]
 */
export function linear(x: NDArray, w: NDArray, b: NDArray | null = null): NDArray {
  checkNDArray('linear', 'x', x);
  checkNDArray('linear', 'w', w);
  if (b !== null) checkNDArray('linear', 'b', b);
  if (w.rank !== 2 || x.rank === 0 || x.shape[x.rank - 1] !== w.shape[1]) {
    throw new ShapeError(
      'linear',
      `expected x [..., in] and w [out, in] with the same in: got x ${formatShape(x.shape)} and w ${formatShape(w.shape)}`,
      [x.shape, w.shape],
    );
  }
  if (b !== null && (b.rank !== 1 || b.shape[0] !== w.shape[0])) {
    throw new ShapeError('linear', `b must have shape [${w.shape[0]}] (w's first axis), got ${formatShape(b.shape)}`, [b.shape, w.shape]);
  }
  const y = matmul(x, w, { transposeB: true });
  if (b === null) return y;
  if (b.dtype !== y.dtype) return add(y, b);
  const c = y.data;
  const bias = b.data;
  const n = bias.length;
  if (c instanceof Float32Array && bias instanceof Float32Array && c.length >= 256 && rowF32Simd('add', c, bias, false, c)) return y;
  for (let o = 0; o < c.length; o += n) {
    for (let j = 0; j < n; j++) c[o + j] = c[o + j]! + bias[j]!;
  }
  return y;
}
