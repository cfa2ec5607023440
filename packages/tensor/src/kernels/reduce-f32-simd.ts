import { decodeBase64 } from './gemm-f32-modules.ts';
import { wasmSimdAvailable } from './gemm-f32-simd.ts';
import { ThreadPoolFailure, runReduce, threadCount, threadedElementwise } from './gemm-f32-threads.ts';
import { REDUCE_F32_WASM_BASE64 } from './reduce-f32-wasm-bytes.ts';

/*
 * JS side of the WebAssembly SIMD float32 reductions (reduce-f32.wat): sum, max and min of float32 data into
 * float64 accumulators, for the two shapes a ReducePlan walks — runs folded into one output each (`foldRowsF32Simd`)
 * and runs folded into n consecutive outputs (`foldColsF32Simd`).
 *
 * Data streams through the module's memory in chunks of whole runs (a memcpy in, the kernel, accumulators out), as
 * the element-wise kernels do. A run longer than CHUNK is cut into blocks of CHUNK floats (from its start: the cut
 * depends on the run's length alone), each block summed into a partial of its own, and the partials added to the
 * output in block order; so a run's result never depends on chunking or threads. Max and min are exact and
 * order-free (NaN if any element is NaN, +0 above −0 — Math.max/min's semantics), so they equal the plain loop's
 * bit for bit; so do sums into n outputs (each output still adds its elements one by one, in order). A sum of one
 * run uses eight float64 lanes (order in reduce-f32.wat), which changes the float64 rounding a little: both the
 * lane order and the plain loop's are within (n − 1)·2⁻⁵³·Σ|x| of the exact sum, far below float32's rounding.
 *
 * From `reduceThreadMin()` elements (2²²) the work goes to the thread pool: pieces of PIECE floats are copied into
 * the shared memory, alternating between two slots, and their OUTPUTS split over the threads (rows of a
 * run-per-output fold; column blocks, multiples of 16, of a fold into n outputs), never one output's run —
 * bit-identical for any thread count.
 */

/** The folds with a kernel. */
export type SimdReduceOp = 'sum' | 'max' | 'min';

/** A kernel of reduce-f32.wat: `rows` runs of `n` floats at byte `x`, `ld` floats apart, accumulators at byte `acc`. */
type ReduceExport = (x: number, rows: number, n: number, ld: number, acc: number) => void;

/** Floats per chunk, and the block length a long run is cut into (64 KB of input: stays in L2 with its accumulators). */
const CHUNK = 16384;
/** Byte offsets: input slot, then room for CHUNK float64 accumulators. */
const X = 0;
const ACC = CHUNK * 4;
/** WebAssembly page size in bytes. */
const PAGE = 65536;

/**
 * Floats per piece copied into the pool's shared memory (2 MB). Two pieces alternate: the workers fold one while
 * this thread copies the next. Measured on 2 idle cores (benchmarks/profile/reductions.ts, 2²² elements): pieces
 * of 2¹⁶ and 2¹⁷ floats made the pool 0.2–0.9× as fast as one thread (each job's hand-over costs more than a
 * small piece's work), 2¹⁸ 1.1–1.3×, 2¹⁹ 1.3–1.7×, 2²⁰ 1.3–1.6×, 2²¹ 0.9–1.4×.
 */
const PIECE = 2 ** 19;
/**
 * Byte offset of the two pieces' accumulator slots, after the two input slots. A slot holds PIECE·4 bytes: a piece
 * has at most PIECE/2 outputs (runs of n ≥ 2 floats, or n ≤ PIECE/2 columns), 8 bytes each at most.
 */
const POOL_ACC = 2 * PIECE * 4;
/** Panels per thread of a piece: more than one lets a thread that runs sooner take over a slowed one's share. */
const PANELS_PER_THREAD = 2;
/** Column panels are multiples of this many floats: whole vectors and whole 64-byte cache lines. */
const COLUMN_ALIGN = 16;

interface Kernels {
  rows: Record<SimdReduceOp, ReduceExport>;
  cols: Record<SimdReduceOp, ReduceExport>;
  f32: Float32Array;
  f64: Float64Array;
}

let kernels: Kernels | null | undefined;

function load(): Kernels | null {
  if (kernels !== undefined) return kernels;
  kernels = null;
  if (!wasmSimdAvailable()) return null;
  try {
    const e = new WebAssembly.Instance(new WebAssembly.Module(decodeBase64(REDUCE_F32_WASM_BASE64)), {}).exports as Record<string, unknown>;
    const memory = e.memory as WebAssembly.Memory;
    // Grown once; the buffer never changes afterwards, so the views stay valid.
    const need = ACC + CHUNK * 8;
    if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / PAGE));
    const f = (name: string) => e[name] as ReduceExport;
    kernels = {
      rows: { sum: f('sum_rows'), max: f('max_rows'), min: f('min_rows') },
      cols: { sum: f('sum_cols'), max: f('max_cols'), min: f('min_cols') },
      f32: new Float32Array(memory.buffer),
      f64: new Float64Array(memory.buffer),
    };
  } catch {
    kernels = null; // e.g. a Content-Security-Policy forbidding WebAssembly compilation
  }
  return kernels;
}

/** Whether the SIMD reduction kernels can run in this engine. */
export function reduceSimdAvailable(): boolean {
  return load() !== null;
}

/**
 * Smallest reduction (input elements) split over the pool. Measured on 2 idle cores (benchmarks/profile/reductions.ts,
 * three runs; docs/benchmarks.md, third round: reductions), two threads against one: 0.17–1.18× at 2²⁰ elements,
 * 0.70–1.36× at 2²¹, 1.30–1.69× at 2²² (an earlier run 1.07–1.84×) and 1.34–1.80× at 2²⁴ — the copy into the shared
 * memory stays on the calling thread, so these cheap kernels gain less than the transcendental ones. The split
 * starts at the smallest size that gained in every run and shape. (On a machine whose other jobs keep both cores
 * busy a second thread finds no core and the pool loses: see the same section.)
 */
let threadMin = 2 ** 22;

/** The smallest reduction (input elements) split over the thread pool (Infinity: always one thread). */
export function reduceThreadMin(): number {
  return threadMin;
}

/** Test and measurement hook: sets the smallest reduction (input elements) split over the pool (default 2²²). */
export function setReduceThreadMin(n: number): void {
  threadMin = n;
}

/** Identity of a fold: what a fresh partial starts from. */
function identity(op: SimdReduceOp): number {
  return op === 'sum' ? 0 : op === 'max' ? -Infinity : Infinity;
}

/** Sum accumulators are float64 in the module's memory, max/min ones float32 (exact: they hold float32 values). */
function accView(op: SimdReduceOp, buffer: ArrayBufferLike, byteOffset: number, length: number): Float32Array | Float64Array {
  return op === 'sum' ? new Float64Array(buffer, byteOffset, length) : new Float32Array(buffer, byteOffset, length);
}

/**
 * Folds run r = x[start + r·n .. start + (r + 1)·n) into acc[o + r] for r < rows (sum: acc += Σ run; max/min:
 * acc = max/min(acc, run), acc holding float32-representable values). Returns false (doing nothing) when the
 * kernels are unavailable, so the caller runs its JS loop.
 */
export function foldRowsF32Simd(
  op: SimdReduceOp,
  x: Float32Array,
  start: number,
  rows: number,
  n: number,
  acc: Float64Array,
  o: number,
): boolean {
  const k = load();
  if (k === null) return false;
  if (n > CHUNK) {
    // Cut each run into blocks of CHUNK (the last shorter), fold the blocks into partials as rows, add them in order.
    const full = Math.floor(n / CHUNK);
    const rest = n - full * CHUNK;
    const partials = new Float64Array(full + (rest > 0 ? 1 : 0));
    for (let r = 0; r < rows; r++) {
      const runStart = start + r * n;
      partials.fill(identity(op));
      rowsShort(k, op, x, runStart, full, CHUNK, partials, 0);
      if (rest > 0) rowsShort(k, op, x, runStart + full * CHUNK, 1, rest, partials, full);
      let s = acc[o + r]!;
      if (op === 'sum') for (let b = 0; b < partials.length; b++) s += partials[b]!;
      else if (op === 'max') for (let b = 0; b < partials.length; b++) s = Math.max(s, partials[b]!);
      else for (let b = 0; b < partials.length; b++) s = Math.min(s, partials[b]!);
      acc[o + r] = s;
    }
    return true;
  }
  rowsShort(k, op, x, start, rows, n, acc, o);
  return true;
}

/** foldRowsF32Simd for runs of n ≤ CHUNK floats: on the pool when large enough, else chunk by chunk. */
function rowsShort(
  k: Kernels,
  op: SimdReduceOp,
  x: Float32Array,
  start: number,
  rows: number,
  n: number,
  acc: Float64Array,
  o: number,
): void {
  if (rows === 0 || n === 0) return;
  const done = rows >= 2 && n >= 2 && rows * n >= threadMin ? pooledRows(op, x, start, rows, n, acc, o) : 0;
  const fn = k.rows[op];
  const view = op === 'sum' ? k.f64 : k.f32;
  const base = ACC / view.BYTES_PER_ELEMENT;
  const perChunk = Math.floor(CHUNK / n);
  for (let r0 = done; r0 < rows; r0 += perChunk) {
    const r = Math.min(perChunk, rows - r0);
    k.f32.set(x.subarray(start + r0 * n, start + (r0 + r) * n), X / 4);
    view.set(acc.subarray(o + r0, o + r0 + r), base);
    fn(X, r, n, n, ACC);
    acc.set(view.subarray(base, base + r), o + r0);
  }
}

/**
 * Folds every run r < rows, x[start + r·n .. start + (r + 1)·n), into acc[o .. o + n) (sum: acc[o + k] += x[r, k]
 * for r in order; max/min likewise). Returns false when the kernels are unavailable.
 */
export function foldColsF32Simd(
  op: SimdReduceOp,
  x: Float32Array,
  start: number,
  rows: number,
  n: number,
  acc: Float64Array,
  o: number,
): boolean {
  const k = load();
  if (k === null) return false;
  if (rows === 0 || n === 0) return true;
  if (n >= 2 * COLUMN_ALIGN && n <= PIECE / 2 && rows * n >= threadMin && pooledCols(op, x, start, rows, n, acc, o)) return true;
  const fn = k.cols[op];
  const view = op === 'sum' ? k.f64 : k.f32;
  const base = ACC / view.BYTES_PER_ELEMENT;
  if (n <= CHUNK) {
    view.set(acc.subarray(o, o + n), base);
    const perChunk = Math.floor(CHUNK / n);
    for (let r0 = 0; r0 < rows; r0 += perChunk) {
      const r = Math.min(perChunk, rows - r0);
      k.f32.set(x.subarray(start + r0 * n, start + (r0 + r) * n), X / 4);
      fn(X, r, n, n, ACC);
    }
    acc.set(view.subarray(base, base + n), o);
    return true;
  }
  // Rows longer than a chunk: slabs of CHUNK columns, each row's slab copied and folded in turn.
  for (let c0 = 0; c0 < n; c0 += CHUNK) {
    const w = Math.min(CHUNK, n - c0);
    view.set(acc.subarray(o + c0, o + c0 + w), base);
    for (let r = 0; r < rows; r++) {
      const from = start + r * n + c0;
      k.f32.set(x.subarray(from, from + w), X / 4);
      fn(X, 1, w, w, ACC);
    }
    acc.set(view.subarray(base, base + w), o + c0);
  }
  return true;
}

/** The pool's shared memory grown to hold two pieces and their accumulators, or null (no pool, or it cannot grow). */
function sharedMemory(): WebAssembly.Memory | null {
  const ew = threadedElementwise();
  if (ew === null || ew.reduce === null) return null;
  const need = POOL_ACC + 2 * PIECE * 4;
  if (ew.memory.buffer.byteLength < need) {
    try {
      ew.memory.grow(Math.ceil((need - ew.memory.buffer.byteLength) / PAGE));
    } catch {
      return null;
    }
  }
  return ew.memory;
}

/**
 * foldRows on the pool, piece by piece (whole runs per piece, rows split over the threads), double-buffered: while
 * the workers fold one piece, this thread copies the next into the other slot. Returns the row where it stopped:
 * `rows` when done, else (no pool, or it failed) where the caller continues on one thread — the accumulators of
 * the rows before it are final.
 */
function pooledRows(op: SimdReduceOp, x: Float32Array, start: number, rows: number, n: number, acc: Float64Array, o: number): number {
  const memory = sharedMemory();
  if (memory === null) return 0;
  const perPiece = Math.floor(PIECE / n);
  const heap = new Float32Array(memory.buffer, 0, 2 * PIECE);
  const accBytes = op === 'sum' ? 8 : 4;
  const views = [0, 1].map((slot) => accView(op, memory.buffer, POOL_ACC + slot * PIECE * 4, perPiece));
  const panels = threadCount() * PANELS_PER_THREAD;
  const load = (r0: number, slot: number): void => {
    const r = Math.min(perPiece, rows - r0);
    heap.set(x.subarray(start + r0 * n, start + (r0 + r) * n), slot * PIECE);
    views[slot]!.set(acc.subarray(o + r0, o + r0 + r));
  };
  load(0, 0);
  for (let r0 = 0, slot = 0; r0 < rows; r0 += perPiece, slot ^= 1) {
    const r = Math.min(perPiece, rows - r0);
    const next = r0 + perPiece;
    try {
      runReduce(`${op}_rows`, slot * PIECE * 4, POOL_ACC + slot * PIECE * 4, r, n, n, accBytes, 0, Math.ceil(r / panels), () => {
        if (next < rows) load(next, slot ^ 1);
      });
    } catch (err) {
      if (err instanceof ThreadPoolFailure) return r0;
      throw err;
    }
    acc.set(views[slot]!.subarray(0, r), o + r0);
  }
  return rows;
}

/**
 * foldCols on the pool: pieces of whole rows, the n columns split over the threads in blocks of COLUMN_ALIGN, the
 * next piece copied into the other slot while the workers fold one. Returns false (acc untouched) when there is no
 * pool or it failed, so the caller redoes it all on one thread.
 */
function pooledCols(op: SimdReduceOp, x: Float32Array, start: number, rows: number, n: number, acc: Float64Array, o: number): boolean {
  const memory = sharedMemory();
  if (memory === null) return false;
  const perPiece = Math.floor(PIECE / n);
  const heap = new Float32Array(memory.buffer, 0, 2 * PIECE);
  const view = accView(op, memory.buffer, POOL_ACC, n);
  const accBytes = op === 'sum' ? 8 : 4;
  const panels = threadCount() * PANELS_PER_THREAD;
  const step = Math.ceil(n / panels / COLUMN_ALIGN) * COLUMN_ALIGN;
  const load = (r0: number, slot: number): void => {
    const r = Math.min(perPiece, rows - r0);
    heap.set(x.subarray(start + r0 * n, start + (r0 + r) * n), slot * PIECE);
  };
  view.set(acc.subarray(o, o + n));
  load(0, 0);
  for (let r0 = 0, slot = 0; r0 < rows; r0 += perPiece, slot ^= 1) {
    const r = Math.min(perPiece, rows - r0);
    const next = r0 + perPiece;
    try {
      runReduce(`${op}_cols`, slot * PIECE * 4, POOL_ACC, r, n, n, accBytes, 1, step, () => {
        if (next < rows) load(next, slot ^ 1);
      });
    } catch (err) {
      if (err instanceof ThreadPoolFailure) return false;
      throw err;
    }
  }
  acc.set(view, o);
  return true;
}
