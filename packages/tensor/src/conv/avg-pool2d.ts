import { textOf } from '../describe-value.ts';
import { type TypedArray, allocate } from '../dtype.ts';
import { ArgumentError, ShapeError, formatShape } from '../errors.ts';
import { NDArray } from '../ndarray.ts';
import { avgPool2dOptionRules, checkNDArrayArg, checkPoolOptions } from './arg-checks.ts';
import { type AvgPool2dOptions, type PoolGeometry, pool2dGeometry } from './pool-geometry.ts';

/**
 * Visits every output of an average pool with its in-bounds window [h0, h1) × [w0, w1) and the
 * divisor PyTorch uses: `divisorOverride`, else the window clipped to the padded input (countIncludePad)
 * or to the input itself.
 */
function forEachWindow(
  geo: PoolGeometry,
  options: AvgPool2dOptions,
  visit: (outIndex: number, base: number, h0: number, h1: number, w0: number, w1: number, scale: number) => void,
): void {
  const { n, c, h, w, kh, kw, sh, sw, ph, pw, outH, outW } = geo;
  const includePad = options.countIncludePad ?? true;
  const override = options.divisorOverride;
  for (let nc = 0, o = 0; nc < n * c; nc++) {
    const base = nc * h * w;
    for (let oh = 0; oh < outH; oh++) {
      let h0 = oh * sh - ph;
      let h1 = Math.min(h0 + kh, h + ph);
      const padH = h1 - h0;
      h0 = Math.max(h0, 0);
      h1 = Math.min(h1, h);
      for (let ow = 0; ow < outW; ow++, o++) {
        let w0 = ow * sw - pw;
        let w1 = Math.min(w0 + kw, w + pw);
        const padW = w1 - w0;
        w0 = Math.max(w0, 0);
        w1 = Math.min(w1, w);
        const count = override ?? (includePad ? padH * padW : (h1 - h0) * (w1 - w0));
        // An empty window (only possible with ceilMode) averages nothing: 0, as PyTorch.
        visit(o, base, h0, h1, w0, w1, h1 > h0 && w1 > w0 ? 1 / count : 0);
      }
    }
  }
}

function checkOverride(op: string, options: AvgPool2dOptions): void {
  const d = options.divisorOverride;
  if (d !== undefined && (!Number.isInteger(d) || d === 0))
    throw new ArgumentError(op, `divisorOverride must be a non-zero integer, got ${textOf(d)}`);
}

/**
 * 2-D average pooling of `x` [N, C, H, W] (PyTorch's `avg_pool2d`): each output is the sum of its
 * in-bounds window divided by the window size (padding counted unless `countIncludePad: false`;
 * `divisorOverride` replaces the divisor).
 *
 * @example
 * avgPool2d(array([[[[1, 2], [3, 4]]]]), { kernelSize: 2 }).toArray(); // [[[[2.5]]]]
 */
export function avgPool2d(x: NDArray, options: AvgPool2dOptions): NDArray {
  checkNDArrayArg('avgPool2d', 'input', x);
  checkPoolOptions('avgPool2d', options, avgPool2dOptionRules);
  checkOverride('avgPool2d', options);
  const geo = pool2dGeometry('avgPool2d', x.shape, options);
  const out = allocate(x.dtype, geo.n * geo.c * geo.outH * geo.outW);
  const data: TypedArray = x.data;
  const w = geo.w;
  forEachWindow(geo, options, (o, base, h0, h1, w0, w1, scale) => {
    let s = 0;
    for (let i = h0; i < h1; i++) for (let j = base + i * w + w0, end = base + i * w + w1; j < end; j++) s += data[j]!;
    out[o] = s * scale;
  });
  return new NDArray(out, [geo.n, geo.c, geo.outH, geo.outW]);
}

/**
 * Gradient of `avgPool2d`: each output gradient, times its window's 1/divisor, is added to every
 * in-bounds element of the window.
 *
 * @example
 * avgPool2dGrad(array([[[[4]]]]), [1, 1, 2, 2], { kernelSize: 2 }).toArray(); // [[[[1, 1], [1, 1]]]]
 */
export function avgPool2dGrad(gy: NDArray, inputShape: readonly number[], options: AvgPool2dOptions): NDArray {
  checkNDArrayArg('avgPool2dGrad', 'gy', gy);
  checkPoolOptions('avgPool2dGrad', options, avgPool2dOptionRules);
  checkOverride('avgPool2dGrad', options);
  const geo = pool2dGeometry('avgPool2dGrad', inputShape, options);
  const expected = [geo.n, geo.c, geo.outH, geo.outW];
  if (gy.shape.length !== 4 || gy.shape.some((d, i) => d !== expected[i])) {
    throw new ShapeError('avgPool2dGrad', `output gradient has shape ${formatShape(gy.shape)}, expected ${formatShape(expected)}`, [
      gy.shape,
      expected,
    ]);
  }
  const dx = allocate(gy.dtype, geo.n * geo.c * geo.h * geo.w);
  const g = gy.data;
  const w = geo.w;
  forEachWindow(geo, options, (o, base, h0, h1, w0, w1, scale) => {
    const v = g[o]! * scale;
    for (let i = h0; i < h1; i++) for (let j = base + i * w + w0, end = base + i * w + w1; j < end; j++) dx[j]! += v;
  });
  return new NDArray(dx, inputShape);
}
