import type { TypedArray } from '../dtype.ts';
import { selectGemm } from '../kernels/select-gemm.ts';
import type { ConvGeometry } from './conv-geometry.ts';
import { scratch } from './im2col.ts';

/*
 * Forward convolution with stride 1 on "wide rows" (no per-element im2col).
 *
 * The plain im2col writes every patch element with a JS store (≈ 2 ns each; for a 3×3 64→64 layer on
 * 32×32 that was a third of the forward time). With stride 1 there is a layout where each patch-matrix
 * row is one contiguous copy: pad every input plane once into `xp` (Hp × Wp, zeros around), and index the
 * output positions with the padded row stride Wp instead of outW. Then tap (c, i, j) of the window at
 * (oh, ow) reads xp[c, oh + i·dH, ow + j·dW] = xp_c[(i·dH·Wp + j·dW) + (oh·Wp + ow)], so row κ of the
 * patch matrix for one sample is the run of L = outH·Wp values of xp_c starting at i·dH·Wp + j·dW: one
 * `TypedArray.set` (memcpy speed). The Wp − outW extra columns per output row are garbage (they wrap to
 * the next padded row); the GEMM computes them too (≈ (Wp − outW)/outW more work) and the copy-out, which
 * also adds the bias, skips them. Reads of the last garbage columns may run (kW − 1)·dW past a plane's
 * end, so every padded plane is followed by that slack (zeros) in `xp`.
 */

/** Patch-matrix elements per chunk, as for im2col (2 MB of float32): keeps the GEMM's packing in cache. */
const CHUNK_ELEMENTS = 1 << 19;

/** Whether the wide-row forward applies: stride 1, float32 operands, and garbage columns under 50 %. */
export function useStride1Forward(geo: ConvGeometry, x: TypedArray, weight: TypedArray): boolean {
  if (geo.sh !== 1 || geo.sw !== 1 || !(x instanceof Float32Array) || !(weight instanceof Float32Array)) return false;
  const wp = geo.outW + (geo.kw - 1) * geo.dw;
  return wp * 2 <= geo.outW * 3;
}

/**
 * `out` [N, O, outH, outW] = conv2d(x, weight) + bias for stride 1 (see the file comment); `out` is
 * overwritten. Same geometry and semantics as `conv2d`; groups are handled one at a time.
 */
export function conv2dStride1Forward(x: TypedArray, weight: TypedArray, bias: TypedArray | null, out: TypedArray, geo: ConvGeometry): void {
  const { n, cIn, h, w, cOut, kh, kw, padTop, padLeft, dh, dw, groups, outH, outW } = geo;
  const cg = cIn / groups;
  const cog = cOut / groups;
  const k = cg * kh * kw;
  const hp = outH + (kh - 1) * dh;
  const wp = outW + (kw - 1) * dw;
  const slack = (kw - 1) * dw;
  const planeP = hp * wp + slack;
  const l = outH * wp;
  const chunk = Math.max(1, Math.min(n, Math.floor(CHUNK_ELEMENTS / (k * l))));
  const xp = scratch('float32', 3, chunk * cg * planeP);
  const cols = scratch('float32', 0, chunk * l * k);
  const tmp = scratch('float32', 1, cog * chunk * l);
  const outPlane = outH * outW;
  // Input rows that land inside the padded plane: padded row r holds input row r − padTop.
  const r0 = Math.max(0, padTop);
  const r1 = Math.min(hp, h + padTop);
  const c0 = Math.max(0, padLeft);
  const c1 = Math.min(wp, w + padLeft);
  for (let n0 = 0; n0 < n; n0 += chunk) {
    const samples = Math.min(chunk, n - n0);
    const p = samples * l;
    for (let g = 0; g < groups; g++) {
      // Pad: zeros, then the visible part of each input row (one copy per row).
      xp.fill(0, 0, samples * cg * planeP);
      for (let s = 0; s < samples; s++) {
        for (let c = 0; c < cg; c++) {
          const src = ((n0 + s) * cIn + g * cg + c) * h * w;
          const dst = (s * cg + c) * planeP;
          if (c1 <= c0) continue;
          for (let r = r0; r < r1; r++) {
            const from = src + (r - padTop) * w + (c0 - padLeft);
            xp.set(x.subarray(from, from + (c1 - c0)), dst + r * wp + c0);
          }
        }
      }
      // Patch matrix [K, samples·L]: one copy per (tap, sample).
      for (let c = 0; c < cg; c++) {
        for (let i = 0; i < kh; i++) {
          for (let j = 0; j < kw; j++) {
            const row = ((c * kh + i) * kw + j) * p;
            const shift = i * dh * wp + j * dw;
            for (let s = 0; s < samples; s++) {
              const from = (s * cg + c) * planeP + shift;
              cols.set(xp.subarray(from, from + l), row + s * l);
            }
          }
        }
      }
      selectGemm('float32', 'float32', cog, p, k)(cog, p, k, weight, g * cog * k, k, 1, cols, 0, p, 1, tmp, 0);
      // Copy out the valid columns, adding the bias.
      for (let o = 0; o < cog; o++) {
        const b = bias === null ? 0 : bias[g * cog + o]!;
        for (let s = 0; s < samples; s++) {
          let d = ((n0 + s) * cOut + g * cog + o) * outPlane;
          for (let oh = 0, src = o * p + s * l; oh < outH; oh++, src += wp) {
            for (let e = src, end = src + outW; e < end; e++, d++) out[d] = tmp[e]! + b;
          }
        }
      }
    }
  }
}
