import { allocate } from '../dtype.ts';
import { ShapeError, formatShape } from '../errors.ts';
import { NDArray } from '../ndarray.ts';
import { checkAdaptivePoolArgs, checkNDArrayArg, checkShapeArg } from './arg-checks.ts';
import { type Pair, resolvePair } from './conv-geometry.ts';

/** Input and output sizes of an adaptive pool, checked. */
function resolve(op: string, shape: readonly number[], outputSize: Pair): { nc: number; h: number; w: number; oh: number; ow: number } {
  if (shape.length !== 4) throw new ShapeError(op, `expected a 4-D input [N,C,H,W], got ${formatShape(shape)}`, [shape]);
  const [oh, ow] = resolvePair(op, 'outputSize', outputSize, 1, 1);
  const [n, c, h, w] = shape as [number, number, number, number];
  if (h < 1 || w < 1) throw new ShapeError(op, `input has an empty spatial size ${h}×${w}: input ${formatShape(shape)}`, [shape]);
  return { nc: n * c, h, w, oh, ow };
}

/*
 * Output cell i of an axis of size `in` pooled to `out` covers [⌊i·in/out⌋, ⌈(i+1)·in/out⌉): PyTorch's
 * bins, which overlap when `in` is not a multiple of `out`.
 */
const binStart = (i: number, size: number, out: number): number => Math.floor((i * size) / out);
const binEnd = (i: number, size: number, out: number): number => Math.ceil(((i + 1) * size) / out);

/**
 * Adaptive 2-D average pooling of `x` [N, C, H, W] to `[N, C, outH, outW]` (PyTorch's
 * `adaptive_avg_pool2d`): output (i, j) averages rows [⌊i·H/outH⌋, ⌈(i+1)·H/outH⌉) and the same for columns.
 *
 * @example
 * adaptiveAvgPool2d(array([[[[1, 2], [3, 4]]]]), 1).toArray(); // [[[[2.5]]]]
 */
export function adaptiveAvgPool2d(x: NDArray, outputSize: Pair): NDArray {
  checkAdaptivePoolArgs('adaptiveAvgPool2d', x, outputSize);
  const { nc, h, w, oh, ow } = resolve('adaptiveAvgPool2d', x.shape, outputSize);
  const out = allocate(x.dtype, nc * oh * ow);
  const data = x.data;
  for (let p = 0, o = 0; p < nc; p++) {
    const base = p * h * w;
    for (let i = 0; i < oh; i++) {
      const h0 = binStart(i, h, oh);
      const h1 = binEnd(i, h, oh);
      for (let j = 0; j < ow; j++, o++) {
        const w0 = binStart(j, w, ow);
        const w1 = binEnd(j, w, ow);
        let s = 0;
        for (let r = h0; r < h1; r++) for (let q = base + r * w + w0, end = base + r * w + w1; q < end; q++) s += data[q]!;
        out[o] = s / ((h1 - h0) * (w1 - w0));
      }
    }
  }
  return new NDArray(out, [x.shape[0]!, x.shape[1]!, oh, ow]);
}

/**
 * Gradient of `adaptiveAvgPool2d`: each output gradient divided by its bin's size is added to the bin.
 *
 * @example
 * adaptiveAvgPool2dGrad(array([[[[4]]]]), [1, 1, 2, 2]).toArray(); // [[[[1, 1], [1, 1]]]]
 */
export function adaptiveAvgPool2dGrad(gy: NDArray, inputShape: readonly number[]): NDArray {
  checkNDArrayArg('adaptiveAvgPool2dGrad', 'gy', gy);
  checkShapeArg('adaptiveAvgPool2dGrad', 'input shape', inputShape);
  if (gy.rank !== 4)
    throw new ShapeError('adaptiveAvgPool2dGrad', `output gradient must be 4-D [N,C,outH,outW], got ${formatShape(gy.shape)}`, [gy.shape]);
  const { nc, h, w } = resolve('adaptiveAvgPool2dGrad', inputShape, [gy.shape[2] ?? 0, gy.shape[3] ?? 0]);
  const oh = gy.shape[2]!;
  const ow = gy.shape[3]!;
  if (gy.shape[0] !== inputShape[0] || gy.shape[1] !== inputShape[1]) {
    throw new ShapeError(
      'adaptiveAvgPool2dGrad',
      `output gradient ${formatShape(gy.shape)} does not match input ${formatShape(inputShape)}`,
      [gy.shape, inputShape],
    );
  }
  const dx = allocate(gy.dtype, nc * h * w);
  const g = gy.data;
  for (let p = 0, o = 0; p < nc; p++) {
    const base = p * h * w;
    for (let i = 0; i < oh; i++) {
      const h0 = binStart(i, h, oh);
      const h1 = binEnd(i, h, oh);
      for (let j = 0; j < ow; j++, o++) {
        const w0 = binStart(j, w, ow);
        const w1 = binEnd(j, w, ow);
        const v = g[o]! / ((h1 - h0) * (w1 - w0));
        for (let r = h0; r < h1; r++) for (let q = base + r * w + w0, end = base + r * w + w1; q < end; q++) dx[q]! += v;
      }
    }
  }
  return new NDArray(dx, inputShape);
}
