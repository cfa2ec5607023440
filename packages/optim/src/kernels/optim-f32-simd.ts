// A type-only import: adam-kernels.ts imports this file for its values, this file only its type.
import type { AdamF32Constants } from '../adam-kernels.ts';
import { OPTIM_F32_WASM_BASE64 } from './optim-f32-wasm-bytes.ts';

/*
 * JS side of the WebAssembly SIMD float32 optimizer updates (optim-f32.wat): the float32 parameter, gradient
 * and state are streamed through the module's memory in chunks (copied in with `TypedArray.set`, updated in
 * place two elements per f64x2 operation, copied back), with results bit-identical to the JS loops, which
 * remain the fallback where WebAssembly SIMD is missing or forbidden.
 */

/** Floats per array chunk: four 64 KB slots stay in L2. */
const CHUNK = 16384;
/** WebAssembly page size in bytes. */
const PAGE = 65536;
/** The smallest module using a v128 instruction: `(func (result v128) (i8x16.splat (i32.const 0)))`. */
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x08, 0x01, 0x06,
  0x00, 0x41, 0x00, 0xfd, 0x0f, 0x0b,
]);

interface Kernels {
  sgd: (p: number, g: number, n: number, sign: number, wd: number, lr: number) => void;
  adam: (
    p: number,
    g: number,
    m: number,
    v: number,
    n: number,
    sign: number,
    l2: number,
    decay: number,
    b2: number,
    c1: number,
    c2: number,
    negStep: number,
    bc2: number,
    eps: number,
  ) => void;
  nonfinite: (x: number, n: number) => number;
  heap: Float32Array;
}

let kernels: Kernels | null | undefined;

function load(): Kernels | null {
  if (kernels !== undefined) return kernels;
  kernels = null;
  try {
    if (typeof WebAssembly !== 'object' || !WebAssembly.validate(SIMD_PROBE)) return null;
    const binary = atob(OPTIM_F32_WASM_BASE64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    const e = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as Record<string, unknown>;
    const memory = e.memory as WebAssembly.Memory;
    // Grown once to four slots; the buffer never changes afterwards, so the view stays valid.
    const need = 4 * CHUNK * 4;
    if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / PAGE));
    kernels = {
      sgd: e.sgd as Kernels['sgd'],
      adam: e.adam as Kernels['adam'],
      nonfinite: e.nonfinite as Kernels['nonfinite'],
      heap: new Float32Array(memory.buffer),
    };
  } catch {
    kernels = null; // e.g. a Content-Security-Policy forbidding WebAssembly compilation
  }
  return kernels;
}

/** Whether the SIMD optimizer kernels run in this engine. */
export function optimSimdAvailable(): boolean {
  return load() !== null;
}

/**
 * Plain SGD in place, θ ← θ − lr·(sign·∇ + wd·θ), on float32 arrays of equal length: `sgdPlain`'s results bit
 * for bit. Returns false (doing nothing) when the kernels are unavailable.
 */
export function sgdF32Simd(p: Float32Array, grad: Float32Array, sign: number, wd: number, lr: number): boolean {
  const k = load();
  if (k === null) return false;
  const heap = k.heap;
  const n = p.length;
  for (let start = 0; start < n; start += CHUNK) {
    const len = Math.min(CHUNK, n - start);
    heap.set(p.subarray(start, start + len), 0);
    heap.set(grad.subarray(start, start + len), CHUNK);
    k.sgd(0, CHUNK * 4, len, sign, wd, lr);
    p.set(heap.subarray(0, len), start);
  }
  return true;
}

/**
 * One Adam/AdamW update in place on float32 θ, ∇, m, v of equal length, in float32 arithmetic with the
 * constants of `float32Constants`: `adamF32`'s results bit for bit, four elements at a time. Returns false when the
 * kernels are unavailable.
 */
export function adamF32Simd(p: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, c: AdamF32Constants): boolean {
  const k = load();
  if (k === null) return false;
  const heap = k.heap;
  const n = p.length;
  const G = CHUNK;
  const M = 2 * CHUNK;
  const V = 3 * CHUNK;
  for (let start = 0; start < n; start += CHUNK) {
    const len = Math.min(CHUNK, n - start);
    const end = start + len;
    heap.set(p.subarray(start, end), 0);
    heap.set(grad.subarray(start, end), G);
    heap.set(m.subarray(start, end), M);
    heap.set(v.subarray(start, end), V);
    k.adam(0, G * 4, M * 4, V * 4, len, c.sign, c.l2, c.decay, c.beta2, c.c1, c.c2, c.negStep, c.bc2, c.eps);
    p.set(heap.subarray(0, len), start);
    m.set(heap.subarray(M, M + len), start);
    v.set(heap.subarray(V, V + len), start);
  }
  return true;
}

/**
 * Whether a float32 array holds a NaN or ±Infinity (true) or only finite values (false); null when the kernels
 * are unavailable. Each chunk is copied into WASM memory, its tail padded with zeros to whole vectors, and summed
 * as x·0 four lanes at a time.
 */
export function hasNonFiniteF32Simd(x: Float32Array): boolean | null {
  const k = load();
  if (k === null) return null;
  const heap = k.heap;
  const n = x.length;
  for (let start = 0; start < n; start += CHUNK) {
    const len = Math.min(CHUNK, n - start);
    heap.set(x.subarray(start, start + len), 0);
    const padded = (len + 3) & ~3;
    heap.fill(0, len, padded);
    if (k.nonfinite(0, padded) !== 0) return true;
  }
  return false;
}
