import {
  GEMM_F32_FMA_SHARED_WASM_BASE64,
  GEMM_F32_FMA_WASM_BASE64,
  GEMM_F32_SHARED_WASM_BASE64,
  GEMM_F32_WASM_BASE64,
} from './gemm-f32-wasm-bytes.ts';

/*
 * The four builds of gemm-f32.wat (scripts/wasm-variants.ts) and the run-time choice between them: the
 * relaxed-SIMD FMA build wherever the engine validates it, else the core-SIMD one; each with its own memory
 * (one thread) or on a shared imported memory (the worker pool).
 */

/** `'fma'`: the k loop uses `f32x4.relaxed_madd`; `'core'`: `f32x4.mul` then `f32x4.add`. */
export type GemmKernelVariant = 'fma' | 'core';

/** An instantiated kernel and a float32 view of its memory (replaced whenever the memory grows). */
export interface WasmGemm {
  memory: WebAssembly.Memory;
  /** C = A·B on packed operands (see gemm-f32.wat); pointers and the row stride `ldc` in bytes. */
  gemm: (mp: number, np: number, k: number, aPtr: number, bPtr: number, cPtr: number, ldc: number) => void;
  pack: (src: number, rs: number, cs: number, rows: number, k: number, dst: number, w: number) => void;
  heap: Float32Array;
  /** The compiled module (kept for the shared build: workers instantiate it on the same memory). */
  module?: WebAssembly.Module;
}

/** Decodes base64 with `atob` (Node ≥ 16 and browsers) so this file needs no `Buffer`. */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

let fma: boolean | null = null;

/**
 * Whether the engine validates relaxed SIMD — probed with the FMA build itself, so the answer is exactly
 * "this module would compile". Checked once.
 */
function fmaAvailable(): boolean {
  if (fma === null) {
    try {
      fma = typeof WebAssembly === 'object' && WebAssembly.validate(decodeBase64(GEMM_F32_FMA_WASM_BASE64));
    } catch {
      fma = false;
    }
  }
  return fma;
}

/** The base64 bytes of the build to run, unshared or on a shared memory, and which variant it is. */
export function gemmModuleBytes(shared: boolean): { bytes: string; variant: GemmKernelVariant } {
  const variant: GemmKernelVariant = fmaAvailable() ? 'fma' : 'core';
  if (variant === 'fma') return { bytes: shared ? GEMM_F32_FMA_SHARED_WASM_BASE64 : GEMM_F32_FMA_WASM_BASE64, variant };
  return { bytes: shared ? GEMM_F32_SHARED_WASM_BASE64 : GEMM_F32_WASM_BASE64, variant };
}
