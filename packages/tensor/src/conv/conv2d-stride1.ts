import type { TypedArray } from '../dtype.ts';
import { TensorError } from '../errors.ts';
import { filledBChunkCols, gemmF32Simd, gemmF32SimdFilledB } from '../kernels/gemm-f32-simd.ts';
import { selectGemm } from '../kernels/select-gemm.ts';
import type { ConvGeometry } from './conv-geometry.ts';
import { scratch } from './im2col.ts';

/*
 * Forward convolution with stride 1 on "wide rows" (no per-element im2col).
 *
 * The plain im2col writes every patch element with a JS store (≈ 2 ns each; for a 3×3 64→64 layer on
 * 32×32 that was a third of the forward time). With stride 1 there is a layout where each patch-matrix
 * row is (almost) one contiguous copy: index output position (oh, ow) as oh·R + ow, with R the row stride
 * of the source planes instead of outW. Tap (c, i, j) of the window at (oh, ow) reads source row
 * oh − padTop + i·dH, column ow − padLeft + j·dW, i.e. element start + oh·R + ow of the plane with
 * start = (i·dH − padTop)·R + j·dW − padLeft, so patch row κ for one sample is the run of L = outH·R plane
 * elements from `start`: one `TypedArray.set` (memcpy speed). The R − outW extra columns per output row
 * are garbage; the GEMM computes them too (≈ (R − outW)/outW more work) and the copy-out, which also adds
 * the bias, skips them. Elements the run takes from outside the window's valid area (rows above or below
 * the plane, columns that wrapped around from a neighbouring row) are zeroed afterwards: a few stores
 * per output row.
 *
 * Source planes: the input itself (R = W) when outW ≤ W, which covers 'same' padding (no garbage at all)
 * and 'valid'; otherwise (padding wider than the kernel reaches) copies of the planes padded with zeros
 * to outW + (kW − 1)·dW columns.
 */

/** Patch-matrix elements per chunk, as for im2col (2 MB of float32): keeps the GEMM's packing in cache. */
const CHUNK_ELEMENTS = 1 << 19;

/** Row stride of the source planes (see the file comment). */
function rowStride(geo: ConvGeometry): number {
  return geo.outW <= geo.w ? geo.w : geo.outW + (geo.kw - 1) * geo.dw;
}

/** Whether the wide-row forward applies: stride 1, float32 operands, and garbage columns under 50 %. */
export function useStride1Forward(geo: ConvGeometry, x: TypedArray, weight: TypedArray): boolean {
  if (geo.sh !== 1 || geo.sw !== 1 || !(x instanceof Float32Array) || !(weight instanceof Float32Array)) return false;
  return rowStride(geo) * 2 <= geo.outW * 3;
}

/**
 * How the forward cuts the batch: L wide positions per sample, whether patches go straight into the SIMD
 * GEMM's memory (when one chunk fits one fill, see gemmF32SimdFilledB), and samples per chunk.
 */
function chunking(geo: ConvGeometry): { l: number; simd: boolean; chunk: number } {
  const cog = geo.cOut / geo.groups;
  const k = (geo.cIn / geo.groups) * geo.kh * geo.kw;
  const l = geo.outH * rowStride(geo);
  const maxCols = filledBChunkCols(k);
  const simd = selectGemm('float32', 'float32', cog, Math.min(geo.n, 2) * l, k) === gemmF32Simd && l <= maxCols;
  let chunk = Math.max(1, Math.min(geo.n, Math.floor(CHUNK_ELEMENTS / (k * l))));
  if (simd) chunk = Math.min(chunk, Math.floor(maxCols / l));
  return { l, simd, chunk };
}

/** Columns of the forward's first GEMM product (one chunk of samples). */
export function stride1ChunkColumns(geo: ConvGeometry): number {
  const { l, chunk } = chunking(geo);
  return chunk * l;
}

/**
 * Writes the patch-matrix rows of channel c of one sample (all taps, row κ at `dst + κ·p`, L values each)
 * from the source plane `src[base …]` (`rows` × `r`, the window origin at (−padT, −padL)).
 */
function patchRows(
  src: Float32Array,
  base: number,
  rows: number,
  r: number,
  padT: number,
  padL: number,
  geo: ConvGeometry,
  cols: Float32Array,
  dst: number,
  p: number,
): void {
  const { kh, kw, dh, dw, outH, outW } = geo;
  const l = outH * r;
  const size = rows * r;
  for (let i = 0; i < kh; i++) {
    // Output rows [ohLo, ohHi) read a source row inside the plane for this i.
    const ohLo = Math.min(outH, Math.max(0, padT - i * dh));
    const ohHi = Math.max(ohLo, Math.min(outH, rows + padT - i * dh));
    for (let j = 0; j < kw; j++, dst += p) {
      const start = (i * dh - padT) * r + j * dw - padL;
      const lo = Math.min(l, Math.max(0, -start));
      const hi = Math.max(lo, Math.min(l, size - start));
      if (lo > 0) cols.fill(0, dst, dst + lo);
      cols.set(src.subarray(base + start + lo, base + start + hi), dst + lo);
      if (hi < l) cols.fill(0, dst + hi, dst + l);
      for (let oh = 0, d = dst; oh < ohLo; oh++, d += r) for (let e = d, end = d + outW; e < end; e++) cols[e] = 0;
      for (let oh = ohHi, d = dst + ohHi * r; oh < outH; oh++, d += r) for (let e = d, end = d + outW; e < end; e++) cols[e] = 0;
      // Columns whose source column is left of 0 or right of r − 1 wrapped into a neighbouring row.
      const cLo = Math.min(outW, Math.max(0, padL - j * dw));
      const cHi = Math.max(cLo, Math.min(outW, r + padL - j * dw));
      if (cLo > 0 || cHi < outW) {
        for (let oh = ohLo, d = dst + ohLo * r; oh < ohHi; oh++, d += r) {
          for (let e = d, end = d + cLo; e < end; e++) cols[e] = 0;
          for (let e = d + cHi, end = d + outW; e < end; e++) cols[e] = 0;
        }
      }
    }
  }
}

/**
 * `out` [N, O, outH, outW] = conv2d(x, weight) + bias for stride 1 (see the file comment); `out` is
 * overwritten. Same geometry and semantics as `conv2d`; groups are handled one at a time.
 */
export function conv2dStride1Forward(
  x: Float32Array,
  weight: Float32Array,
  bias: TypedArray | null,
  out: TypedArray,
  geo: ConvGeometry,
): void {
  const { n, cIn, h, w, cOut, kh, kw, padTop, padLeft, groups, outH, outW } = geo;
  const cg = cIn / groups;
  const cog = cOut / groups;
  const k = cg * kh * kw;
  const r = rowStride(geo);
  const direct = r === w;
  const hp = direct ? h : outH + (kh - 1) * geo.dh;
  const { l, simd, chunk } = chunking(geo);
  const xp = direct ? x : (scratch('float32', 3, cg * hp * r) as Float32Array);
  const tmp = scratch('float32', 1, cog * chunk * l);
  const outPlane = outH * outW;
  // Padded planes: padded row t holds input row t − padTop.
  const r0 = Math.max(0, padTop);
  const r1 = Math.min(hp, h + padTop);
  const c0 = Math.max(0, padLeft);
  const c1 = Math.min(r, w + padLeft);
  /** Patch matrix [K, samples·L] of group g for samples n0… into `cols` from `base`, row stride p. */
  const patches = (cols: Float32Array, base: number, n0: number, samples: number, g: number, p: number): void => {
    for (let s = 0; s < samples; s++) {
      for (let c = 0; c < cg; c++) {
        const src = ((n0 + s) * cIn + g * cg + c) * h * w;
        const dst = base + c * kh * kw * p + s * l;
        if (direct) {
          patchRows(x, src, h, w, padTop, padLeft, geo, cols, dst, p);
          continue;
        }
        xp.fill(0, c * hp * r, (c + 1) * hp * r);
        if (c1 > c0) {
          for (let t = r0; t < r1; t++) {
            const from = src + (t - padTop) * w + (c0 - padLeft);
            xp.set(x.subarray(from, from + (c1 - c0)), c * hp * r + t * r + c0);
          }
        }
        patchRows(xp, c * hp * r, hp, r, 0, 0, geo, cols, dst, p);
      }
    }
  };
  const cols = simd ? null : (scratch('float32', 0, chunk * l * k) as Float32Array);
  for (let n0 = 0; n0 < n; n0 += chunk) {
    const samples = Math.min(chunk, n - n0);
    const p = samples * l;
    for (let g = 0; g < groups; g++) {
      if (cols === null) {
        gemmF32SimdFilledB(
          cog,
          p,
          k,
          weight,
          g * cog * k,
          k,
          1,
          (heap, base, j0, nb) => {
            // p ≤ filledBChunkCols(k), so B arrives in one piece.
            if (j0 !== 0 || nb !== p) throw new TensorError('conv2d', `internal: patch columns ${j0}…${j0 + nb} of ${p} requested`);
            patches(heap, base, n0, samples, g, p);
          },
          tmp,
          0,
        );
      } else {
        patches(cols, 0, n0, samples, g, p);
        selectGemm('float32', 'float32', cog, p, k)(cog, p, k, weight, g * cog * k, k, 1, cols, 0, p, 1, tmp, 0);
      }
      // Copy out the valid columns, adding the bias.
      for (let o = 0; o < cog; o++) {
        const b = bias === null ? 0 : bias[g * cog + o]!;
        for (let s = 0; s < samples; s++) {
          let d = ((n0 + s) * cOut + g * cog + o) * outPlane;
          for (let oh = 0, src = o * p + s * l; oh < outH; oh++, src += r) {
            for (let e = src, end = src + outW; e < end; e++, d++) out[d] = tmp[e]! + b;
          }
        }
      }
    }
  }
}
