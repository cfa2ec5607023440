import type { TypedArray } from '../dtype.ts';
import type { ConvGeometry } from './conv-geometry.ts';
import { depthwise3x3F32 } from './depthwise-f32-simd.ts';

/*
 * Direct kernels for convolutions with one input channel per group (depthwise: groups = C, each input
 * channel feeding O/C output channels). im2col + GEMM suits them badly: per group the product has one
 * row of K = kH·kW, so the GEMM's 4×8 tile runs a quarter full and the patch matrix costs more than the
 * arithmetic. Here every output plane is built from its input plane tap by tap: for each kernel tap
 * (i, j) and each output row whose input row is inside the image, one contiguous loop over the output
 * columns whose tap lands inside the row — no bounds checks in the inner loops, which are plain axpy /
 * dot loops V8 compiles tightly. Any stride, padding and dilation: the ranges come from the same
 * arithmetic as im2col.
 */

/** Output rows [lo, hi) whose kernel row `i` reads an input row inside [0, h). */
function validRows(geo: ConvGeometry, i: number): [number, number] {
  const off = i * geo.dh - geo.padTop;
  return validRange(off, geo.sh, geo.h, geo.outH);
}

/** Output indices [lo, hi) along an axis whose input index `o·stride + off` lies in [0, size). */
function validRange(off: number, stride: number, size: number, outSize: number): [number, number] {
  const lo = off >= 0 ? 0 : Math.min(outSize, Math.ceil(-off / stride));
  const hi = size - 1 - off < 0 ? 0 : Math.min(outSize, Math.floor((size - 1 - off) / stride) + 1);
  return [lo, Math.max(lo, hi)];
}

/** Whether `conv2d` with this geometry takes the direct kernels: one input channel per group, and more than one group. */
export function isDepthwise(geo: ConvGeometry): boolean {
  return geo.groups > 1 && geo.cIn === geo.groups;
}

/**
 * Adds the taps of every (i, j) of the kernel `w[wOff…]` over input plane `x[xPlane…]` into the output
 * rows [ohA, ohB) × columns [owA, owB) of plane `y[yPlane…]`: per tap and row, one bounds-free loop over
 * the columns where the tap lands inside the input.
 */
function addTaps(
  x: TypedArray,
  xPlane: number,
  w: TypedArray,
  wOff: number,
  y: TypedArray,
  yPlane: number,
  geo: ConvGeometry,
  ohA: number,
  ohB: number,
  owA: number,
  owB: number,
): void {
  const { w: width, kh, kw, sh, sw, padLeft, dw, outW } = geo;
  for (let i = 0; i < kh; i++) {
    const [r0, r1] = validRows(geo, i);
    const rLo = Math.max(r0, ohA);
    const rHi = Math.min(r1, ohB);
    const rowOff = i * geo.dh - geo.padTop;
    for (let j = 0; j < kw; j++) {
      const off = j * dw - padLeft;
      const [c0, c1] = validRange(off, sw, width, outW);
      const lo = Math.max(c0, owA);
      const hi = Math.min(c1, owB);
      if (lo >= hi) continue;
      const wv = w[wOff + i * kw + j]!;
      for (let oh = rLo; oh < rHi; oh++) {
        const yr = yPlane + oh * outW;
        for (let ow = lo, s = xPlane + (oh * sh + rowOff) * width + lo * sw + off; ow < hi; ow++, s += sw) y[yr + ow]! += wv * x[s]!;
      }
    }
  }
}

/**
 * Adds the convolution of input plane `x[xPlane…]` with the kH×kW kernel `w[wOff…]` into output plane
 * `y[yPlane…]`. A 3×3 kernel with column stride 1 (the common depthwise case) computes every interior
 * output — all nine taps inside the input — in one expression with the weights in locals, one store per
 * output (measured ≈ 2× the tap-by-tap loops); the border goes through `addTaps`.
 */
function convolvePlane(x: TypedArray, xPlane: number, w: TypedArray, wOff: number, y: TypedArray, yPlane: number, geo: ConvGeometry): void {
  const { w: width, kh, kw, sh, sw, padLeft, dh, dw, padTop, outH, outW } = geo;
  if (kh !== 3 || kw !== 3 || sw !== 1) {
    addTaps(x, xPlane, w, wOff, y, yPlane, geo, 0, outH, 0, outW);
    return;
  }
  const [r0, r1, c0, c1] = interior3x3(geo);
  const w0 = w[wOff]!;
  const w1 = w[wOff + 1]!;
  const w2 = w[wOff + 2]!;
  const w3 = w[wOff + 3]!;
  const w4 = w[wOff + 4]!;
  const w5 = w[wOff + 5]!;
  const w6 = w[wOff + 6]!;
  const w7 = w[wOff + 7]!;
  const w8 = w[wOff + 8]!;
  const rowStep = dh * width;
  for (let oh = r0; oh < r1; oh++) {
    const yr = yPlane + oh * outW;
    // Input index of tap (0, 0) for output column 0; taps (i, j) add i·dH·W + j·dW.
    const a = xPlane + (oh * sh - padTop) * width - padLeft;
    const b = a + rowStep;
    const c = b + rowStep;
    for (let ow = c0; ow < c1; ow++) {
      y[yr + ow] =
        w0 * x[a + ow]! +
        w1 * x[a + ow + dw]! +
        w2 * x[a + ow + 2 * dw]! +
        w3 * x[b + ow]! +
        w4 * x[b + ow + dw]! +
        w5 * x[b + ow + 2 * dw]! +
        w6 * x[c + ow]! +
        w7 * x[c + ow + dw]! +
        w8 * x[c + ow + 2 * dw]!;
    }
  }
  addBorder(x, xPlane, w, wOff, y, yPlane, geo, r0, r1, c0, c1);
}

/** Output rows [r0, r1) and columns [c0, c1) where all nine taps of a 3×3 kernel (column stride 1) are inside the input. */
function interior3x3(geo: ConvGeometry): [number, number, number, number] {
  const { w: width, padLeft, dw, outW } = geo;
  const r0 = Math.max(validRows(geo, 0)[0], validRows(geo, 2)[0]);
  const r1 = Math.max(r0, Math.min(validRows(geo, 0)[1], validRows(geo, 2)[1]));
  const c0 = Math.max(validRange(-padLeft, 1, width, outW)[0], validRange(2 * dw - padLeft, 1, width, outW)[0]);
  const c1 = Math.max(c0, Math.min(validRange(-padLeft, 1, width, outW)[1], validRange(2 * dw - padLeft, 1, width, outW)[1]));
  return [r0, r1, c0, c1];
}

/** Adds every output outside the interior [r0, r1) × [c0, c1) of a plane, tap by tap. */
function addBorder(
  x: TypedArray,
  xPlane: number,
  w: TypedArray,
  wOff: number,
  y: TypedArray,
  yPlane: number,
  geo: ConvGeometry,
  r0: number,
  r1: number,
  c0: number,
  c1: number,
): void {
  const { outH, outW } = geo;
  addTaps(x, xPlane, w, wOff, y, yPlane, geo, 0, r0, 0, outW);
  addTaps(x, xPlane, w, wOff, y, yPlane, geo, r1, outH, 0, outW);
  addTaps(x, xPlane, w, wOff, y, yPlane, geo, r0, r1, 0, c0);
  addTaps(x, xPlane, w, wOff, y, yPlane, geo, r0, r1, c1, outW);
}

/**
 * Forward: `y` (zeroed, [N, O, outH, outW]) += depthwise convolution of `x` with `w` [O, 1, kH, kW].
 * Returns true when it also added `bias` (the SIMD path fuses it), false when the caller still must.
 */
export function depthwiseForward(x: TypedArray, w: TypedArray, bias: TypedArray | null, y: TypedArray, geo: ConvGeometry): boolean {
  const { n, cIn, cOut, h, w: width, kh, kw, outH, outW } = geo;
  const mult = cOut / cIn;
  // float32 3×3 with column stride 1: WebAssembly SIMD, four outputs per step (depthwise-f32-simd.ts).
  const simd = kh === 3 && kw === 3 && geo.sw === 1 && x instanceof Float32Array && w instanceof Float32Array && y instanceof Float32Array;
  if (simd && depthwise3x3F32(x, w, bias, y, geo)) return true;
  for (let s = 0; s < n; s++) {
    for (let o = 0; o < cOut; o++) {
      const c = Math.floor(o / mult);
      convolvePlane(x, (s * cIn + c) * h * width, w, o * kh * kw, y, (s * cOut + o) * outH * outW, geo);
    }
  }
  return false;
}

/** Input gradient: `dx` (zeroed, [N, C, H, W]) += the adjoint of the forward applied to `gy`. */
export function depthwiseInputGrad(gy: TypedArray, w: TypedArray, dx: TypedArray, geo: ConvGeometry): void {
  const { n, cIn, cOut, h, w: width, kh, kw, sh, sw, padLeft, dh, dw, padTop, outH, outW } = geo;
  const mult = cOut / cIn;
  for (let s = 0; s < n; s++) {
    for (let o = 0; o < cOut; o++) {
      const xPlane = (s * cIn + Math.floor(o / mult)) * h * width;
      const yPlane = (s * cOut + o) * outH * outW;
      for (let i = 0; i < kh; i++) {
        const [rLo, rHi] = validRows(geo, i);
        const rowOff = i * dh - padTop;
        for (let j = 0; j < kw; j++) {
          const off = j * dw - padLeft;
          const [lo, hi] = validRange(off, sw, width, outW);
          if (lo >= hi) continue;
          const wv = w[(o * kh + i) * kw + j]!;
          for (let oh = rLo; oh < rHi; oh++) {
            const yr = yPlane + oh * outW;
            for (let ow = lo, d = xPlane + (oh * sh + rowOff) * width + lo * sw + off; ow < hi; ow++, d += sw) dx[d]! += wv * gy[yr + ow]!;
          }
        }
      }
    }
  }
}

/** Weight gradient: `dw` ([O, 1, kH, kW], overwritten) = Σ over samples and positions of `gy` times the tapped input. */
export function depthwiseWeightGrad(x: TypedArray, gy: TypedArray, dwOut: TypedArray, geo: ConvGeometry): void {
  const { n, cIn, cOut, h, w: width, kh, kw, sh, sw, padLeft, dh, dw, padTop, outH, outW } = geo;
  const mult = cOut / cIn;
  dwOut.fill(0, 0, cOut * kh * kw);
  for (let s = 0; s < n; s++) {
    for (let o = 0; o < cOut; o++) {
      const xPlane = (s * cIn + Math.floor(o / mult)) * h * width;
      const yPlane = (s * cOut + o) * outH * outW;
      for (let i = 0; i < kh; i++) {
        const [rLo, rHi] = validRows(geo, i);
        const rowOff = i * dh - padTop;
        for (let j = 0; j < kw; j++) {
          const off = j * dw - padLeft;
          const [lo, hi] = validRange(off, sw, width, outW);
          if (lo >= hi) continue;
          let acc = 0;
          for (let oh = rLo; oh < rHi; oh++) {
            const yr = yPlane + oh * outW;
            for (let ow = lo, src = xPlane + (oh * sh + rowOff) * width + lo * sw + off; ow < hi; ow++, src += sw)
              acc += gy[yr + ow]! * x[src]!;
          }
          dwOut[(o * kh + i) * kw + j]! += acc;
        }
      }
    }
  }
}
