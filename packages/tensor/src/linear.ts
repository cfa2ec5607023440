import { add } from './binary.ts';
import { checkOptions, is } from './check-options.ts';
import { ShapeError, formatShape } from './errors.ts';
import { rowF32Simd, unaryF32Simd } from './kernels/elementwise-f32-simd.ts';
import { matmul } from './matmul.ts';
import { type NDArray, checkNDArray } from './ndarray.ts';

/** Options of `linear`. */
export interface LinearCallOptions {
  /**
   * An activation applied in the same pass as the bias: `'relu'` gives relu(x·Wᵀ + b), the same bits as `relu`
   * of the result. Default none.
   */
  activation?: 'relu';
}

/**
 * The fully connected layer's forward, y = x·Wᵀ + b, for `x` of shape `[..., in]`, `W` `[out, in]` (PyTorch's
 * layout) and `b` `[out]` or null. Returns `[..., out]`; with `{ activation: 'relu' }`, max(y, 0) (NaN stays NaN).
 *
 * The bias is added in place to the product as it comes out of the GEMM — one pass over C while it is still
 * in cache, and no second `[..., out]` array — instead of by a separate broadcasting `add`. The values are the
 * same bit for bit as `add(matmul(x, w, { transposeB: true }), b)`: each element is the same float32 (or
 * float64) product plus the same bias element, one IEEE addition. Mixed dtypes take that composed path.
 * The activation is applied in place to that same fresh result (C while it is in cache, no third array).
 * Throws ShapeError when W is not 2-D, its second axis differs from x's last, or b is not `[out]`; ArgumentError
 * for an unknown option or activation.
 *
 * @example
 * linear(array([[1, 2]]), array([[1, 0], [0, 1], [1, 1]]), array([0, 10, 100])).toArray(); // [[1, 12, 103]]
 */
export function linear(x: NDArray, w: NDArray, b: NDArray | null = null, options?: LinearCallOptions): NDArray {
  checkNDArray('linear', 'x', x);
  checkNDArray('linear', 'w', w);
  if (b !== null) checkNDArray('linear', 'b', b);
  const relu = checkOptions('linear', options, { activation: is.oneOf('relu') }).activation === 'relu';
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
  const product = matmul(x, w, { transposeB: true });
  const y = b === null ? product : b.dtype !== product.dtype ? add(product, b) : addBiasInPlace(product, b);
  if (relu) reluInPlace(y.data);
  return y;
}

/** y += b along the last axis, in place on the fresh product. */
function addBiasInPlace(y: NDArray, b: NDArray): NDArray {
  const c = y.data;
  const bias = b.data;
  const n = bias.length;
  if (c instanceof Float32Array && bias instanceof Float32Array && c.length >= 256 && rowF32Simd('add', c, bias, false, c)) return y;
  for (let o = 0; o < c.length; o += n) {
    for (let j = 0; j < n; j++) c[o + j] = c[o + j]! + bias[j]!;
  }
  return y;
}

/** max(v, 0) in place, as `relu` computes it (NaN stays NaN, −0 becomes 0). */
function reluInPlace(c: NDArray['data']): void {
  if (c instanceof Float32Array && c.length >= 64 && unaryF32Simd('relu', c, c)) return;
  for (let i = 0; i < c.length; i++) {
    const v = c[i]!;
    c[i] = v <= 0 ? 0 : v;
  }
}
