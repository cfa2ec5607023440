import type { TypedArray } from '../dtype.ts';
import { TensorError } from '../errors.ts';
import { GEMM_F32_WASM_BASE64 } from './gemm-f32-wasm-bytes.ts';

/*
 * JS side of the WebAssembly SIMD float32 GEMM (kernel: gemm-f32.wat).
 *
 * Each call copies the operands into the module's linear memory, packed the way the kernel reads them
 * (A in 4-row panels, B in 8-column panels, both k-major, edges zero-padded), runs the whole tiled loop
 * nest in one WASM call, then copies C out. Packing reads through the strides, so transposed operands
 * cost the same as row-major ones and the kernel stays branch-free. Very large products are cut into
 * row and column chunks so the linear memory stays bounded (under 50 MB unless k alone is huge); it is
 * kept between calls and never shrinks.
 */

/** Rows of an A panel and columns of a B panel: the kernel's 4×8 register tile. */
const MR = 4;
const NR = 8;
/** Floats per packed operand chunk (8 MB): bounds memory for big m or n; typical products are one chunk. */
const PACK_LIMIT = 1 << 21;
/** Upper bound on a chunk's rows / columns, which bounds the staged C block (2048² floats = 16 MB). */
const MAX_CHUNK = 2048;
/** An operand is copied whole when the span it occupies is under this many times its size. */
const STAGE_SLACK = 2;
/** WebAssembly page size in bytes. */
const PAGE = 65536;

/** The smallest module using a v128 instruction: `(func (result v128) (i8x16.splat (i32.const 0)))`. */
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x08, 0x01, 0x06,
  0x00, 0x41, 0x00, 0xfd, 0x0f, 0x0b,
]);

interface Kernel {
  memory: WebAssembly.Memory;
  gemm: (mp: number, np: number, k: number, aPtr: number, bPtr: number, cPtr: number) => void;
  pack: (src: number, rs: number, cs: number, rows: number, k: number, dst: number, w: number) => void;
}

let available: boolean | null = null;
let kernel: Kernel | null = null;
/** Float32 view of the kernel's memory; replaced whenever the memory grows (growing detaches the old buffer). */
let heap = new Float32Array(0);

/**
 * Whether this JavaScript engine runs WebAssembly SIMD (128-bit), which `gemmF32Simd` needs.
 *
 * Checked once: a 29-byte module using a v128 instruction must validate, then the kernel itself must
 * compile and instantiate (a page's Content-Security-Policy can forbid that even where SIMD exists).
 * False when WebAssembly is missing. When false, use the plain JS `gemm`.
 *
 * @example
 * wasmSimdAvailable(); // true in Node ≥ 16.4 and current browsers
 */
export function wasmSimdAvailable(): boolean {
  if (available === null) {
    try {
      available = typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE) && instantiate() !== null;
    } catch {
      available = false;
    }
  }
  return available;
}

/** Decodes base64 with `atob` (Node ≥ 16 and browsers) so this file needs no `Buffer`. */
function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/**
 * Compiles and instantiates the kernel. Synchronous compilation is fine here: browsers only refuse
 * `new WebAssembly.Module` on the main thread for modules above 4 KB, and this one is 1.5 KB.
 */
function instantiate(): Kernel {
  const module = new WebAssembly.Module(decodeBase64(GEMM_F32_WASM_BASE64));
  const exports = new WebAssembly.Instance(module, {}).exports as unknown as Kernel;
  kernel = { memory: exports.memory, gemm: exports.gemm, pack: exports.pack };
  heap = new Float32Array(kernel.memory.buffer);
  return kernel;
}

function getKernel(): Kernel {
  if (!wasmSimdAvailable() || kernel === null) {
    throw new TensorError('gemmF32Simd', 'WebAssembly SIMD is not available in this engine: use gemm');
  }
  return kernel;
}

/** Grows the linear memory to hold at least `floats` float32 values (never shrinks: later calls reuse it). */
function reserve(kern: Kernel, floats: number): void {
  const bytes = floats * 4;
  const have = kern.memory.buffer.byteLength;
  if (bytes > have) kern.memory.grow(Math.ceil((bytes - have) / PAGE));
  if (heap.buffer !== kern.memory.buffer) heap = new Float32Array(kern.memory.buffer);
}

/**
 * Float32 matrix multiply `C = A·B` on WebAssembly SIMD, a drop-in for `gemm` with the same arguments.
 *
 * `A[i,p] = a[aOff + i·aRs + p·aCs]`, `B[p,j] = b[bOff + p·bRs + j·bCs]`, and
 * `c[cOff + i·n + j] = Σ_p A[i,p]·B[p,j]` (overwritten, not accumulated); transposed operands are just
 * swapped strides. Inputs may be Float32Array or Float64Array, but every value is rounded to float32 and
 * the sums are accumulated in float32 (error ≲ k·2⁻²⁴·Σ_p |A[i,p]·B[p,j]|), unlike `gemm`'s float64
 * accumulation: use it for float32 data. Throws a TensorError when `wasmSimdAvailable()` is false.
 *
 * @example
 * const c = new Float32Array(1);
 * gemmF32Simd(1, 1, 2, new Float32Array([1, 2]), 0, 2, 1, new Float32Array([3, 4]), 0, 1, 1, c, 0);
 * c[0]; // 11
 */
export function gemmF32Simd(
  m: number,
  n: number,
  k: number,
  a: TypedArray,
  aOff: number,
  aRs: number,
  aCs: number,
  b: TypedArray,
  bOff: number,
  bRs: number,
  bCs: number,
  c: TypedArray,
  cOff: number,
): void {
  if (m === 0 || n === 0) return;
  if (k === 0) {
    c.fill(0, cOff, cOff + m * n);
    return;
  }
  const kern = getKernel();
  const chunkRows = Math.min(MAX_CHUNK, Math.max(MR, Math.floor(PACK_LIMIT / k / MR) * MR));
  const chunkCols = Math.min(MAX_CHUNK, Math.max(NR, Math.floor(PACK_LIMIT / k / NR) * NR));
  const mbMax = Math.min(roundUp(m, MR), chunkRows);
  const nbMax = Math.min(roundUp(n, NR), chunkCols);
  // Layout in floats: [packed A chunk | packed B chunk | C chunk | staging]; every part starts 16-byte
  // aligned because mbMax is a multiple of 4 and nbMax of 8. Staging holds one operand's raw copy at a
  // time, up to STAGE_SLACK times the larger packed chunk.
  const bBase = mbMax * k;
  const cBase = bBase + nbMax * k;
  const sBase = cBase + mbMax * nbMax;
  reserve(kern, sBase + STAGE_SLACK * Math.max(mbMax, nbMax) * k);
  const oneRowChunk = m <= mbMax;
  if (oneRowChunk) packOperand(kern, a, aOff, aRs, aCs, m, k, MR, 0, sBase);
  for (let j0 = 0; j0 < n; j0 += nbMax) {
    const nb = Math.min(nbMax, n - j0);
    const np = roundUp(nb, NR);
    // B is packed as the rows of Bᵀ (strides swapped), so one routine serves both operands.
    packOperand(kern, b, bOff + j0 * bCs, bCs, bRs, nb, k, NR, bBase, sBase);
    for (let i0 = 0; i0 < m; i0 += mbMax) {
      const mb = Math.min(mbMax, m - i0);
      if (!oneRowChunk) packOperand(kern, a, aOff + i0 * aRs, aRs, aCs, mb, k, MR, 0, sBase);
      kern.gemm(roundUp(mb, MR), np, k, 0, bBase * 4, cBase * 4);
      copyOut(heap, cBase, np, mb, nb, c, cOff + i0 * n + j0, n);
    }
  }
}

function roundUp(x: number, step: number): number {
  return Math.ceil(x / step) * step;
}

/**
 * Packs the rows×k matrix `X[r,p] = x[off + r·rs + p·cs]` into wasm memory as panels of `w` rows
 * (see `pack` in gemm-f32.wat) at float index `dst`, using float index `stage` as scratch.
 *
 * Element-wise JS loops into a typed array cost ≈ 1 ns per value here, 10× a `TypedArray.set` copy, so
 * the operand is first copied into wasm memory with `set` (which also converts float64 to float32), then
 * reordered by the wasm `pack`. A dense operand (any layout, transposed included) is one `set` of the
 * span it occupies; a sparse view is copied row by row or column by column along its contiguous axis.
 * Only a view with no unit stride at all falls back to an element loop.
 */
function packOperand(
  kern: Kernel,
  x: TypedArray,
  off: number,
  rs: number,
  cs: number,
  rows: number,
  k: number,
  w: number,
  dst: number,
  stage: number,
): void {
  const mem = heap;
  let lo = off;
  let hi = off;
  if (rs < 0) lo += (rows - 1) * rs;
  else hi += (rows - 1) * rs;
  if (cs < 0) lo += (k - 1) * cs;
  else hi += (k - 1) * cs;
  let base = stage;
  let srs = k;
  let scs = 1;
  if (hi - lo < STAGE_SLACK * rows * k) {
    mem.set(x.subarray(lo, hi + 1), stage);
    base = stage + off - lo;
    srs = rs;
    scs = cs;
  } else if (cs === 1) {
    for (let r = 0, s = off, d = stage; r < rows; r++, s += rs, d += k) mem.set(x.subarray(s, s + k), d);
  } else if (rs === 1) {
    for (let p = 0, s = off, d = stage; p < k; p++, s += cs, d += rows) mem.set(x.subarray(s, s + rows), d);
    srs = 1;
    scs = rows;
  } else {
    for (let r = 0, d = stage; r < rows; r++) {
      for (let p = 0, s = off + r * rs; p < k; p++, s += cs, d++) mem[d] = x[s]!;
    }
  }
  kern.pack(base * 4, srs * 4, scs * 4, rows, k, dst * 4, w);
}

/** Copies the valid `rows × cols` corner of the staged C (row stride `np`) to `c` (row stride `ldc`). */
function copyOut(mem: Float32Array, base: number, np: number, rows: number, cols: number, c: TypedArray, cOff: number, ldc: number): void {
  if (c instanceof Float32Array) {
    if (cols === np && cols === ldc) {
      c.set(mem.subarray(base, base + rows * cols), cOff);
      return;
    }
    // A typed-array copy per row beats an element loop once rows are long enough to pay for subarray().
    if (cols >= 32) {
      for (let i = 0, s = base, d = cOff; i < rows; i++, s += np, d += ldc) c.set(mem.subarray(s, s + cols), d);
      return;
    }
  }
  for (let i = 0, s = base, d = cOff; i < rows; i++, s += np, d += ldc) {
    for (let j = 0; j < cols; j++) c[d + j] = mem[s + j]!;
  }
}
