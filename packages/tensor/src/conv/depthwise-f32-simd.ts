import { DEPTHWISE_F32_WASM_BASE64 } from '../kernels/depthwise-f32-wasm-bytes.ts';
import { wasmSimdAvailable } from '../kernels/gemm-f32-simd.ts';
import type { ConvGeometry } from './conv-geometry.ts';
import { decodeBase64 } from '../kernels/gemm-f32-modules.ts';

/*
 * JS side of the WebAssembly SIMD 3×3 depthwise kernel (kernels/depthwise-f32.wat). Per plane: copy the
 * input plane and its nine weights into the module's memory (`TypedArray.set`, a memcpy), re-lay the
 * plane's rows inside a zero-padded plane (`pad_rows`, wasm memory.copy), so that every output — border
 * included — has its nine taps inside; run `dw3x3` over the whole output plane, four outputs per step;
 * copy the plane out. The padding frame is zeroed once per call and never written after.
 */

/** WebAssembly page size in bytes. */
const PAGE = 65536;

type Dw3x3 = (
  x: number,
  y: number,
  w: number,
  rows: number,
  cols: number,
  xrs: number,
  yrs: number,
  tdh: number,
  tdw: number,
  bias: number,
) => void;
type PadRows = (src: number, dst: number, rows: number, len: number, drs: number) => void;

interface Kernel {
  memory: WebAssembly.Memory;
  dw3x3: Dw3x3;
  padRows: PadRows;
}

let kernel: Kernel | null | undefined;
let heap = new Float32Array(0);

function load(): Kernel | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  if (!wasmSimdAvailable()) return null;
  try {
    const exports = new WebAssembly.Instance(new WebAssembly.Module(decodeBase64(DEPTHWISE_F32_WASM_BASE64)), {}).exports;
    kernel = { memory: exports.memory as WebAssembly.Memory, dw3x3: exports.dw3x3 as Dw3x3, padRows: exports.pad_rows as PadRows };
  } catch {
    kernel = null;
  }
  return kernel;
}

/** Floats rounded up to a multiple of 4 (16-byte alignment of each part of the layout). */
function align(floats: number): number {
  return Math.ceil(floats / 4) * 4;
}

/**
 * Float32 3×3 depthwise forward with column stride 1 on WebAssembly SIMD: `y` [N, O, outH, outW]
 * (overwritten) from `x` [N, C, H, W], `w` [O, 1, 3, 3] and `bias` [O] (or null), any row stride,
 * padding and dilation. Returns false (and does nothing) when WebAssembly SIMD is unavailable.
 */
export function depthwise3x3F32(
  x: Float32Array,
  w: Float32Array,
  bias: ArrayLike<number> | null,
  y: Float32Array,
  geo: ConvGeometry,
): boolean {
  const kern = load();
  if (kern === null) return false;
  const { n, cIn, cOut, h, w: width, sh, dh, dw, padTop, padLeft, outH, outW } = geo;
  // The padded plane: enough zero rows and columns after the input for the last output's taps.
  const hp = Math.max(padTop + h, (outH - 1) * sh + 2 * dh + 1);
  const wp = Math.max(padLeft + width, outW - 1 + 2 * dw + 1);
  const inPlane = h * width;
  const outPlane = outH * outW;
  // Layout in floats: [weights 16 | input plane as copied | padded plane | output plane].
  const rawBase = 16;
  const padBase = rawBase + align(inPlane);
  const yBase = padBase + align(hp * wp);
  const total = yBase + align(outPlane);
  const have = kern.memory.buffer.byteLength;
  if (total * 4 > have) kern.memory.grow(Math.ceil((total * 4 - have) / PAGE));
  if (heap.buffer !== kern.memory.buffer) heap = new Float32Array(kern.memory.buffer);
  const mem = heap;
  mem.fill(0, padBase, yBase);
  const mult = cOut / cIn;
  const dst = 4 * (padBase + padTop * wp + padLeft);
  for (let s = 0; s < n; s++) {
    for (let o = 0; o < cOut; o++) {
      // Consecutive outputs of one input channel (mult > 1) reuse the padded plane already in place.
      if (o % mult === 0) {
        const xPlane = (s * cIn + o / mult) * inPlane;
        mem.set(x.subarray(xPlane, xPlane + inPlane), rawBase);
        kern.padRows(4 * rawBase, dst, h, 4 * width, 4 * wp);
      }
      mem.set(w.subarray(o * 9, o * 9 + 9), 0);
      kern.dw3x3(4 * padBase, 4 * yBase, 0, outH, outW, 4 * sh * wp, 4 * outW, 4 * dh * wp, 4 * dw, bias === null ? 0 : bias[o]!);
      y.set(mem.subarray(yBase, yBase + outPlane), (s * cOut + o) * outPlane);
    }
  }
  return true;
}
