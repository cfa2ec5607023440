import type { TypedArray } from '../dtype.ts';
import { TensorError } from '../errors.ts';
import { type GemmKernelVariant, type WasmGemm, decodeBase64, gemmModuleBytes } from './gemm-f32-modules.ts';
import { type GemmPackB, ThreadPoolFailure, threadedGemm } from './gemm-f32-threads.ts';

/*
 * JS side of the WebAssembly SIMD float32 GEMM (kernel: gemm-f32.wat).
 *
 * Each call copies the operands into the module's linear memory, packed the way the kernel reads them
 * (A in 4-row panels, B in 8-column panels, both k-major, edges zero-padded), runs the whole tiled loop
 * nest in one WASM call, then copies C out. Packing reads through the strides, so transposed operands
 * cost the same as row-major ones and the kernel stays branch-free. Very large products are cut into
 * row and column chunks so the linear memory stays bounded (under 50 MB unless k alone is huge); it is
 * kept between calls and never shrinks.
 *
 * Products big enough for threads (gemm-f32-threads.ts) run the same steps in the shared-memory build of
 * the module, whose kernel call is split into panels of C that the worker pool and this thread compute.
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

let available: boolean | null = null;
/** The single-thread kernel, on a memory of its own. */
let kernel: WasmGemm | null = null;

/**
 * Whether this JavaScript engine runs WebAssembly SIMD (128-bit), which `gemmF32Simd` needs.
 *
 * Checked once: the kernel module must validate and then compile and instantiate (a page's
 * Content-Security-Policy can forbid that even where SIMD exists). False when WebAssembly is missing.
 * When false, use the plain JS `gemm`.
 *
 * @example
 * wasmSimdAvailable(); // true in Node ≥ 16.4 and current browsers
 */
export function wasmSimdAvailable(): boolean {
  if (available === null) {
    try {
      available = typeof WebAssembly === 'object' && instantiate() !== null;
    } catch {
      available = false;
    }
  }
  return available;
}

/**
 * Which build of the kernel runs: `'fma'` (relaxed-SIMD `f32x4.relaxed_madd`, where the engine validates it:
 * Node ≥ 22, current Chrome, or Node 20 with `--experimental-wasm-relaxed-simd`) or `'core'` (separate
 * multiply and add); `null` when WebAssembly SIMD is unavailable. The two round differently (a fused
 * multiply-add rounds once), so their results may differ in the last bits; threads never change them.
 */
export function gemmKernelVariant(): GemmKernelVariant | null {
  return wasmSimdAvailable() ? gemmModuleBytes(false).variant : null;
}

/**
 * Compiles and instantiates the kernel. Synchronous compilation is fine here: browsers only refuse
 * `new WebAssembly.Module` on the main thread for modules above 4 KB, and this one is 1.5 KB.
 */
function instantiate(): WasmGemm {
  const { bytes } = gemmModuleBytes(false);
  const module = new WebAssembly.Module(decodeBase64(bytes));
  const exports = new WebAssembly.Instance(module, {}).exports as unknown as Omit<WasmGemm, 'heap'>;
  kernel = { memory: exports.memory, gemm: exports.gemm, pack: exports.pack, heap: new Float32Array(exports.memory.buffer) };
  return kernel;
}

function getKernel(): WasmGemm {
  if (!wasmSimdAvailable() || kernel === null) {
    throw new TensorError('gemmF32Simd', 'WebAssembly SIMD is not available in this engine: use gemm');
  }
  return kernel;
}

/** WebAssembly page size in bytes. */
const PAGE = 65536;

/**
 * Grows the linear memory to hold at least `floats` float32 values (never shrinks: later calls reuse it).
 * Throws a RangeError when the memory cannot grow that far (the shared one has a fixed maximum).
 */
function reserve(kern: WasmGemm, floats: number): void {
  const bytes = floats * 4;
  const have = kern.memory.buffer.byteLength;
  if (bytes > have) kern.memory.grow(Math.ceil((bytes - have) / PAGE));
  // Growing replaces the buffer object (an unshared one is detached); refresh the view.
  if (kern.heap.buffer !== kern.memory.buffer || kern.heap.length * 4 !== kern.memory.buffer.byteLength) {
    kern.heap = new Float32Array(kern.memory.buffer);
  }
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
  // B is packed as the rows of Bᵀ (strides swapped), so one routine serves both operands.
  runProduct(
    m,
    n,
    k,
    a,
    aOff,
    aRs,
    aCs,
    (kern) => (j0, nb, stage) => stageOperand(kern, b, bOff + j0 * bCs, bCs, bRs, nb, k, stage),
    c,
    cOff,
  );
}

/**
 * Writes row-major B rows: `heap[base + p·ld + j − j0] = B[p, j]` for every p < k and j0 ≤ j < j0 + nb
 * (`ld` = nb); the values must already be float32.
 */
export type FillB = (heap: Float32Array, base: number, j0: number, nb: number) => void;

/** The most columns `gemmF32SimdFilledB` hands `fill` in one call for depth k: with n up to this, one call fills all of B. */
export function filledBChunkCols(k: number): number {
  return Math.min(MAX_CHUNK, Math.max(NR, Math.floor(PACK_LIMIT / k / NR) * NR));
}

/**
 * `c[cOff + i·n + j] = Σ_p A[i,p]·B[p,j]` like `gemmF32Simd`, but B is written by `fill` straight into
 * the kernel's memory (one column chunk at a time, `fill` may be called several times), which saves
 * copying a B that the caller builds anyway, such as a convolution's patch matrix. Same threads, chunking
 * and accumulation as `gemmF32Simd`. Throws a TensorError when `wasmSimdAvailable()` is false.
 */
export function gemmF32SimdFilledB(
  m: number,
  n: number,
  k: number,
  a: TypedArray,
  aOff: number,
  aRs: number,
  aCs: number,
  fill: FillB,
  c: TypedArray,
  cOff: number,
): void {
  if (m === 0 || n === 0) return;
  if (k === 0) {
    c.fill(0, cOff, cOff + m * n);
    return;
  }
  runProduct(
    m,
    n,
    k,
    a,
    aOff,
    aRs,
    aCs,
    (kern) => (j0, nb, stage) => {
      fill(kern.heap, stage, j0, nb);
      return { base: stage, rs: 1, cs: nb };
    },
    c,
    cOff,
  );
}

/**
 * Runs the product on the thread pool when it is big enough and usable, else (or should the pool fail
 * mid-product) on one thread in the unshared memory, which no worker can touch. `packerFor` gives the B stager
 * for a kernel's memory.
 */
function runProduct(
  m: number,
  n: number,
  k: number,
  a: TypedArray,
  aOff: number,
  aRs: number,
  aCs: number,
  packerFor: (kern: WasmGemm) => StageB,
  c: TypedArray,
  cOff: number,
): void {
  const single = getKernel();
  const threaded = threadedGemm(m, n, k);
  if (threaded !== null) {
    try {
      const { kernel: kern, run, runPackB } = threaded;
      if (gemmPacked(kern, run, m, n, k, a, aOff, aRs, aCs, packerFor(kern), c, cOff, runPackB)) return;
    } catch (err) {
      if (!(err instanceof ThreadPoolFailure)) throw err;
    }
  }
  gemmPacked(single, single.gemm, m, n, k, a, aOff, aRs, aCs, packerFor(single), c, cOff);
}

/** Where an operand's raw copy lies in a kernel's memory: float index of X[0,0], row and column strides in floats. */
interface Staged {
  base: number;
  rs: number;
  cs: number;
}

/** Copies columns [j0, j0 + nb) of B (the rows of Bᵀ) raw into memory from float index `stage`, for `pack` to read. */
type StageB = (j0: number, nb: number, stage: number) => Staged;

/**
 * The product in one kernel's memory: packs A and (staged by `stageB`) B per chunk, runs `run` (the kernel's
 * gemm, or its split over threads), copies C out. With `runPackB` (the pool's) and A in one chunk, B's packing
 * goes into the product's job, split with it. Returns false, having done nothing, when the memory cannot grow
 * enough (only the shared memory, whose maximum is fixed, can refuse).
 */
function gemmPacked(
  kern: WasmGemm,
  run: WasmGemm['gemm'],
  m: number,
  n: number,
  k: number,
  a: TypedArray,
  aOff: number,
  aRs: number,
  aCs: number,
  stageB: StageB,
  c: TypedArray,
  cOff: number,
  runPackB?: GemmPackB,
): boolean {
  const chunkRows = Math.min(MAX_CHUNK, Math.max(MR, Math.floor(PACK_LIMIT / k / MR) * MR));
  const chunkCols = filledBChunkCols(k);
  const mbMax = Math.min(roundUp(m, MR), chunkRows);
  const nbMax = Math.min(roundUp(n, NR), chunkCols);
  // Layout in floats: [packed A chunk | packed B chunk | C chunk | staging]; every part starts 16-byte
  // aligned because mbMax is a multiple of 4 and nbMax of 8. Staging holds one operand's raw copy at a
  // time, up to STAGE_SLACK times the larger packed chunk.
  const bBase = mbMax * k;
  const cBase = bBase + nbMax * k;
  const sBase = cBase + mbMax * nbMax;
  try {
    reserve(kern, sBase + STAGE_SLACK * Math.max(mbMax, nbMax) * k);
  } catch (err) {
    if (err instanceof RangeError && kern !== kernel) return false;
    throw err;
  }
  const oneRowChunk = m <= mbMax;
  if (oneRowChunk) packOperand(kern, a, aOff, aRs, aCs, m, k, MR, 0, sBase);
  for (let j0 = 0; j0 < n; j0 += nbMax) {
    const nb = Math.min(nbMax, n - j0);
    const np = roundUp(nb, NR);
    const st = stageB(j0, nb, sBase);
    if (oneRowChunk && runPackB !== undefined) {
      runPackB(roundUp(m, MR), np, k, 0, bBase * 4, cBase * 4, np * 4, st.base * 4, st.rs * 4, st.cs * 4, nb);
      copyOut(kern.heap, cBase, np, m, nb, c, cOff + j0, n);
      continue;
    }
    kern.pack(st.base * 4, st.rs * 4, st.cs * 4, nb, k, bBase * 4, NR);
    for (let i0 = 0; i0 < m; i0 += mbMax) {
      const mb = Math.min(mbMax, m - i0);
      if (!oneRowChunk) packOperand(kern, a, aOff + i0 * aRs, aRs, aCs, mb, k, MR, 0, sBase);
      run(roundUp(mb, MR), np, k, 0, bBase * 4, cBase * 4, np * 4);
      copyOut(kern.heap, cBase, np, mb, nb, c, cOff + i0 * n + j0, n);
    }
  }
  return true;
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
  kern: WasmGemm,
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
  const st = stageOperand(kern, x, off, rs, cs, rows, k, stage);
  kern.pack(st.base * 4, st.rs * 4, st.cs * 4, rows, k, dst * 4, w);
}

/** `packOperand`'s first half: the raw copy into memory at float index `stage`, and where `pack` must read it. */
function stageOperand(kern: WasmGemm, x: TypedArray, off: number, rs: number, cs: number, rows: number, k: number, stage: number): Staged {
  const mem = kern.heap;
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
  return { base, rs: srs, cs: scs };
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
