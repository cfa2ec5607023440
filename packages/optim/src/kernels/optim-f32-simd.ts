// A type-only import: adam-kernels.ts imports this file for its values, this file only its type.
import type { AdamF32Constants } from '../adam-kernels.ts';
import { type ThreadKernel, createThreadKernel, getNumThreads, runThreadKernel } from '@seedling-ml/tensor';
import { OPTIM_F32_SHARED_WASM_BASE64, OPTIM_F32_WASM_BASE64 } from './optim-f32-wasm-bytes.ts';

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

/** The float32 constants the `adam` and `amsgrad` exports take after their pointers, in the .wat's order. */
type AdamScalars = [sign: number, l2: number, decay: number, b2: number, c1: number, c2: number, negStep: number, bc2: number, eps: number];

function adamScalars(c: AdamF32Constants): AdamScalars {
  return [c.sign, c.l2, c.decay, c.beta2, c.c1, c.c2, c.negStep, c.bc2, c.eps];
}

interface Kernels {
  sgd: (p: number, g: number, n: number, sign: number, wd: number, lr: number) => void;
  adam: (p: number, g: number, m: number, v: number, n: number, ...c: AdamScalars) => void;
  amsgrad: (p: number, g: number, m: number, v: number, vmax: number, n: number, ...c: AdamScalars) => void;
  nonfinite: (x: number, n: number) => number;
  heap: Float32Array;
  /** Floats per chunk slot at the start of the memory. */
  slot: number;
  /**
   * For moments on a thread kernel (`residentMoments` from POOL_MIN elements): the kernel, whose memory holds the
   * whole parameter and gradient (at 0 and `slot` floats, `slot` the padded length) before m and v.
   */
  thread?: ThreadKernel;
}

let kernels: Kernels | null | undefined;
let compiled: WebAssembly.Module | undefined;
/** The shared-memory build for thread kernels: undefined until needed, null where it cannot compile. */
let compiledShared: WebAssembly.Module | null | undefined;

/**
 * A new instance of the module whose memory is grown once to `floats` float32 values; the buffer never changes
 * afterwards, so views on it stay valid.
 */
function instantiate(module: WebAssembly.Module, floats: number, slot: number): Kernels {
  const e = new WebAssembly.Instance(module, {}).exports as Record<string, unknown>;
  const memory = e.memory as WebAssembly.Memory;
  const need = floats * 4;
  if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / PAGE));
  return kernelsOf(e, memory.buffer, slot);
}

function kernelsOf(e: Readonly<Record<string, unknown>>, buffer: ArrayBufferLike, slot: number): Kernels {
  return {
    sgd: e.sgd as Kernels['sgd'],
    adam: e.adam as Kernels['adam'],
    amsgrad: e.amsgrad as Kernels['amsgrad'],
    nonfinite: e.nonfinite as Kernels['nonfinite'],
    heap: new Float32Array(buffer),
    slot,
  };
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function load(): Kernels | null {
  if (kernels !== undefined) return kernels;
  kernels = null;
  try {
    if (typeof WebAssembly !== 'object' || !WebAssembly.validate(SIMD_PROBE)) return null;
    compiled = new WebAssembly.Module(decode(OPTIM_F32_WASM_BASE64));
    // Five chunk slots: θ, ∇, m, v, v̂.
    kernels = instantiate(compiled, 5 * CHUNK, CHUNK);
  } catch {
    kernels = null; // e.g. a Content-Security-Policy forbidding WebAssembly compilation
  }
  return kernels;
}

/** Instances holding resident Adam moments, found from the moments' buffer. */
const residents = new WeakMap<ArrayBufferLike, Kernels>();

/** Parameters from this size get resident moments; below it the copies cost little and an instance's memory would not pay. */
export const RESIDENT_MIN = 4096;

/**
 * Parameters from this size get their moments on a thread kernel (when more than one thread is set at their first
 * step), whose update the worker pool splits into panels of POOL_STEP. Measured on 2 idle cores, median µs per
 * update, thread kernel on 2 threads against the kernel's own memory: 32,768 elements 40.7 / 40.5, 65,536 75 / 81,
 * 131,072 144 / 162. On one thread a thread kernel is slower (47.8 µs at 32,768): copies into shared memory run at
 * ≈ 28 GB/s against 47 into an unshared one (V8 copies shared buffers with relaxed atomics).
 */
export const POOL_MIN = 65536;
/** Elements per panel of a pooled update (a multiple of 4: the kernel runs whole vectors). */
const POOL_STEP = 16384;

/**
 * m and v for a parameter of n ≥ POOL_MIN elements on a thread kernel of their own — layout θ, ∇, m, v, each
 * padded to whole vectors — or null where thread kernels cannot exist (a browser, no shared memory). Each
 * parameter has its own memory, so no other parameter or optimizer ever reuses it: it lives as long as a view of it.
 */
function threadMoments(n: number, padded: number): [Float32Array, Float32Array] | null {
  if (compiledShared === undefined) {
    try {
      compiledShared = new WebAssembly.Module(decode(OPTIM_F32_SHARED_WASM_BASE64));
    } catch {
      compiledShared = null;
    }
  }
  if (compiledShared === null) return null;
  const pages = Math.ceil((4 * padded * 4) / PAGE);
  const thread = createThreadKernel(compiledShared, [{ name: 'adam', pointers: 4, scalars: 9, inPlace: true }], {
    initialPages: pages,
    maximumPages: pages,
  });
  if (thread === null) return null;
  const buffer = thread.buffer;
  residents.set(buffer, { ...kernelsOf(thread.exports, buffer, padded), thread });
  return [new Float32Array(buffer, 2 * padded * 4, n), new Float32Array(buffer, 3 * padded * 4, n)];
}

/**
 * Zeroed float32 buffers m and v of `n` elements that live in a module instance's own memory, after two chunk slots
 * for θ and ∇, so `adamF32Simd` updates them where they are instead of copying both in and out every step (4 of
 * its 7 copies: ≈ 0.1 ms of a 784-256-128-10 Adam step). From POOL_MIN elements, with more than one thread set,
 * the instance is a thread kernel (see `threadMoments`), so the worker pool shares the update. They are ordinary Float32Arrays to everyone else. Null
 * below `RESIDENT_MIN` elements, when the kernels are unavailable, or when the memory cannot be had (the caller
 * allocates ordinary arrays instead).
 */
export function residentMoments(n: number): [Float32Array, Float32Array] | null {
  if (n < RESIDENT_MIN || load() === null || compiled === undefined) return null;
  // Rounded up to whole vectors: the kernel's last vector may write up to 3 lanes past n.
  const padded = (n + 3) & ~3;
  const slot = Math.min(CHUNK, padded);
  try {
    const pooled = n >= POOL_MIN && getNumThreads() > 1 ? threadMoments(n, padded) : null;
    if (pooled !== null) return pooled;
    const k = instantiate(compiled, 2 * slot + 2 * padded, slot);
    residents.set(k.heap.buffer, k);
    return [new Float32Array(k.heap.buffer, 2 * slot * 4, n), new Float32Array(k.heap.buffer, (2 * slot + padded) * 4, n)];
  } catch {
    return null; // out of memory for another instance
  }
}

/** Whether `x` is one of the buffers `residentMoments` made. */
export function isResident(x: ArrayLike<number> & { buffer: ArrayBufferLike }): boolean {
  return residents.has(x.buffer);
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
  const n = p.length;
  const scalars = adamScalars(c);
  const home = residents.get(m.buffer);
  if (home?.thread !== undefined && v.buffer === m.buffer) {
    // The whole θ and ∇ go in, the pool (or this thread) updates them with m and v in place, θ comes back.
    const slot = home.slot;
    home.heap.set(p, 0);
    home.heap.set(grad, slot);
    const [m0, v0] = [m.byteOffset, v.byteOffset];
    // At most 128 panels (the pool takes 256): wider ones past 2²¹ elements.
    const step = Math.max(POOL_STEP, Math.ceil(slot / 128 / 4) * 4);
    runThreadKernel(home.thread, 'adam', [0, slot * 4, m0, v0], slot, step, scalars);
    p.set(home.heap.subarray(0, n));
    return true;
  }
  if (home !== undefined && v.buffer === m.buffer) {
    // Moments from `residentMoments`: only θ and ∇ travel.
    const heap = home.heap;
    const slot = home.slot;
    const m0 = m.byteOffset;
    const v0 = v.byteOffset;
    for (let start = 0; start < n; start += slot) {
      const len = Math.min(slot, n - start);
      heap.set(p.subarray(start, start + len), 0);
      heap.set(grad.subarray(start, start + len), slot);
      home.adam(0, slot * 4, m0 + start * 4, v0 + start * 4, len, ...scalars);
      p.set(heap.subarray(0, len), start);
    }
    return true;
  }
  const heap = k.heap;
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
    k.adam(0, G * 4, M * 4, V * 4, len, ...scalars);
    p.set(heap.subarray(0, len), start);
    m.set(heap.subarray(M, M + len), start);
    v.set(heap.subarray(V, V + len), start);
  }
  return true;
}

/**
 * One AMSGrad update in place (Adam with the running maximum v̂ of v in the denominator), float32 arithmetic as
 * `adamF32Simd`: `amsgradF32`'s results bit for bit. Returns false when the kernels are unavailable.
 */
export function amsgradF32Simd(
  p: Float32Array,
  grad: Float32Array,
  m: Float32Array,
  v: Float32Array,
  vmax: Float32Array,
  c: AdamF32Constants,
): boolean {
  const k = load();
  if (k === null) return false;
  const heap = k.heap;
  const n = p.length;
  const scalars = adamScalars(c);
  const [G, M, V, W] = [CHUNK, 2 * CHUNK, 3 * CHUNK, 4 * CHUNK];
  for (let start = 0; start < n; start += CHUNK) {
    const len = Math.min(CHUNK, n - start);
    const end = start + len;
    heap.set(p.subarray(start, end), 0);
    heap.set(grad.subarray(start, end), G);
    heap.set(m.subarray(start, end), M);
    heap.set(v.subarray(start, end), V);
    heap.set(vmax.subarray(start, end), W);
    k.amsgrad(0, G * 4, M * 4, V * 4, W * 4, len, ...scalars);
    p.set(heap.subarray(0, len), start);
    m.set(heap.subarray(M, M + len), start);
    v.set(heap.subarray(V, V + len), start);
    vmax.set(heap.subarray(W, W + len), start);
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
