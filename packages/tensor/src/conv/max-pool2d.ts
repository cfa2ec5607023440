import { type TypedArray, allocate } from '../dtype.ts';
import { ShapeError, formatShape } from '../errors.ts';
import { NDArray } from '../ndarray.ts';
import { checkNDArrayArg, checkPoolOptions, maxPool2dOptionRules } from './arg-checks.ts';
import { type MaxPool2dOptions, type PoolGeometry, pool2dGeometry } from './pool-geometry.ts';

/**
 * The flat input index of each output's window maximum in window order (row-major over the taps): the
 * first one on ties and the last NaN if there is one, as PyTorch's CPU kernel (a NaN beats everything and
 * every later NaN replaces it, so NaN propagates); padding never wins because it is −∞. −1 for a window
 * with no input element (possible only with ceilMode or a dilation wider than the input). One plain loop
 * nest, no callbacks.
 */
function argmaxes(x: TypedArray, geo: PoolGeometry): Int32Array {
  const { n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, outH, outW } = geo;
  const plane = h * w;
  const at = new Int32Array(n * c * outH * outW);
  for (let nc = 0, o = 0; nc < n * c; nc++) {
    const base = nc * plane;
    for (let oh = 0; oh < outH; oh++) {
      const ih0 = oh * sh - ph;
      for (let ow = 0; ow < outW; ow++, o++) {
        const iw0 = ow * sw - pw;
        let best = -Infinity;
        let arg = -1;
        for (let i = 0, ih = ih0; i < kh; i++, ih += dh) {
          if (ih < 0 || ih >= h) continue;
          const row = base + ih * w;
          for (let j = 0, iw = iw0; j < kw; j++, iw += dw) {
            if (iw < 0 || iw >= w) continue;
            const v = x[row + iw]!;
            if (arg < 0 || v > best || v !== v) {
              best = v;
              arg = row + iw;
            }
          }
        }
        at[o] = arg;
      }
    }
  }
  return at;
}

/**
 * Whether `geo` is the common 2×2 window at stride 2 with no padding or dilation, every window inside
 * the input: those take unrolled loops (four loads per output, no bounds checks), several times faster
 * than the general search.
 */
function isPlain2x2(geo: PoolGeometry): boolean {
  return (
    geo.kh === 2 &&
    geo.kw === 2 &&
    geo.sh === 2 &&
    geo.sw === 2 &&
    geo.ph === 0 &&
    geo.pw === 0 &&
    geo.dh === 1 &&
    geo.dw === 1 &&
    2 * geo.outH <= geo.h &&
    2 * geo.outW <= geo.w
  );
}

/**
 * `maxPool2d` for `isPlain2x2` geometries: each output the max of its four inputs. `Math.max` returns
 * NaN when any input is NaN, as the general search does, and was the fastest form measured (≈ 20 % ahead
 * of chained comparisons).
 */
function maxPool2x2(x: TypedArray, out: TypedArray, geo: PoolGeometry): void {
  const { h, w, outH, outW } = geo;
  for (let nc = 0, o = 0; nc < geo.n * geo.c; nc++) {
    for (let oh = 0; oh < outH; oh++) {
      const r0 = nc * h * w + 2 * oh * w;
      const r1 = r0 + w;
      for (let ow = 0, i = 0; ow < outW; ow++, o++, i += 2) out[o] = Math.max(x[r0 + i]!, x[r0 + i + 1]!, x[r1 + i]!, x[r1 + i + 1]!);
    }
  }
}

/**
 * `maxPool2dGrad` for `isPlain2x2` geometries: each output gradient goes to the first maximum of its
 * window in row-major order (the last NaN if there is one), exactly as `argmaxes` picks it: once `best`
 * is NaN no comparison is true, so only a later NaN moves `at`.
 */
function maxPool2x2Grad(g: TypedArray, x: TypedArray, dx: TypedArray, geo: PoolGeometry): void {
  const { h, w, outH, outW } = geo;
  for (let nc = 0, o = 0; nc < geo.n * geo.c; nc++) {
    for (let oh = 0; oh < outH; oh++) {
      const r0 = nc * h * w + 2 * oh * w;
      const r1 = r0 + w;
      for (let ow = 0, i = 0; ow < outW; ow++, o++, i += 2) {
        let at = r0 + i;
        let best = x[at]!;
        const b = x[r0 + i + 1]!;
        if (b > best || b !== b) {
          best = b;
          at = r0 + i + 1;
        }
        const c = x[r1 + i]!;
        if (c > best || c !== c) {
          best = c;
          at = r1 + i;
        }
        const d = x[r1 + i + 1]!;
        if (d > best || d !== d) at = r1 + i + 1;
        dx[at]! += g[o]!;
      }
    }
  }
}

/**
 * 2-D max pooling of `x` [N, C, H, W]: `y[n, c, i, j] = max_{p, q} x[n, c, i·sH − padH + p·dH, j·sW − padW + q·dW]`
 * over in-bounds taps (PyTorch's `max_pool2d`). Output `[N, C, outH, outW]` (see `pool2dGeometry`).
 *
 * @example
 * maxPool2d(array([[[[1, 2], [3, 4]]]]), { kernelSize: 2 }).toArray(); // [[[[4]]]]
 */
export function maxPool2d(x: NDArray, options: MaxPool2dOptions): NDArray {
  checkNDArrayArg('maxPool2d', 'input', x);
  checkPoolOptions('maxPool2d', options, maxPool2dOptionRules);
  const geo = pool2dGeometry('maxPool2d', x.shape, options);
  const out = allocate(x.dtype, geo.n * geo.c * geo.outH * geo.outW);
  const data = x.data;
  if (isPlain2x2(geo)) {
    maxPool2x2(data, out, geo);
    return new NDArray(out, [geo.n, geo.c, geo.outH, geo.outW]);
  }
  const at = argmaxes(data, geo);
  // A window entirely in the padding (possible with ceilMode) has no input: −∞, as PyTorch.
  for (let o = 0; o < at.length; o++) out[o] = at[o]! < 0 ? -Infinity : data[at[o]!]!;
  return new NDArray(out, [geo.n, geo.c, geo.outH, geo.outW]);
}

/**
 * Gradient of `maxPool2d`: each output gradient goes to its window's (first) maximum in `x`, summed
 * where windows overlap. `gy` has the pooled shape.
 *
 * @example
 * maxPool2dGrad(array([[[[5]]]]), array([[[[1, 2], [3, 4]]]]), { kernelSize: 2 }).toArray(); // [[[[0, 0], [0, 5]]]]
 */
export function maxPool2dGrad(gy: NDArray, x: NDArray, options: MaxPool2dOptions): NDArray {
  checkNDArrayArg('maxPool2dGrad', 'gy', gy);
  checkNDArrayArg('maxPool2dGrad', 'input', x);
  checkPoolOptions('maxPool2dGrad', options, maxPool2dOptionRules);
  const geo = pool2dGeometry('maxPool2dGrad', x.shape, options);
  const expected = [geo.n, geo.c, geo.outH, geo.outW];
  if (gy.shape.length !== 4 || gy.shape.some((d, i) => d !== expected[i])) {
    throw new ShapeError('maxPool2dGrad', `output gradient has shape ${formatShape(gy.shape)}, expected ${formatShape(expected)}`, [
      gy.shape,
      expected,
    ]);
  }
  const dx = allocate(gy.dtype, x.size);
  const g = gy.data;
  if (isPlain2x2(geo)) {
    maxPool2x2Grad(g, x.data, dx, geo);
    return new NDArray(dx, x.shape);
  }
  const at = argmaxes(x.data, geo);
  for (let o = 0; o < at.length; o++) if (at[o]! >= 0) dx[at[o]!]! += g[o]!;
  return new NDArray(dx, x.shape);
}

/**
 * `maxPool2d` and the position of each output's maximum (PyTorch's `max_pool2d(…, return_indices=True)`):
 * `[values, indices]`, both `[N, C, outH, outW]`. An index is the flat position `row · W + column` of the
 * maximum within its input plane (H × W), stored as an integer-valued float of x's dtype (the index
 * convention of `argmax`; PyTorch returns int64); the first maximum in window order on ties and the last NaN
 * if there is one, as PyTorch. A window with no input element (values −∞) has index −1. `maxUnpool2d` puts
 * the values back at these positions.
 *
 * @example
 * const [v, i] = maxPool2dWithIndices(array([[[[1, 5], [5, 2]]]]), { kernelSize: 2 });
 * v.toArray(); // [[[[5]]]]
 * i.toArray(); // [[[[1]]]]
 */
export function maxPool2dWithIndices(x: NDArray, options: MaxPool2dOptions): [NDArray, NDArray] {
  checkNDArrayArg('maxPool2dWithIndices', 'input', x);
  checkPoolOptions('maxPool2dWithIndices', options, maxPool2dOptionRules);
  const geo = pool2dGeometry('maxPool2dWithIndices', x.shape, options);
  const shape = [geo.n, geo.c, geo.outH, geo.outW];
  const at = argmaxes(x.data, geo);
  const values = allocate(x.dtype, at.length);
  const indices = allocate(x.dtype, at.length);
  const data = x.data;
  const plane = geo.h * geo.w;
  const perPlane = geo.outH * geo.outW;
  for (let nc = 0, o = 0; nc < geo.n * geo.c; nc++) {
    const base = nc * plane;
    for (let end = o + perPlane; o < end; o++) {
      const a = at[o]!;
      values[o] = a < 0 ? -Infinity : data[a]!;
      indices[o] = a < 0 ? -1 : a - base;
    }
  }
  return [new NDArray(values, shape), new NDArray(indices, shape)];
}
