import { type DType, type TypedArray, allocate } from '../dtype.ts';
import type { ConvGeometry } from './conv-geometry.ts';

/*
 * Patch matrices of a 2-D convolution ("im2col"), one channel group and a run of samples at a time.
 *
 * `cols` is [K, P]: row κ = (c·kH + i)·kW + j (the order of a weight row [C/groups, kH, kW]) holds,
 * for every output position p = (sample − n0)·outH·outW + oh·outW + ow, the input element that tap
 * (c, i, j) of the window at p reads, or 0 in the padding. Rows run along output columns, so for each
 * (tap, output row) the valid part is one strided run of an input row: no per-element bounds checks.
 * The convolution is then one GEMM against the weight, and its input gradient a GEMM followed by
 * `col2im`, which adds each patch value back where it was read (overlapping windows sum).
 */

/** The output columns [lo, hi) whose tap at kernel column offset `off` (= j·dW − padLeft) lands inside a row of width `w`. */
function validColumns(off: number, sw: number, w: number, outW: number): [number, number] {
  const lo = off >= 0 ? 0 : Math.min(outW, Math.ceil(-off / sw));
  const hi = w - 1 - off < 0 ? 0 : Math.min(outW, Math.floor((w - 1 - off) / sw) + 1);
  return [lo, Math.max(lo, hi)];
}

/** Fills `cols` ([K, P] with P = samples·outH·outW, row-major) for samples n0 ≤ n < n0 + samples and channel group `g`. */
export function im2col(x: TypedArray, geo: ConvGeometry, n0: number, samples: number, g: number, cols: TypedArray): void {
  const { cIn, h, w, kh, kw, sh, sw, padTop, padLeft, dh, dw, groups, outH, outW } = geo;
  const cg = cIn / groups;
  const plane = h * w;
  const outPlane = outH * outW;
  const p = samples * outPlane;
  for (let c = 0; c < cg; c++) {
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const off = j * dw - padLeft;
        const [lo, hi] = validColumns(off, sw, w, outW);
        const row = ((c * kh + i) * kw + j) * p;
        for (let s = 0; s < samples; s++) {
          const xPlane = ((n0 + s) * cIn + g * cg + c) * plane;
          for (let oh = 0, d = row + s * outPlane; oh < outH; oh++, d += outW) {
            const ih = oh * sh - padTop + i * dh;
            // Plain loops, not fill(): a builtin call costs more than writing the few zeros of a row edge.
            if (ih < 0 || ih >= h) {
              for (let e = d, end = d + outW; e < end; e++) cols[e] = 0;
              continue;
            }
            for (let e = d, end = d + lo; e < end; e++) cols[e] = 0;
            for (let e = d + lo, end = d + hi, src = xPlane + ih * w + lo * sw + off; e < end; e++, src += sw) cols[e] = x[src]!;
            for (let e = d + hi, end = d + outW; e < end; e++) cols[e] = 0;
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
  const outPlane = outH * outW;
  const p = samples * outPlane;
  for (let c = 0; c < cg; c++) {
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const off = j * dw - padLeft;
        const [lo, hi] = validColumns(off, sw, w, outW);
        const row = ((c * kh + i) * kw + j) * p;
        for (let s = 0; s < samples; s++) {
          const xPlane = ((n0 + s) * cIn + g * cg + c) * plane;
          for (let oh = 0, d = row + s * outPlane; oh < outH; oh++, d += outW) {
            const ih = oh * sh - padTop + i * dh;
            if (ih < 0 || ih >= h) continue;
            for (let ow = lo, dst = xPlane + ih * w + lo * sw + off; ow < hi; ow++, dst += sw) dx[dst]! += cols[d + ow]!;
          }
        }
      }
    }
  }
}

/**
 * Patch-matrix elements per chunk (512 Ki: 2 MB in float32), which bounds the scratch memory of a
 * convolution. Small enough that the GEMM's copy and packing of the chunk read it from cache right after
 * im2col wrote it: measured in CPU time, 5–15 % faster per convolution than 16 MB chunks.
 */
const CHUNK_ELEMENTS = 1 << 19;

/** How many samples' patch columns fit in one chunk (at least one). */
export function samplesPerChunk(geo: ConvGeometry): number {
  const perSample = geo.outH * geo.outW * (geo.cIn / geo.groups) * geo.kh * geo.kw;
  return Math.max(1, Math.min(geo.n, Math.floor(CHUNK_ELEMENTS / Math.max(1, perSample))));
}

/*
 * Scratch buffers reused across calls (grow-only, one set per dtype): a training step convolves
 * dozens of times, and fresh 16 MB patch matrices each time kept the garbage collector busy (15 % of a
 * MNIST-CNN step). Kernels never call each other while holding a slot, and results never alias one.
 */
const pools: Record<DType, TypedArray[]> = { float32: [], float64: [] };

/** Scratch slot `slot` of `dtype` with at least `size` elements (contents undefined). */
export function scratch(dtype: DType, slot: number, size: number): TypedArray {
  const pool = pools[dtype];
  const have = pool[slot];
  if (have !== undefined && have.length >= size) return have;
  const fresh = allocate(dtype, size);
  pool[slot] = fresh;
  return fresh;
}
