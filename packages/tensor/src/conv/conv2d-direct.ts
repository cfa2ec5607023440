import type { TypedArray } from '../dtype.ts';
import { CONV_DIRECT_F32_FMA_WASM_BASE64, CONV_DIRECT_F32_WASM_BASE64 } from '../kernels/conv-direct-f32-wasm-bytes.ts';
import { type GemmKernelVariant, decodeBase64 } from '../kernels/gemm-f32-modules.ts';
import { gemmKernelVariant } from '../kernels/gemm-f32-simd.ts';
import type { ConvGeometry } from './conv-geometry.ts';

/*
 * JS side of the direct float32 convolution (kernels/conv-direct-f32.wat): the im2col GEMM's product with
 * the patch matrix read in place from the input planes through two offset tables, so nothing is built per
 * patch element and no GEMM padding columns are computed. Per chunk of samples: copy the input in (one
 * memcpy; planes re-laid inside zero-padded planes by the module when the convolution pads), run the kernel
 * once per channel group, copy the output out (one memcpy when each plane's size is a multiple of 4).
 * The weights, the tables and the bias are laid out once per call.
 */

/** WebAssembly page size in bytes. */
const PAGE = 65536;
/** Floats of input and output per chunk of samples (1 MB): the chunk stays in L2 between its copy-in and the kernel. */
const CHUNK_FLOATS = 1 << 18;

type Conv = (
  x: number,
  xs: number,
  samples: number,
  pix: number,
  pp: number,
  tap: number,
  k: number,
  w: number,
  bias: number,
  cog: number,
  y: number,
  ys: number,
  acc: number,
) => void;
type PadPlanes = (src: number, dst: number, planes: number, rows: number, len: number, drs: number, dps: number) => void;

interface Kernel {
  memory: WebAssembly.Memory;
  conv: Conv;
  padPlanes: PadPlanes;
}

let kernel: Kernel | null | undefined;
let loadedVariant: GemmKernelVariant | null = null;
let heap = new Float32Array(0);
let heapI32 = new Int32Array(0);

function load(): Kernel | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  // The build whose rounding matches the GEMM's (conv-direct-f32.wat), so either path gives the same bits.
  const variant = gemmKernelVariant();
  if (variant === null) return null;
  try {
    const bytes = variant === 'fma' ? CONV_DIRECT_F32_FMA_WASM_BASE64 : CONV_DIRECT_F32_WASM_BASE64;
    const exports = new WebAssembly.Instance(new WebAssembly.Module(decodeBase64(bytes)), {}).exports;
    kernel = { memory: exports.memory as WebAssembly.Memory, conv: exports.conv as Conv, padPlanes: exports.pad_planes as PadPlanes };
    loadedVariant = variant;
  } catch {
    kernel = null;
  }
  return kernel;
}

/** Floats rounded up to a multiple of 4 (16-byte alignment of each part of the layout). */
function align(floats: number): number {
  return Math.ceil(floats / 4) * 4;
}

/** Which build of the direct kernel runs (the GEMM's: see `gemmKernelVariant`), or null when it cannot run. */
export function directConvVariant(): GemmKernelVariant | null {
  return load() === null ? null : loadedVariant;
}

/** Whether the direct kernel can run here (WebAssembly SIMD available and the module instantiated). */
export function directConvAvailable(): boolean {
  return load() !== null;
}

/**
 * Float32 `y` [N, O, outH, outW] = conv2d(x, w) + bias on the direct WebAssembly kernel, for any stride,
 * padding, dilation and groups (`y` overwritten). Returns false, having done nothing, when WebAssembly SIMD
 * is unavailable. The results are bit for bit those of the im2col GEMM (`conv2d`'s other paths): the same
 * float32 operations in the same order (see kernels/conv-direct-f32.wat).
 */
export function conv2dDirectF32(x: Float32Array, w: Float32Array, bias: TypedArray | null, y: Float32Array, geo: ConvGeometry): boolean {
  const kern = load();
  if (kern === null) return false;
  const { n, cIn, h, w: width, cOut, kh, kw, sh, sw, dh, dw, padTop, padLeft, groups, outH, outW } = geo;
  const cg = cIn / groups;
  const cog = cOut / groups;
  const k = cg * kh * kw;
  const blocks = Math.ceil(cog / 8);
  // Padded planes: the input at (padTop, padLeft), zeros around, as far as any window reaches.
  const hp = Math.max(padTop + h, (outH - 1) * sh + (kh - 1) * dh + 1);
  const wp = Math.max(padLeft + width, (outW - 1) * sw + (kw - 1) * dw + 1);
  const padded = hp !== h || wp !== width;
  const plane = outH * outW;
  const pp = align(plane);
  const inSample = cIn * h * width;
  const xSample = cIn * hp * wp;
  const ySample = cOut * pp;
  const chunk = Math.max(1, Math.min(n, Math.floor(CHUNK_FLOATS / (xSample + ySample + (padded ? inSample : 0)))));
  // Layout in floats: [acc 32 | tap k | pix pp | bias | weights | raw input chunk (padded only) | x chunk | y chunk].
  const tapBase = 32;
  const pixBase = tapBase + align(k);
  const biasBase = pixBase + pp;
  const wBase = biasBase + groups * blocks * 8;
  const rawBase = wBase + groups * blocks * 8 * k;
  const xBase = rawBase + (padded ? align(chunk * inSample) : 0);
  const yBase = xBase + align(chunk * xSample);
  const total = yBase + chunk * ySample;
  const have = kern.memory.buffer.byteLength;
  if (total * 4 > have) kern.memory.grow(Math.ceil((total * 4 - have) / PAGE));
  if (heap.buffer !== kern.memory.buffer) {
    heap = new Float32Array(kern.memory.buffer);
    heapI32 = new Int32Array(kern.memory.buffer);
  }
  const mem = heap;
  const memI = heapI32;
  // Byte offset of tap (c, i, j) inside a window, and of output pixel (oh, ow)'s window in its plane.
  for (let c = 0, t = tapBase; c < cg; c++) {
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++, t++) memI[t] = 4 * ((c * hp + i * dh) * wp + j * dw);
    }
  }
  for (let oh = 0, t = pixBase; oh < outH; oh++) {
    for (let ow = 0; ow < outW; ow++, t++) memI[t] = 4 * (oh * sh * wp + ow * sw);
  }
  // Pixels past the plane repeat pixel 0: valid reads, outputs dropped.
  memI.fill(0, pixBase + plane, pixBase + pp);
  // Weights in blocks of 8 channels, tap-major, zeros past the group's last channel; bias likewise.
  mem.fill(0, biasBase, rawBase);
  for (let g = 0; g < groups; g++) {
    for (let o = 0; o < cog; o++) {
      const blockBase = wBase + (g * blocks + (o >> 3)) * 8 * k + (o & 7);
      const src = (g * cog + o) * k;
      for (let t = 0; t < k; t++) mem[blockBase + 8 * t] = w[src + t]!;
      if (bias !== null) mem[biasBase + (g * blocks + (o >> 3)) * 8 + (o & 7)] = bias[g * cog + o]!;
    }
  }
  if (padded) mem.fill(0, xBase, yBase);
  for (let n0 = 0; n0 < n; n0 += chunk) {
    const samples = Math.min(chunk, n - n0);
    if (padded) {
      mem.set(x.subarray(n0 * inSample, (n0 + samples) * inSample), rawBase);
      const first = xBase + padTop * wp + padLeft;
      kern.padPlanes(4 * rawBase, 4 * first, samples * cIn, h, 4 * width, 4 * wp, 4 * hp * wp);
    } else {
      mem.set(x.subarray(n0 * inSample, (n0 + samples) * inSample), xBase);
    }
    for (let g = 0; g < groups; g++) {
      kern.conv(
        4 * (xBase + g * cg * hp * wp),
        4 * xSample,
        samples,
        4 * pixBase,
        pp,
        4 * tapBase,
        k,
        4 * (wBase + g * blocks * 8 * k),
        4 * (biasBase + g * blocks * 8),
        cog,
        4 * (yBase + g * cog * pp),
        4 * ySample,
        0,
      );
    }
    if (pp === plane) {
      y.set(mem.subarray(yBase, yBase + samples * ySample), n0 * cOut * plane);
    } else {
      for (let q = 0, src = yBase, dst = n0 * cOut * plane; q < samples * cOut; q++, src += pp, dst += plane) {
        y.set(mem.subarray(src, src + plane), dst);
      }
    }
  }
  return true;
}
