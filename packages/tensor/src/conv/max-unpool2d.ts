/**
 * `maxUnpool2d`: the partial inverse of `maxPool2dWithIndices` (PyTorch's `max_unpool2d`), and its gradient.
 */
import { type Rules, checkArg, checkOptions, is } from '../check-options.ts';
import { allocate } from '../dtype.ts';
import { ArgumentError, ShapeError, formatShape } from '../errors.ts';
import { checkElementLimit } from '../limits.ts';
import { NDArray } from '../ndarray.ts';
import { checkNDArrayArg, pairRule } from './arg-checks.ts';
import { type Pair, resolvePair } from './conv-geometry.ts';

/** Options of `maxUnpool2d` (PyTorch's `max_unpool2d` arguments, camelCase). */
export interface MaxUnpool2dOptions {
  /** The pooling's window size. */
  kernelSize: Pair;
  /** The pooling's step. Default `kernelSize`. */
  stride?: Pair;
  /** The pooling's padding. Default 0. */
  padding?: Pair;
  /**
   * The output's `[H, W]` (the pooled input's size, which pooling with floor rounding cannot recover). Each
   * must lie strictly between `default − stride` and `default + stride`. Default
   * `(in − 1)·stride − 2·padding + kernelSize` per axis.
   */
  outputSize?: readonly [number, number];
}

const rules: Rules<MaxUnpool2dOptions> = {
  kernelSize: pairRule(1),
  stride: pairRule(1),
  padding: pairRule(0),
  outputSize: is.arrayOf(is.positiveInteger, 2),
};

/** The output shape of `maxUnpool2d`, with every check of the arguments. */
function unpoolShape(op: string, x: NDArray, indices: NDArray, options: MaxUnpool2dOptions): number[] {
  checkNDArrayArg(op, 'input', x);
  checkNDArrayArg(op, 'indices', indices);
  const o = checkOptions(op, options, rules);
  if (o?.kernelSize === undefined) throw new ArgumentError(op, `option 'kernelSize' is required (an integer ≥ 1 or a pair [h, w] of them)`);
  if (x.rank !== 4) throw new ShapeError(op, `expected a 4-D input [N,C,H,W], got ${formatShape(x.shape)}`, [x.shape]);
  if (indices.rank !== 4 || indices.shape.some((d, i) => d !== x.shape[i])) {
    throw new ShapeError(op, `indices must have the input's shape ${formatShape(x.shape)}, got ${formatShape(indices.shape)}`, [
      x.shape,
      indices.shape,
    ]);
  }
  const k = resolvePair(op, 'kernelSize', o.kernelSize, 1, 1);
  const s = resolvePair(op, 'stride', o.stride ?? k, 1, 1);
  const p = resolvePair(op, 'padding', o.padding, 0, 0);
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const size = [(h - 1) * s[0] - 2 * p[0] + k[0], (w - 1) * s[1] - 2 * p[1] + k[1]] as [number, number];
  if (o.outputSize !== undefined) {
    for (let a = 0; a < 2; a++) {
      const want = o.outputSize[a]!;
      if (want <= size[a]! - s[a]! || want >= size[a]! + s[a]!) {
        throw new ArgumentError(
          op,
          `outputSize [${o.outputSize.join(',')}] must lie strictly between ${size[a]! - s[a]!} and ${size[a]! + s[a]!} on axis ${a} (the default ${size[a]} ± the stride ${s[a]}): input ${formatShape(x.shape)}`,
        );
      }
      size[a] = want;
    }
  }
  if (size[0] < 1 || size[1] < 1) {
    throw new ShapeError(op, `output would be empty (${size[0]}×${size[1]}): input ${formatShape(x.shape)}`, [x.shape]);
  }
  checkElementLimit(op, [n, c, size[0], size[1]]);
  return [n, c, size[0], size[1]];
}

/**
 * Checks that every index is an integer in [0, plane) and returns them as an Int32Array (once, outside the
 * scatter/gather loops).
 */
function checkedIndices(op: string, indices: NDArray, outShape: readonly number[]): Int32Array {
  const plane = outShape[2]! * outShape[3]!;
  const src = indices.data;
  const at = new Int32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i]!;
    if (!(v >= 0 && v < plane && Number.isInteger(v))) {
      throw new ArgumentError(
        op,
        `index ${v} at flat position ${i} is not a position in the ${outShape[2]}×${outShape[3]} output plane (0 ≤ index < ${plane})`,
      );
    }
    at[i] = v;
  }
  return at;
}

/**
 * Max unpooling of `x` (shape `[N, C, H, W]`): a zero array of `[N, C, outH, outW]` with each `x[n, c, i, j]` written at
 * flat position `indices[n, c, i, j]` of its plane (`row · outW + column`), as `maxPool2dWithIndices` returns
 * them. Where two indices coincide the later one (row-major) wins, as PyTorch's CPU kernel. `indices` holds
 * integer-valued floats; one outside the plane throws.
 *
 * @example
 * maxUnpool2d(array([[[[5]]]]), array([[[[1]]]]), { kernelSize: 2 }).toArray(); // [[[[0, 5], [0, 0]]]]
 */
export function maxUnpool2d(x: NDArray, indices: NDArray, options: MaxUnpool2dOptions): NDArray {
  const outShape = unpoolShape('maxUnpool2d', x, indices, options);
  const at = checkedIndices('maxUnpool2d', indices, outShape);
  const out = allocate(x.dtype, outShape[0]! * outShape[1]! * outShape[2]! * outShape[3]!);
  const src = x.data;
  const inPlane = x.shape[2]! * x.shape[3]!;
  const outPlane = outShape[2]! * outShape[3]!;
  for (let nc = 0, i = 0; nc < outShape[0]! * outShape[1]!; nc++) {
    const base = nc * outPlane;
    for (let end = i + inPlane; i < end; i++) out[base + at[i]!] = src[i]!;
  }
  return new NDArray(out, outShape);
}

/**
 * Gradient of `maxUnpool2d` with respect to `x`: `dx[n, c, i, j] = gy[n, c, indices[n, c, i, j]]`, except
 * that of coinciding indices only the one that won the write (the last) receives it, the others 0.
 *
 * @example
 * maxUnpool2dGrad(array([[[[1, 2], [3, 4]]]]), array([[[[5]]]]), array([[[[1]]]]), { kernelSize: 2 }).toArray(); // [[[[2]]]]
 */
export function maxUnpool2dGrad(gy: NDArray, x: NDArray, indices: NDArray, options: MaxUnpool2dOptions): NDArray {
  checkArg('maxUnpool2dGrad', 'gy', gy, is.instance(NDArray, 'an NDArray'));
  const outShape = unpoolShape('maxUnpool2dGrad', x, indices, options);
  if (gy.rank !== 4 || gy.shape.some((d, i) => d !== outShape[i])) {
    throw new ShapeError('maxUnpool2dGrad', `output gradient has shape ${formatShape(gy.shape)}, expected ${formatShape(outShape)}`, [
      gy.shape,
      outShape,
    ]);
  }
  const at = checkedIndices('maxUnpool2dGrad', indices, outShape);
  const inPlane = x.shape[2]! * x.shape[3]!;
  const outPlane = outShape[2]! * outShape[3]!;
  const dx = allocate(gy.dtype, x.size);
  const g = gy.data;
  // Which input element wrote each output position last (−1: none), so a duplicate that lost gets 0.
  const writer = new Int32Array(outPlane);
  for (let nc = 0, i0 = 0; nc < outShape[0]! * outShape[1]!; nc++, i0 += inPlane) {
    writer.fill(-1);
    for (let i = i0; i < i0 + inPlane; i++) writer[at[i]!] = i;
    const base = nc * outPlane;
    for (let i = i0; i < i0 + inPlane; i++) if (writer[at[i]!] === i) dx[i] = g[base + at[i]!]!;
  }
  return new NDArray(dx, x.shape);
}
