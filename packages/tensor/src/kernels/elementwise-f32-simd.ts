import { ELEMENTWISE_F32_WASM_BASE64 } from './elementwise-f32-wasm-bytes.ts';
import { wasmSimdAvailable } from './gemm-f32-simd.ts';
import { decodeBase64 } from './gemm-f32-modules.ts';
import { ThreadPoolFailure, runElementwise, threadCount, threadedElementwise } from './gemm-f32-threads.ts';

/*
 * JS side of the WebAssembly SIMD float32 element-wise kernels (elementwise-f32.wat).
 *
 * Arrays are streamed through the module's memory in chunks of CHUNK floats: copy the chunk of each
 * input in (`TypedArray.set`, a memcpy), run the kernel on it in place, copy the result out. Chunks stay
 * in L2, so the copies cost a fraction of what a per-element JS loop costs. Only Float32Array data comes
 * here: float64 keeps its correctly rounded Math.* loops (the float64 gradchecks rely on them).
 *
 * Large transcendental ops (and binary ones, should their threshold be lowered) may instead go to the thread
 * pool: `pooled` copies pieces of PIECE floats into the shared-memory build of the same kernels and splits each
 * piece's kernel call over the threads.
 */

/** Floats per operand chunk: 64 KB, two operands fit in L2 with room to spare. */
const CHUNK = 16384;
/** Byte offsets of the two operand slots (the result overwrites slot A). */
const A = 0;
const B = CHUNK * 4;
/**
 * Floats of slack after slot B: the unrolled loops run whole groups of up to 8 vectors (erf's of 3), so a
 * chunk's last group may read and write up to 31 floats past its end — into slot B, or here past it. Those
 * lanes are garbage in and ignored out.
 */
const SLACK = 32;
/** WebAssembly page size in bytes. */
const PAGE = 65536;

/** A unary kernel: `o[i] = f(a[i])` for i < n (byte offsets). */
type UnaryExport = (a: number, o: number, n: number) => void;
/** A binary kernel on two arrays. */
type BinaryExport = (a: number, b: number, o: number, n: number) => void;
/** A binary kernel with a scalar second operand (`_vs`) or first operand (`_sv`). */
type ScalarExport = (a: number, s: number, o: number, n: number) => void;

/** A broadcasting binary kernel over `rows` rows of `n` floats (see the `_row` / `_col` exports). */
type BroadcastExport = (a: number, b: number, o: number, rows: number, n: number) => void;

/** Unary ops with a SIMD kernel; their maximum errors are stated in `ULP_BOUNDS` of the test. */
export type SimdUnaryOp = 'relu' | 'exp' | 'log' | 'sigmoid' | 'tanh' | 'erf';
/** Binary ops with a SIMD kernel (IEEE, exact as the JS loops). */
export type SimdBinaryOp = 'add' | 'sub' | 'mul' | 'div';

/**
 * Maximum error of each SIMD unary kernel in float32 ulps, against the correctly rounded float32 of the
 * float64 `Math.*` result (`Math.fround(Math.exp(x))`, the stable sigmoid split for sigmoid). Asserted
 * over every 67th float32 bit pattern (64 M inputs spanning all exponents, both signs, subnormals) and
 * the edge values in test/elementwise-f32-simd.test.ts; measured maxima: exp 1, log 2, tanh 2, sigmoid 2, erf 2.
 */
export const SIMD_ULP_BOUNDS: Readonly<Record<SimdUnaryOp, number>> = { relu: 0, exp: 1, log: 2, sigmoid: 2, tanh: 2, erf: 2 };

interface Kernels {
  unary: Record<SimdUnaryOp, UnaryExport>;
  binary: Record<SimdBinaryOp, BinaryExport>;
  /** `a op s` */
  vs: Record<SimdBinaryOp, ScalarExport>;
  /** `s op a`, for the non-commutative ops (add and mul use `vs`: IEEE + and × commute exactly) */
  sv: Record<'sub' | 'div', ScalarExport>;
  /** `a[i,j] op b[j]` and, for sub/div, `b[j] op a[i,j]` (`_rev`) */
  row: Record<SimdBinaryOp, BroadcastExport>;
  rowRev: Record<'sub' | 'div', BroadcastExport>;
  /** `a[i,j] op b[i]` and, for sub/div, `b[i] op a[i,j]` (`_rev`) */
  col: Record<SimdBinaryOp, BroadcastExport>;
  colRev: Record<'sub' | 'div', BroadcastExport>;
  leakyRelu: (a: number, o: number, n: number, s: number) => void;
  reluGrad: (g: number, x: number, o: number, n: number, s: number) => void;
  heap: Float32Array;
}

let kernels: Kernels | null | undefined;

function load(): Kernels | null {
  if (kernels !== undefined) return kernels;
  kernels = null;
  if (!wasmSimdAvailable()) return null;
  try {
    const e = new WebAssembly.Instance(new WebAssembly.Module(decodeBase64(ELEMENTWISE_F32_WASM_BASE64)), {}).exports as Record<
      string,
      unknown
    >;
    const memory = e.memory as WebAssembly.Memory;
    // Grown once to hold both slots; the buffer never changes afterwards, so the view stays valid.
    const need = (2 * CHUNK + SLACK) * 4;
    if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / PAGE));
    const f = <T>(name: string) => e[name] as T;
    kernels = {
      unary: { relu: f('relu'), exp: f('exp'), log: f('log'), sigmoid: f('sigmoid'), tanh: f('tanh'), erf: f('erf') },
      binary: { add: f('add'), sub: f('sub'), mul: f('mul'), div: f('div') },
      vs: { add: f('add_vs'), sub: f('sub_vs'), mul: f('mul_vs'), div: f('div_vs') },
      sv: { sub: f('sub_sv'), div: f('div_sv') },
      row: { add: f('add_row'), sub: f('sub_row'), mul: f('mul_row'), div: f('div_row') },
      rowRev: { sub: f('sub_row_rev'), div: f('div_row_rev') },
      col: { add: f('add_col'), sub: f('sub_col'), mul: f('mul_col'), div: f('div_col') },
      colRev: { sub: f('sub_col_rev'), div: f('div_col_rev') },
      leakyRelu: f('leaky_relu'),
      reluGrad: f('relu_grad'),
      heap: new Float32Array(memory.buffer),
    };
  } catch {
    kernels = null; // e.g. a Content-Security-Policy forbidding WebAssembly compilation
  }
  return kernels;
}

/** Whether the SIMD element-wise kernels can run in this engine (WebAssembly SIMD present and allowed). */
export function elementwiseSimdAvailable(): boolean {
  return load() !== null;
}

/**
 * Floats per operand piece on the thread pool: a piece is copied into the shared memory, its kernel split over
 * the threads, the result copied out (2¹⁸ floats: 1 MB per operand, twice the memory of the one-thread slots
 * only when threads are used).
 */
export const PIECE = 2 ** 18;
/** Panels per thread of a piece: more than one lets a thread that runs sooner take over a slowed one's share. */
const PANELS_PER_THREAD = 2;
/**
 * Panel boundaries fall on multiples of this many floats, which every unrolled loop's group (32, 16 and 12
 * floats) divides: no panel's padding lanes reach into the next panel, which another thread may be computing.
 */
const GROUP = 96;
/**
 * Smallest array (elements) each op splits over the pool; `Infinity`: never. Measured on 2 cores
 * (benchmarks/profile/elementwise-threads.ts, docs/benchmarks.md, issue 15): each op splits from the size where
 * two threads with a core free were ≥ 1.3× faster than one, a margin for a busier machine (on one where the
 * second thread found no free core they were slower) — exp from 2¹⁶ (1.15× at 2¹⁴, 1.24× at 2¹⁵, 1.31× at
 * 2¹⁶), log, tanh, sigmoid and erf from 2¹⁴ (1.31–1.56×; break-even between 2¹² and 2¹³). add and mul were
 * 1.3–2.4× *slower* at every size from 2¹² to 2²⁰ — copying into the shared memory costs more than their
 * kernel, which is a fraction of their time — and relu has no pooled kernel for the same reason.
 */
const threadMin: Record<SimdUnaryOp | SimdBinaryOp, number> = {
  relu: Infinity,
  exp: 2 ** 16,
  log: 2 ** 14,
  tanh: 2 ** 14,
  sigmoid: 2 ** 14,
  erf: 2 ** 14,
  add: Infinity,
  sub: Infinity,
  mul: Infinity,
  div: Infinity,
};

/** The smallest array `op` splits over the thread pool (Infinity: it always runs on one thread). */
export function elementwiseThreadMin(op: SimdUnaryOp | SimdBinaryOp): number {
  return threadMin[op];
}

/** Test hook: sets the smallest array `op` splits over the pool (relu has no pooled kernel). */
export function setElementwiseThreadMin(op: Exclude<SimdUnaryOp, 'relu'> | SimdBinaryOp, n: number): void {
  threadMin[op] = n;
}

/**
 * `out[start..] = op(a[start..], b[start..])` on the thread pool, piece by piece, from element `start` on.
 * Returns the element where it stopped: `a.length` when done, else (no pool, the shared memory cannot grow, or
 * the pool failed) where the caller must continue on one thread — pieces before it are complete.
 */
function pooled(op: string, a: Float32Array, b: Float32Array | null, out: Float32Array): number {
  const n = a.length;
  const ew = threadedElementwise();
  if (ew === null) return 0;
  const need = (2 * PIECE + SLACK) * 4;
  if (ew.memory.buffer.byteLength < need) {
    try {
      ew.memory.grow(Math.ceil((need - ew.memory.buffer.byteLength) / PAGE));
    } catch {
      return 0;
    }
  }
  const heap = new Float32Array(ew.memory.buffer, 0, 2 * PIECE + SLACK);
  const panels = threadCount() * PANELS_PER_THREAD;
  for (let start = 0; start < n; start += PIECE) {
    const len = Math.min(PIECE, n - start);
    heap.set(a.subarray(start, start + len), 0);
    if (b !== null) heap.set(b.subarray(start, start + len), PIECE);
    try {
      runElementwise(op, 0, PIECE * 4, 0, len, Math.ceil(len / panels / GROUP) * GROUP);
    } catch (err) {
      // Abandoned pool: this piece (whose input is still intact in a/b) and the rest go to the one-thread path.
      if (err instanceof ThreadPoolFailure) return start;
      throw err;
    }
    out.set(heap.subarray(0, len), start);
  }
  return n;
}

/**
 * `out[i] = f(x[i])` for `i < x.length` with the SIMD kernel of `op`. Returns false (doing nothing) when
 * the kernels are unavailable, so the caller runs its JS loop. `out` may be `x`.
 *
 * Accuracy: relu exact; exp, log, sigmoid, tanh, erf within a few ulp of the correctly rounded float32 result
 * (bounds measured and asserted in test/elementwise-f32-simd.test.ts). Arrays of `elementwiseThreadMin(op)`
 * elements or more are split over the thread pool when it is usable (see `setNumThreads`), with the same bits.
 *
 * @example
 * const y = new Float32Array(3);
 * unaryF32Simd('exp', new Float32Array([0, 1, -Infinity]), y); // true; y ≈ [1, 2.7182817, 0]
 */
export function unaryF32Simd(op: SimdUnaryOp, x: Float32Array, out: Float32Array): boolean {
  const k = load();
  if (k === null) return false;
  const fn = k.unary[op];
  const heap = k.heap;
  const n = x.length;
  const done = n >= threadMin[op] ? pooled(op, x, null, out) : 0;
  for (let start = done; start < n; start += CHUNK) {
    const len = Math.min(CHUNK, n - start);
    heap.set(x.subarray(start, start + len), A / 4);
    fn(A, A, len);
    out.set(heap.subarray(A / 4, A / 4 + len), start);
  }
  return true;
}

/**
 * `out[i] = a[i] op b[i]` for same-length arrays with the SIMD kernel (IEEE results, identical to the JS
 * loop's). Returns false when the kernels are unavailable. `out` may alias an input.
 *
 * @example
 * const o = new Float32Array(2);
 * binaryF32Simd('add', new Float32Array([1, 2]), new Float32Array([10, 20]), o); // o = [11, 22]
 */
export function binaryF32Simd(op: SimdBinaryOp, a: Float32Array, b: Float32Array, out: Float32Array): boolean {
  const k = load();
  if (k === null) return false;
  const fn = k.binary[op];
  const heap = k.heap;
  const n = a.length;
  const done = n >= threadMin[op] ? pooled(op, a, b, out) : 0;
  for (let start = done; start < n; start += CHUNK) {
    const len = Math.min(CHUNK, n - start);
    heap.set(a.subarray(start, start + len), A / 4);
    heap.set(b.subarray(start, start + len), B / 4);
    fn(A, B, A, len);
    out.set(heap.subarray(A / 4, A / 4 + len), start);
  }
  return true;
}

/**
 * `out[i] = a[i] op s` (`scalarFirst` false) or `s op a[i]` (true), the broadcasting fast path of a
 * size-1 operand. `s` must already be a float32 value. Returns false when the kernels are unavailable.
 *
 * @example
 * const o = new Float32Array(2);
 * scalarF32Simd('sub', new Float32Array([1, 2]), 10, true, o); // o = [9, 8]
 */
export function scalarF32Simd(op: SimdBinaryOp, a: Float32Array, s: number, scalarFirst: boolean, out: Float32Array): boolean {
  const k = load();
  if (k === null) return false;
  const first = scalarFirst && (op === 'sub' || op === 'div');
  const fn = first ? k.sv[op] : k.vs[op];
  const heap = k.heap;
  const n = a.length;
  for (let start = 0; start < n; start += CHUNK) {
    const len = Math.min(CHUNK, n - start);
    heap.set(a.subarray(start, start + len), A / 4);
    if (first) fn(s, A, A, len);
    else fn(A, s, A, len);
    out.set(heap.subarray(A / 4, A / 4 + len), start);
  }
  return true;
}

/**
 * Row broadcast, `out[i·n + j] = a[i·n + j] op v[j]` (`vectorFirst` false) or `v[j] op a[i·n + j]` (true), for
 * `a` of `rows × n` floats and a row vector `v` of n: `[m, n] op [n]`, e.g. a bias added to every row. IEEE
 * results, identical to the JS loops. Returns false (doing nothing) when the kernels are unavailable or a
 * row does not fit one chunk (n > 16384), so the caller runs its JS loop. `out` may be `a`.
 *
 * @example
 * const o = new Float32Array(4);
 * rowF32Simd('add', new Float32Array([1, 2, 3, 4]), new Float32Array([10, 20]), false, o); // o = [11, 22, 13, 24]
 */
export function rowF32Simd(op: SimdBinaryOp, a: Float32Array, v: Float32Array, vectorFirst: boolean, out: Float32Array): boolean {
  const n = v.length;
  const k = load();
  if (k === null || n === 0 || n > CHUNK) return false;
  const rev = vectorFirst && (op === 'sub' || op === 'div');
  const fn = rev ? k.rowRev[op] : k.row[op];
  const heap = k.heap;
  heap.set(v, B / 4);
  // Whole rows per chunk, so the vector stays at the start of slot B for every chunk.
  const chunk = Math.floor(CHUNK / n) * n;
  const size = a.length;
  for (let start = 0; start < size; start += chunk) {
    const len = Math.min(chunk, size - start);
    heap.set(a.subarray(start, start + len), A / 4);
    fn(A, B, A, len / n, n);
    out.set(heap.subarray(A / 4, A / 4 + len), start);
  }
  return true;
}

/**
 * Column broadcast, `out[i·n + j] = a[i·n + j] op c[i]` (`columnFirst` false) or `c[i] op a[i·n + j]` (true),
 * for `a` of `c.length` rows of `n` floats: `[m, n] op [m, 1]`, e.g. subtracting each row's maximum. IEEE
 * results, identical to the JS loops. Returns false when the kernels are unavailable or a row does not fit one
 * chunk. `out` may be `a`.
 *
 * @example
 * const o = new Float32Array(4);
 * colF32Simd('mul', new Float32Array([1, 2, 3, 4]), new Float32Array([10, 100]), 2, false, o); // o = [10, 20, 300, 400]
 */
export function colF32Simd(
  op: SimdBinaryOp,
  a: Float32Array,
  c: Float32Array,
  n: number,
  columnFirst: boolean,
  out: Float32Array,
): boolean {
  const k = load();
  if (k === null || n === 0 || n > CHUNK) return false;
  const rev = columnFirst && (op === 'sub' || op === 'div');
  const fn = rev ? k.colRev[op] : k.col[op];
  const heap = k.heap;
  const rowsPerChunk = Math.floor(CHUNK / n);
  const rows = c.length;
  for (let r0 = 0; r0 < rows; r0 += rowsPerChunk) {
    const r = Math.min(rowsPerChunk, rows - r0);
    heap.set(a.subarray(r0 * n, (r0 + r) * n), A / 4);
    heap.set(c.subarray(r0, r0 + r), B / 4);
    fn(A, B, A, r, n);
    out.set(heap.subarray(A / 4, A / 4 + r * n), r0 * n);
  }
  return true;
}

/**
 * Leaky ReLU, `out[i] = x[i] > 0 ? x[i] : x[i]·s` with the float32 slope `s` (exact: one IEEE product, NaN
 * stays NaN). Returns false when the kernels are unavailable. `out` may be `x`.
 *
 * @example
 * const y = new Float32Array(2);
 * leakyReluF32Simd(new Float32Array([-2, 3]), 0.5, y); // y = [-1, 3]
 */
export function leakyReluF32Simd(x: Float32Array, s: number, out: Float32Array): boolean {
  const k = load();
  if (k === null) return false;
  const heap = k.heap;
  const n = x.length;
  for (let start = 0; start < n; start += CHUNK) {
    const len = Math.min(CHUNK, n - start);
    heap.set(x.subarray(start, start + len), A / 4);
    k.leakyRelu(A, A, len, s);
    out.set(heap.subarray(A / 4, A / 4 + len), start);
  }
  return true;
}

/**
 * The gradient through relu (`s` = 0) or leaky ReLU (slope `s`): `out[i] = g[i]·(x[i] > 0 ? 1 : s)`, a product
 * as the composed `mul(g, mask)` computed it (g·0 is ±0, and NaN for an infinite g). `x` is the activation's
 * input. Returns false when the kernels are unavailable.
 *
 * @example
 * const o = new Float32Array(2);
 * reluGradF32Simd(new Float32Array([5, 7]), new Float32Array([-1, 2]), 0, o); // o = [0, 7]
 */
export function reluGradF32Simd(g: Float32Array, x: Float32Array, s: number, out: Float32Array): boolean {
  const k = load();
  if (k === null) return false;
  const heap = k.heap;
  const n = g.length;
  for (let start = 0; start < n; start += CHUNK) {
    const len = Math.min(CHUNK, n - start);
    heap.set(g.subarray(start, start + len), A / 4);
    heap.set(x.subarray(start, start + len), B / 4);
    k.reluGrad(A, B, A, len, s);
    out.set(heap.subarray(A / 4, A / 4 + len), start);
  }
  return true;
}
