import type { TypedArray } from '../dtype.ts';
import type { ConvGeometry } from './conv-geometry.ts';

/*
 * Patch matrices of a 2-D convolution ("im2col"), one group and a run of samples at a time.
 *
 * Row r = (sample − n0)·outH·outW + oh·outW + ow holds the receptive field of output position (oh, ow):
 * K = (C/groups)·kH·kW values ordered (channel, kernel row, kernel column) — the order of a weight row
 * [C/groups, kH, kW] — with zeros where the window hangs over the padding. The convolution is then one
 * GEMM against the weight, and its input gradient a GEMM followed by `col2im`, which adds each patch
 * value back where it was read (overlapping windows sum).
 */

/** Fills `cols` ([samples·outH·outW, K], row-major) for samples n0 ≤ n < n0 + samples and channel group `g`. */
export function im2col(x: TypedArray, geo: ConvGeometry, n0: number, samples: number, g: number, cols: TypedArray): void {
  const { cIn, h, w, kh, kw, sh, sw, padTop, padLeft, dh, dw, groups, outH, outW } = geo;
  const cg = cIn / groups;
  const plane = h * w;
  let r = 0;
  for (let s = 0; s < samples; s++) {
    const xBase = ((n0 + s) * cIn + g * cg) * plane;
    for (let oh = 0; oh < outH; oh++) {
      const ih0 = oh * sh - padTop;
      for (let ow = 0; ow < outW; ow++) {
        const iw0 = ow * sw - padLeft;
        for (let c = 0; c < cg; c++) {
          const cBase = xBase + c * plane;
          for (let i = 0; i < kh; i++) {
            const ih = ih0 + i * dh;
            if (ih < 0 || ih >= h) {
              cols.fill(0, r, r + kw);
              r += kw;
              continue;
            }
            const rowBase = cBase + ih * w;
            for (let j = 0, iw = iw0; j < kw; j++, iw += dw) cols[r++] = iw >= 0 && iw < w ? x[rowBase + iw]! : 0;
          }
        }
      }
    }
  }
}

/** The adjoint of `im2col`: adds every entry of `cols` into `dx` at the input element it was read from. */
export function col2im(cols: TypedArray, geo: ConvGeometry, n0: number, samples: number, g: number, dx: TypedArray): void {
  const { cIn, h, w, kh, kw, sh, sw, padTop, padLeft, dh, dw, groups, outH, outW } = geo;
  const cg = cIn / groups;
  const plane = h * w;
  let r = 0;
  for (let s = 0; s < samples; s++) {
    const xBase = ((n0 + s) * cIn + g * cg) * plane;
    for (let oh = 0; oh < outH; oh++) {
      const ih0 = oh * sh - padTop;
      for (let ow = 0; ow < outW; ow++) {
        const iw0 = ow * sw - padLeft;
        for (let c = 0; c < cg; c++) {
          const cBase = xBase + c * plane;
          for (let i = 0; i < kh; i++) {
            const ih = ih0 + i * dh;
            if (ih < 0 || ih >= h) {
              r += kw;
              continue;
            }
            const rowBase = cBase + ih * w;
            for (let j = 0, iw = iw0; j < kw; j++, iw += dw, r++) if (iw >= 0 && iw < w) dx[rowBase + iw]! += cols[r]!;
          }
        }
      }
    }
  }
}

/** Patch-matrix elements per chunk (4 Mi: 16 MB in float32), which bounds the scratch memory of a convolution. */
const CHUNK_ELEMENTS = 1 << 22;

/** How many samples' patch rows fit in one chunk (at least one). */
export function samplesPerChunk(geo: ConvGeometry): number {
  const rowsPerSample = geo.outH * geo.outW;
  const k = (geo.cIn / geo.groups) * geo.kh * geo.kw;
  return Math.max(1, Math.min(geo.n, Math.floor(CHUNK_ELEMENTS / Math.max(1, rowsPerSample * k))));
}
