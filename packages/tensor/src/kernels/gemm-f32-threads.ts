import { checkArg, is } from '../check-options.ts';
import { type WasmGemm, decodeBase64, gemmModuleBytes } from './gemm-f32-modules.ts';
import { GEMM_F32_SHARED_MAX_PAGES } from './gemm-f32-wasm-bytes.ts';
import {
  BROWSER_WORKER_SOURCE,
  CTRL_CLAIM,
  CTRL_DONE,
  CTRL_FAILED,
  CTRL_FAULT,
  CTRL_LENGTH,
  CTRL_PARAMS,
  CTRL_READY,
  CTRL_SEQ,
  CTRL_STOP,
  CTRL_WORKER_PANELS,
  MAX_PANELS,
  NODE_WORKER_SOURCE,
} from './gemm-f32-worker-source.ts';

/*
 * The GEMM worker pool. The shared-memory build of the kernel is compiled once, here, and that compiled
 * `WebAssembly.Module` is instantiated on this thread and in every worker on the same `WebAssembly.Memory`
 * (workers that compiled the bytes themselves ran their panels at about half speed: a 64×784×256 product
 * took 0.62 ms on 2 threads as on one, and 0.32 ms once the module was shared). gemm-f32-simd.ts packs A and
 * B into that memory as for one thread, then `run` splits the kernel call into panels of C (whole rows or
 * whole columns, never k) that this thread and the workers claim one at a time (protocol:
 * gemm-f32-worker-source.ts). Because every element of C is
 * summed by the same code in the same order whichever thread computes it, results are bit-identical for any
 * thread count.
 *
 * The API stays synchronous: this thread blocks in `Atomics.wait` until the panels the workers claimed are
 * done. Where it may not block (a browser's main thread) or cannot share memory (no SharedArrayBuffer, a page
 * that is not cross-origin isolated), everything stays on one thread. Workers start in the background (a
 * browser even waits for the page to return to its event loop); until one is ready, products run on one
 * thread. Any worker failure — it could not start, it threw, it stopped answering — abandons the pool for
 * good and the product is redone on one thread.
 */

/**
 * Products below this many multiply-adds (m·n·k) stay on one thread. Measured on 2 cores (Node 20): at
 * 2²¹ (64×256×128) two threads were 15–30 % slower than one — packing into and copying out of shared memory
 * costs about twice as much, and a sleeping worker takes tens of microseconds to wake; at 12.8·10⁶
 * (64×784×256) they were ≈ 1.5× faster, at 256³ ≈ 1.15×, at 1024³ ≈ 1.6–1.9×.
 */
export const THREAD_MIN_WORK = 2 ** 23;
/**
 * Panels per thread: more balance the load when a thread is slowed down, fewer keep the per-panel overhead
 * low and the packed operands longer in cache. 1, 2, 4 and 8 were within noise at 1024³; 2 is the middle.
 */
const PANELS_PER_THREAD = 2;
/** A worker that leaves its panel unfinished this long (plus the panel's expected time, below) has failed. */
let timeoutMs = 5000;
/** Multiply-adds per millisecond assumed when scaling the timeout: 20× slower than the kernel runs. */
const SLOWEST_MACS_PER_MS = 1e6;
/** How long this thread polls for the workers' last panels before it sleeps in `Atomics.wait` (ms). */
const MAIN_SPIN_MS = 0.5;
/**
 * Cap on the default thread count, so a many-core machine does not start dozens of workers (each a V8 isolate
 * of several MB) unasked; `setNumThreads` may go higher.
 */
const MAX_DEFAULT_THREADS = 16;

/**
 * Thrown by `run` when the pool failed mid-product. Internal: gemm-f32-simd.ts catches it and redoes the
 * product on one thread, so it never reaches a caller (hence a plain Error, not a SeedlingError).
 */
export class ThreadPoolFailure extends Error {}

/** The little of Node's `worker_threads` used here (typed locally: the package builds without Node's types). */
interface NodeWorker {
  unref(): void;
  on(event: 'error', listener: (err: unknown) => void): void;
  terminate(): unknown;
}
interface NodeWorkerThreads {
  Worker: new (code: string, options: { eval: true; workerData: unknown }) => NodeWorker;
}
interface NodeProcess {
  env?: Record<string, string | undefined>;
  getBuiltinModule?: (id: string) => unknown;
}

interface Pool {
  ctrl: Int32Array;
  /** Threads including this one. */
  size: number;
  stop: () => void;
  seq: number;
}

let numThreads: number | null = null;
let pool: Pool | null = null;
/** The shared-memory kernel: undefined until first needed, null when it cannot exist here. */
let sharedKernel: WasmGemm | null | undefined;
/** Set once the pool has failed; threads stay off for the rest of the process. */
let broken = false;
/** Whether this thread may block in `Atomics.wait` (not on a browser's main thread). */
let canBlock: boolean | null = null;

function nodeProcess(): NodeProcess | undefined {
  const p = (globalThis as { process?: NodeProcess }).process;
  return typeof p === 'object' && p !== null ? p : undefined;
}

/** Cores of this machine: `os.availableParallelism()` in Node, `navigator.hardwareConcurrency` in browsers. */
function coreCount(): number {
  const os = nodeProcess()?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number } | undefined;
  const cores =
    os?.availableParallelism?.() ?? (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return typeof cores === 'number' && Number.isSafeInteger(cores) && cores >= 1 ? cores : 1;
}

/** Validates a thread count (from `setNumThreads` or the environment): an integer ≥ 1, else an ArgumentError. */
export function checkThreadCount(op: string, name: string, n: unknown): number {
  return checkArg<number>(op, name, n, is.positiveInteger);
}

/** The thread count; see `getNumThreads` in threads.ts. */
export function threadCount(): number {
  if (numThreads === null) {
    const env = nodeProcess()?.env?.SEEDLING_NUM_THREADS;
    numThreads =
      env !== undefined && env !== ''
        ? checkThreadCount('getNumThreads', 'SEEDLING_NUM_THREADS', /^\d+$/.test(env.trim()) ? Number(env) : env)
        : Math.min(coreCount(), MAX_DEFAULT_THREADS);
  }
  return numThreads;
}

/**
 * Sets the thread count. The pool is resized lazily: the next threaded product with a different count retires
 * it and starts another, so switching to 1 thread and back keeps the running workers.
 */
export function setThreadCount(n: number): void {
  numThreads = n;
}

/** The pool's state, for tests: whether it exists and is intact, how many workers are running, panels they did. */
export function threadPoolStatus(): { threads: number; readyWorkers: number; workerPanels: number; broken: boolean } {
  return {
    threads: threadCount(),
    readyWorkers: pool === null ? 0 : Atomics.load(pool.ctrl, CTRL_READY),
    workerPanels: pool === null ? 0 : Atomics.load(pool.ctrl, CTRL_WORKER_PANELS),
    broken,
  };
}

/** Test hook: makes workers throw (1) or hang (2) on their next panel; 0 clears it and releases a hung worker. */
export function injectWorkerFault(fault: 0 | 1 | 2): void {
  if (pool === null) return;
  Atomics.store(pool.ctrl, CTRL_FAULT, fault);
  Atomics.notify(pool.ctrl, CTRL_FAULT);
}

/** Test hook: the base timeout in ms for a worker's unfinished panel (default 5000). */
export function setWorkerTimeout(ms: number): void {
  timeoutMs = ms;
}

/** Test hook: forgets a failure so the next product starts a fresh pool. */
export function resetThreadPool(): void {
  pool?.stop();
  pool = null;
  broken = false;
}

/** Probes once whether `Atomics.wait` may block here: it throws on a browser's main thread. */
function blockingAllowed(): boolean {
  if (canBlock === null) {
    try {
      canBlock = Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0) === 'not-equal';
    } catch {
      canBlock = false;
    }
  }
  return canBlock;
}

function getSharedKernel(): WasmGemm | null {
  if (sharedKernel === undefined) {
    sharedKernel = null;
    // A page that is not cross-origin isolated may not share memory with workers (engines refuse to post it).
    if ((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === false) return null;
    try {
      const memory = new WebAssembly.Memory({ initial: 1, maximum: GEMM_F32_SHARED_MAX_PAGES, shared: true });
      const module = new WebAssembly.Module(decodeBase64(gemmModuleBytes(true).bytes));
      const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Omit<WasmGemm, 'heap' | 'memory'>;
      sharedKernel = { memory, module, gemm: exports.gemm, pack: exports.pack, heap: new Float32Array(memory.buffer) };
    } catch {
      // No shared memory or threads in this engine (or a page that is not cross-origin isolated).
    }
  }
  return sharedKernel;
}

/** Starts `size - 1` workers on the shared kernel's memory; null when workers cannot be made here. */
function startPool(kernel: WasmGemm, size: number): Pool | null {
  const ctrl = new Int32Array(new SharedArrayBuffer(CTRL_LENGTH * 4));
  const data = { module: kernel.module, memory: kernel.memory, ctrl };
  const stops: (() => void)[] = [];
  // Runs on this thread's event loop, never during a product: the pool can be dropped right away.
  const onError = (): void => abandonPool();
  try {
    const workerThreads = nodeProcess()?.getBuiltinModule?.('node:worker_threads') as NodeWorkerThreads | undefined;
    for (let i = 1; i < size; i++) {
      if (workerThreads !== undefined) {
        const worker = new workerThreads.Worker(NODE_WORKER_SOURCE, { eval: true, workerData: data });
        // Idle workers must not keep the process alive; an 'error' listener keeps a crash from reaching this thread.
        worker.unref();
        worker.on('error', onError);
        stops.push(() => worker.terminate());
      } else if (typeof Worker === 'function' && typeof Blob === 'function') {
        const url = URL.createObjectURL(new Blob([BROWSER_WORKER_SOURCE], { type: 'text/javascript' }));
        const worker = new Worker(url);
        worker.onerror = onError;
        worker.postMessage(data);
        stops.push(() => {
          worker.terminate();
          URL.revokeObjectURL(url);
        });
      } else {
        return null;
      }
    }
  } catch {
    for (const stop of stops) stop();
    return null;
  }
  return {
    ctrl,
    size,
    seq: 0,
    stop: () => {
      // Idle workers wake, see STOP and return; terminate() ends any that cannot.
      Atomics.store(ctrl, CTRL_STOP, 1);
      Atomics.notify(ctrl, CTRL_SEQ);
      for (const stop of stops) stop();
    },
  };
}

function abandonPool(): void {
  broken = true;
  pool?.stop();
  pool = null;
}

/** The threaded kernel: its memory-owning instance and a `gemm` that splits over the pool. */
const threaded = {
  kernel: null as unknown as WasmGemm,
  run: runParallel,
};

/**
 * Whether a product of m·n·k multiply-adds would be split over the worker pool now (more than one thread,
 * big enough, blocking allowed, pool not given up), without starting the pool: for callers choosing
 * between the GEMM and a one-thread kernel with the same results (the direct convolution).
 */
export function gemmWouldThread(m: number, n: number, k: number): boolean {
  return !broken && m * n * k >= THREAD_MIN_WORK && threadCount() > 1 && blockingAllowed();
}

/**
 * The shared kernel and its pool-splitting `run` when this product should use threads (thread count > 1,
 * m·n·k ≥ THREAD_MIN_WORK, blocking allowed, shared memory available, pool intact with a worker ready);
 * otherwise null (one thread). Starts the pool on first use.
 */
export function threadedGemm(m: number, n: number, k: number): { kernel: WasmGemm; run: WasmGemm['gemm'] } | null {
  if (broken || m * n * k < THREAD_MIN_WORK) return null;
  const size = threadCount();
  if (size <= 1 || !blockingAllowed()) return null;
  const kernel = getSharedKernel();
  if (kernel === null) return null;
  if (pool !== null && pool.size !== size) {
    pool.stop();
    pool = null;
  }
  if (pool === null) {
    pool = startPool(kernel, size);
    if (pool === null) {
      broken = true;
      return null;
    }
  }
  if (Atomics.load(pool.ctrl, CTRL_FAILED) !== 0) {
    abandonPool();
    return null;
  }
  if (Atomics.load(pool.ctrl, CTRL_READY) === 0) return null;
  threaded.kernel = kernel;
  return threaded;
}

/** One panel of a job: rows [at, at + step) or columns [at, at + step) of C. */
function panel(
  gemm: WasmGemm['gemm'],
  mp: number,
  np: number,
  k: number,
  a: number,
  b: number,
  c: number,
  ldc: number,
  cols: boolean,
  at: number,
  step: number,
): void {
  if (cols) gemm(mp, Math.min(step, np - at), k, a, b + at * k * 4, c + at * 4, ldc);
  else gemm(Math.min(step, mp - at), np, k, a + at * k * 4, b, c + at * ldc, ldc);
}

/**
 * The kernel's `gemm(mp, np, k, a, b, c, ldc)` split over the pool. Splits the longer side of C, in steps
 * that are whole 4-row / 8-column tiles, into about PANELS_PER_THREAD panels per thread. Throws
 * ThreadPoolFailure if a worker failed or timed out (after abandoning the pool).
 */
function runParallel(mp: number, np: number, k: number, a: number, b: number, c: number, ldc: number): void {
  const p = pool;
  const gemm = threaded.kernel.gemm;
  const cols = np >= mp;
  const align = cols ? 8 : 4;
  const side = cols ? np : mp;
  const wanted = Math.min(MAX_PANELS, p === null ? 1 : p.size * PANELS_PER_THREAD);
  const step = Math.ceil(side / wanted / align) * align;
  const count = Math.ceil(side / step);
  if (p === null || count < 2) {
    gemm(mp, np, k, a, b, c, ldc);
    return;
  }
  const ctrl = p.ctrl;
  const writing = (p.seq + 1) | 0;
  const seq = (p.seq + 2) | 0;
  p.seq = seq;
  Atomics.store(ctrl, CTRL_SEQ, writing);
  const params = [mp, np, k, a, b, c, ldc, cols ? 1 : 0, step, count];
  for (let i = 0; i < params.length; i++) Atomics.store(ctrl, CTRL_PARAMS + i, params[i]!);
  Atomics.store(ctrl, CTRL_DONE, 0);
  const tag = (seq >>> 1) & 0x7fff;
  Atomics.store(ctrl, CTRL_CLAIM, tag << 16);
  Atomics.store(ctrl, CTRL_SEQ, seq);
  Atomics.notify(ctrl, CTRL_SEQ);
  // This thread claims panels like any worker.
  let mine = 0;
  for (;;) {
    const claim = Atomics.load(ctrl, CTRL_CLAIM);
    const i = claim & 0xffff;
    if (i >= count) break;
    if (Atomics.compareExchange(ctrl, CTRL_CLAIM, claim, claim + 1) !== claim) continue;
    panel(gemm, mp, np, k, a, b, c, ldc, cols, i * step, step);
    mine++;
    Atomics.add(ctrl, CTRL_DONE, 1);
  }
  if (mine === count) return;
  // Wait for the panels workers claimed; at most one per worker is still running.
  const panelWork = (cols ? mp * step : step * np) * k;
  const now = performance.now();
  const deadline = now + timeoutMs + panelWork / SLOWEST_MACS_PER_MS;
  const spinUntil = now + MAIN_SPIN_MS;
  for (;;) {
    const done = Atomics.load(ctrl, CTRL_DONE);
    if (done === count) return;
    if (Atomics.load(ctrl, CTRL_FAILED) !== 0) break;
    const t = performance.now();
    if (t >= deadline) break;
    // The last worker panel usually ends within a panel's time: poll for that long before sleeping.
    if (t >= spinUntil) Atomics.wait(ctrl, CTRL_DONE, done, deadline - t);
  }
  abandonPool();
  throw new ThreadPoolFailure('gemm worker pool failed');
}
