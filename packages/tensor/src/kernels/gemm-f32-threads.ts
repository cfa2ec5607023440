import { checkArg, is } from '../check-options.ts';
import { type WasmGemm, decodeBase64, gemmModuleBytes } from './gemm-f32-modules.ts';
import { GEMM_F32_SHARED_MAX_PAGES } from './gemm-f32-wasm-bytes.ts';
import {
  BROWSER_WORKER_SOURCE,
  CTRL_ARGS,
  CTRL_CLAIM,
  CTRL_DONE,
  CTRL_FAILED,
  CTRL_FAULT,
  CTRL_KERNEL_EPOCH,
  CTRL_KIND,
  CTRL_LENGTH,
  CTRL_PARAMS,
  CTRL_READY,
  CTRL_SEQ,
  CTRL_SPIN_US,
  CTRL_STOP,
  CTRL_WORKER_PANELS,
  KIND_BINARY,
  KIND_GEMM,
  KIND_GEMM_PACK_B,
  KIND_KERNEL,
  KIND_REDUCE,
  KIND_UNARY,
  MAX_PANELS,
  NODE_WORKER_SOURCE,
} from './gemm-f32-worker-source.ts';
import { ELEMENTWISE_F32_SHARED_WASM_BASE64 } from './elementwise-f32-wasm-bytes.ts';
import { REDUCE_F32_SHARED_WASM_BASE64 } from './reduce-f32-wasm-bytes.ts';

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
 * The same workers also run element-wise jobs (elementwise-f32-simd.ts): the element-wise kernels' own
 * shared-memory build is instantiated beside the GEMM's, and a job's kind tells a worker which kernel its panels
 * (runs of elements) go to. One `runJob` publishes, claims and waits for both kinds. Reductions (reduce-f32-simd.ts)
 * are a third kind: the reduction kernels' shared build is instantiated on the element-wise kernels' memory, and a
 * job's panels are whole outputs (rows or columns), never part of one output's run.
 *
 * A product split by columns packs B in the same job: each panel packs its columns of B before multiplying
 * them (`runParallelPackB`), so that packing is split too.
 *
 * The API stays synchronous: this thread blocks in `Atomics.wait` until the panels the workers claimed are
 * done. Where it may not block (a browser's main thread) or cannot share memory (no SharedArrayBuffer, a page
 * that is not cross-origin isolated), everything stays on one thread. Workers start in the background (a
 * browser even waits for the page to return to its event loop); until one is ready, products run on one
 * thread. Any worker failure — it could not start, it threw, it stopped answering — abandons the pool for
 * good and the product is redone on one thread.
 */

/**
 * Products below this many multiply-adds (m·n·k) stay on one thread. Measured on 2 cores (Node 20), whole training
 * steps of the 784-256-128-10 MLP at batch 64 on an idle machine (`benchmarks/profile/threads-step.ts`, medians of
 * 600 steps per setting, interleaved): SGD 1.77 ms with 2²³, 1.61 ms with 2²¹ (its 64×256×128 products then split
 * too), 1.61 ms with 2²⁰; Adam 1.98 / 1.85–1.94 / 1.84 ms; one thread 2.30 / 2.53 ms. (Alone, a 2²¹ product had
 * measured 15–30 % slower on two threads than on one when the pool's workers slept between products; inside a
 * step they are still polling from the previous product.) 1024³ runs ≈ 1.6–1.9× faster on two threads.
 */
export const THREAD_MIN_WORK = 2 ** 21;
/** The threshold in force (`THREAD_MIN_WORK` unless a measurement changed it with `setThreadMinWork`). */
let threadMinWork = THREAD_MIN_WORK;
/** How long an idle worker polls for the next product before it sleeps (µs); see `setWorkerSpin`. */
let workerSpinUs = 500;
/**
 * Panels per thread: more balance the load when a thread is slowed down, fewer keep the per-panel overhead
 * low and the packed operands longer in cache. 1, 2, 4 and 8 were within noise at 1024³; 2 is the middle.
 */
const PANELS_PER_THREAD = 2;
/** A worker that leaves its panel unfinished this long (plus the panel's expected time, below) has failed. */
let timeoutMs = 5000;
/** Multiply-adds per millisecond assumed when scaling the timeout: 20× slower than the kernel runs. */
const SLOWEST_MACS_PER_MS = 1e6;
/** Elements per millisecond assumed when scaling an element-wise job's timeout: erf runs ≈ 200 times faster. */
const SLOWEST_ELEMENTS_PER_MS = 2e3;
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
interface NodeMessagePort {
  postMessage(message: unknown): void;
  unref(): void;
  close(): void;
}
interface NodeWorkerThreads {
  Worker: new (code: string, options: { eval: true; workerData: unknown; transferList?: unknown[] }) => NodeWorker;
  MessageChannel: new () => { port1: NodeMessagePort; port2: NodeMessagePort };
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
  /** Whether the workers instantiated the element-wise kernels too (they can run KIND_UNARY / KIND_BINARY jobs). */
  elementwise: boolean;
  /** One port per worker, where thread kernels are sent (Node); empty where workers cannot read a port synchronously. */
  ports: NodeMessagePort[];
}

/** A thread kernel as the workers receive it (see thread-kernel.ts). */
export interface KernelRegistration {
  id: number;
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  ops: readonly { name: string; pointers: number; scalars: number }[];
}

/** The live thread kernels by id: sent to every pool that starts, dropped from the workers when their handle dies. */
const kernelRegistrations = new Map<number, KernelRegistration>();

/**
 * The exports of elementwise-f32.wat that element-wise jobs may run on the pool, by index (the job's op
 * parameter): the unary `f(a, o, n)` ones, then the binary `f(a, b, o, n)` ones.
 */
export const POOL_UNARY_OPS = ['exp', 'log', 'tanh', 'sigmoid', 'erf'] as const;
export const POOL_BINARY_OPS = ['add', 'sub', 'mul', 'div'] as const;
/** The exports of reduce-f32.wat a reduction job may run, `f(x, rows, n, ld, acc)`. */
export const POOL_REDUCE_OPS = ['sum_rows', 'max_rows', 'min_rows', 'sum_cols', 'max_cols', 'min_cols'] as const;
const POOL_OPS: readonly string[] = [...POOL_UNARY_OPS, ...POOL_BINARY_OPS, ...POOL_REDUCE_OPS];

/**
 * The shared-memory build of the element-wise kernels, instantiated on this thread (workers instantiate the same
 * compiled module on the same memory). Kept apart from the GEMM's memory, so neither kernel's layout constrains
 * the other's.
 */
export interface SharedElementwise {
  memory: WebAssembly.Memory;
  module: WebAssembly.Module;
  exports: Record<string, (...args: number[]) => void>;
  /** The reduction kernels' shared build on the same memory (its exports), or null where it failed to instantiate. */
  reduce: { module: WebAssembly.Module; exports: Record<string, (...args: number[]) => void> } | null;
}

let numThreads: number | null = null;
let pool: Pool | null = null;
/** The shared-memory kernel: undefined until first needed, null when it cannot exist here. */
let sharedKernel: WasmGemm | null | undefined;
/** The element-wise kernels' shared build: undefined until first needed, null when it cannot exist here. */
let sharedElementwise: SharedElementwise | null | undefined;
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

/** Measurement hook: the m·n·k from which products use the pool (default `THREAD_MIN_WORK`). */
export function setThreadMinWork(macs: number): void {
  threadMinWork = macs;
}

/** Measurement hook: how long idle workers poll before sleeping, in µs (default 500); applies from their next idle spell. */
export function setWorkerSpin(us: number): void {
  workerSpinUs = us;
  if (pool !== null) Atomics.store(pool.ctrl, CTRL_SPIN_US, us);
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

/** The element-wise kernels on a shared memory of their own, or null (no shared memory or threads here). */
function getSharedElementwise(): SharedElementwise | null {
  if (sharedElementwise === undefined) {
    sharedElementwise = null;
    if ((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === false) return null;
    try {
      const memory = new WebAssembly.Memory({ initial: 1, maximum: GEMM_F32_SHARED_MAX_PAGES, shared: true });
      const module = new WebAssembly.Module(decodeBase64(ELEMENTWISE_F32_SHARED_WASM_BASE64));
      const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as SharedElementwise['exports'];
      let reduce: SharedElementwise['reduce'] = null;
      try {
        const rm = new WebAssembly.Module(decodeBase64(REDUCE_F32_SHARED_WASM_BASE64));
        reduce = { module: rm, exports: new WebAssembly.Instance(rm, { env: { memory } }).exports as SharedElementwise['exports'] };
      } catch {
        // The element-wise jobs still run; reductions stay on one thread.
      }
      sharedElementwise = { memory, module, exports, reduce };
    } catch {
      // No shared memory or threads in this engine.
    }
  }
  return sharedElementwise;
}

/** Starts `size - 1` workers on the shared kernels' memories; null when workers cannot be made here. */
function startPool(kernel: WasmGemm, size: number): Pool | null {
  const ctrl = new Int32Array(new SharedArrayBuffer(CTRL_LENGTH * 4));
  ctrl[CTRL_SPIN_US] = workerSpinUs;
  const ew = getSharedElementwise();
  const data = {
    module: kernel.module,
    memory: kernel.memory,
    ctrl,
    ew: ew === null ? undefined : { module: ew.module, memory: ew.memory, ops: POOL_OPS, reduce: ew.reduce?.module },
  };
  const stops: (() => void)[] = [];
  const ports: NodeMessagePort[] = [];
  // Runs on this thread's event loop, never during a product: the pool can be dropped right away.
  const onError = (): void => abandonPool();
  try {
    const workerThreads = nodeProcess()?.getBuiltinModule?.('node:worker_threads') as NodeWorkerThreads | undefined;
    for (let i = 1; i < size; i++) {
      if (workerThreads !== undefined) {
        const channel = new workerThreads.MessageChannel();
        const worker = new workerThreads.Worker(NODE_WORKER_SOURCE, {
          eval: true,
          workerData: { ...data, port: channel.port2 },
          transferList: [channel.port2],
        });
        // Idle workers must not keep the process alive; an 'error' listener keeps a crash from reaching this thread.
        worker.unref();
        worker.on('error', onError);
        channel.port1.unref();
        ports.push(channel.port1);
        stops.push(() => {
          worker.terminate();
          channel.port1.close();
        });
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
  // Kernels registered before this pool started; a worker drains its port at its first kernel job.
  for (const registration of kernelRegistrations.values()) for (const port of ports) port.postMessage(registration);
  return {
    ctrl,
    size,
    seq: 0,
    elementwise: ew !== null,
    ports,
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

/**
 * Packs the `nb` rows of Bᵀ whose raw copy starts at byte `src` (row / column strides `rs`, `cs` in bytes) into B
 * panels at byte `b`, then computes C = A·B as `gemm(mp, np, k, a, b, c, ldc)` would: the packing and the product
 * of a kernel, done together so the pool can split both (`runParallelPackB`).
 */
export type GemmPackB = typeof runParallelPackB;

/** The threaded kernel: its memory-owning instance, a `gemm` that splits over the pool, and its B-packing form. */
const threaded = {
  kernel: null as unknown as WasmGemm,
  run: runParallel,
  runPackB: runParallelPackB,
};

/**
 * Whether a product of m·n·k multiply-adds would be split over the worker pool now (more than one thread,
 * big enough, blocking allowed, pool not given up), without starting the pool: for callers choosing
 * between the GEMM and a one-thread kernel with the same results (the direct convolution).
 */
export function gemmWouldThread(m: number, n: number, k: number): boolean {
  return !broken && m * n * k >= threadMinWork && threadCount() > 1 && blockingAllowed();
}

/**
 * The pool when a job may use it (thread count > 1, blocking allowed, shared memory available, pool intact with
 * a worker ready), else null (one thread). Starts or resizes the pool as needed.
 */
function acquirePool(): Pool | null {
  if (broken) return null;
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
  return pool;
}

/**
 * The shared kernel and its pool-splitting `run` when this product should use threads (m·n·k ≥
 * THREAD_MIN_WORK and `acquirePool` gives a pool); otherwise null (one thread). Starts the pool on first use.
 */
export function threadedGemm(m: number, n: number, k: number): { kernel: WasmGemm; run: WasmGemm['gemm']; runPackB: GemmPackB } | null {
  if (broken || m * n * k < threadMinWork) return null;
  if (acquirePool() === null) return null;
  threaded.kernel = getSharedKernel()!;
  return threaded;
}

/**
 * The element-wise kernels' shared build when a job may be split over the pool, else null (one thread). Starts
 * the pool on first use; element-wise jobs run on it once a worker is ready.
 */
export function threadedElementwise(): SharedElementwise | null {
  if (broken) return null;
  const p = acquirePool();
  return p?.elementwise ? sharedElementwise! : null;
}

/**
 * Runs the element-wise kernel `op` (one of POOL_UNARY_OPS / POOL_BINARY_OPS) over n elements of the shared
 * element-wise memory (byte offsets a, b, o; b unused by unary ops) in panels of `step` elements claimed by this
 * thread and the workers. `step` must be a multiple of every unrolled loop's group, so no panel's padding
 * lanes reach into the next panel. Throws ThreadPoolFailure if a worker failed or timed out.
 */
export function runElementwise(op: string, a: number, b: number, o: number, n: number, step: number): void {
  const ew = sharedElementwise!;
  const fn = ew.exports[op]!;
  const unary = (POOL_UNARY_OPS as readonly string[]).includes(op);
  const count = Math.ceil(n / step);
  const panel = unary
    ? (i: number) => fn(a + i * step * 4, o + i * step * 4, Math.min(step, n - i * step))
    : (i: number) => fn(a + i * step * 4, b + i * step * 4, o + i * step * 4, Math.min(step, n - i * step));
  const p = pool;
  if (p === null || count < 2) {
    for (let i = 0; i < count; i++) panel(i);
    return;
  }
  runJob(
    p,
    unary ? KIND_UNARY : KIND_BINARY,
    [POOL_OPS.indexOf(op), a, b, o, n, step, count],
    count,
    panel,
    step / SLOWEST_ELEMENTS_PER_MS,
  );
}

/**
 * Runs the reduction kernel `op` (one of POOL_REDUCE_OPS) on the shared element-wise memory — `rows` runs of `n`
 * floats at byte `x`, `ld` floats apart, accumulators of `accBytes` bytes at byte `acc` — split into panels of
 * `step` whole outputs: rows (`split` 0, a `*_rows` op) or columns (`split` 1, a `*_cols` op; `step` a multiple of
 * 4 keeps every panel's vectors whole). `overlap` (optional) runs on this thread while the workers start on the
 * panels — the caller copies its next piece into memory no panel reads — before this thread claims panels too.
 * Throws ThreadPoolFailure if a worker failed or timed out.
 */
export function runReduce(
  op: (typeof POOL_REDUCE_OPS)[number],
  x: number,
  acc: number,
  rows: number,
  n: number,
  ld: number,
  accBytes: number,
  split: 0 | 1,
  step: number,
  overlap?: () => void,
): void {
  const fn = sharedElementwise!.reduce!.exports[op]!;
  const side = split === 0 ? rows : n;
  const count = Math.ceil(side / step);
  const panel =
    split === 0
      ? (i: number) => fn(x + i * step * ld * 4, Math.min(step, rows - i * step), n, ld, acc + i * step * accBytes)
      : (i: number) => fn(x + i * step * 4, rows, Math.min(step, n - i * step), ld, acc + i * step * accBytes);
  const p = pool;
  if (p === null || count < 2) {
    for (let i = 0; i < count; i++) panel(i);
    overlap?.();
    return;
  }
  const perPanel = split === 0 ? step * n : rows * step;
  runJob(
    p,
    KIND_REDUCE,
    [POOL_OPS.indexOf(op), x, acc, rows, n, ld, accBytes, split, step, count],
    count,
    panel,
    perPanel / SLOWEST_ELEMENTS_PER_MS,
    overlap,
  );
}

/** Sends `message` to every worker of the running pool, then bumps the epoch that makes them read it. */
function postToWorkers(message: unknown): void {
  if (pool === null) return;
  for (const port of pool.ports) port.postMessage(message);
  Atomics.add(pool.ctrl, CTRL_KERNEL_EPOCH, 1);
}

/** Whether workers here can take thread kernels: Node's `worker_threads` (a browser worker cannot read a port while it waits). */
export function threadKernelsSupported(): boolean {
  return nodeProcess()?.getBuiltinModule?.('node:worker_threads') !== undefined && getSharedKernel() !== null;
}

/** Registers a thread kernel with the workers of this pool and of every later one (thread-kernel.ts). */
export function registerThreadKernel(registration: KernelRegistration): void {
  kernelRegistrations.set(registration.id, registration);
  postToWorkers(registration);
}

/** Forgets a thread kernel: the workers drop their instance of it (its memory then lives only as long as its views). */
export function dropThreadKernel(id: number): void {
  if (kernelRegistrations.delete(id)) postToWorkers({ drop: id });
}

/** How many thread kernels are registered, for tests. */
export function threadKernelCount(): number {
  return kernelRegistrations.size;
}

/**
 * Runs `count` panels of a thread kernel's op over the pool when one may be used (see `acquirePool`; the pool
 * must have ports), else on this thread: `runPanel(i)` is this thread's call of panel i, `params` the job's
 * [id, op index, n, step, count], `args` its pointers and scalar bits. Throws ThreadPoolFailure if a worker failed or
 * timed out.
 */
export function runKernelJob(
  params: readonly [number, number, number, number, number],
  args: readonly number[],
  runPanel: (i: number) => void,
  panelElements: number,
): void {
  const count = params[4];
  const p = count < 2 ? null : acquirePool();
  if (p === null || p.ports.length === 0) {
    for (let i = 0; i < count; i++) runPanel(i);
    return;
  }
  runJob(p, KIND_KERNEL, params, count, runPanel, panelElements / SLOWEST_ELEMENTS_PER_MS, undefined, args);
}

/**
 * How a product's C is split: along its longer side (columns when np ≥ mp), in steps of whole 4-row / 8-column
 * tiles, into about PANELS_PER_THREAD panels per thread of pool `p` (one panel without a pool).
 */
function panelSplit(p: Pool | null, mp: number, np: number): { cols: boolean; step: number; count: number } {
  const cols = np >= mp;
  const align = cols ? 8 : 4;
  const side = cols ? np : mp;
  const wanted = Math.min(MAX_PANELS, p === null ? 1 : p.size * PANELS_PER_THREAD);
  const step = Math.ceil(side / wanted / align) * align;
  return { cols, step, count: Math.ceil(side / step) };
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
 * The kernel's `gemm(mp, np, k, a, b, c, ldc)` split over the pool (`panelSplit`). Throws ThreadPoolFailure if a
 * worker failed or timed out (after abandoning the pool).
 */
function runParallel(mp: number, np: number, k: number, a: number, b: number, c: number, ldc: number): void {
  const p = pool;
  const gemm = threaded.kernel.gemm;
  const { cols, step, count } = panelSplit(p, mp, np);
  if (p === null || count < 2) {
    gemm(mp, np, k, a, b, c, ldc);
    return;
  }
  runJob(
    p,
    KIND_GEMM,
    [mp, np, k, a, b, c, ldc, cols ? 1 : 0, step, count],
    count,
    (i) => panel(gemm, mp, np, k, a, b, c, ldc, cols, i * step, step),
    ((cols ? mp * step : step * np) * k) / SLOWEST_MACS_PER_MS,
  );
}

/**
 * `GemmPackB` over the pool: when C is split by columns (np ≥ mp), each panel packs its own columns of B before
 * its product, so the packing is split too (a 784×256 weight's pack is ≈ 0.08 ms of a training step's serial
 * work); otherwise B is packed here and the product split as `runParallel` splits it. The packed bytes, and so
 * C, are the same either way. Throws ThreadPoolFailure if a worker failed or timed out.
 */
function runParallelPackB(
  mp: number,
  np: number,
  k: number,
  a: number,
  b: number,
  c: number,
  ldc: number,
  src: number,
  rs: number,
  cs: number,
  nb: number,
): void {
  const p = pool;
  const kern = threaded.kernel;
  const { cols, step, count } = panelSplit(p, mp, np);
  if (p === null || !cols || count < 2) {
    kern.pack(src, rs, cs, nb, k, b, 8);
    runParallel(mp, np, k, a, b, c, ldc);
    return;
  }
  const { gemm, pack } = kern;
  runJob(
    p,
    KIND_GEMM_PACK_B,
    [mp, np, k, a, b, c, ldc, 1, step, count],
    count,
    (i) => {
      const at = i * step;
      pack(src + at * rs, rs, cs, Math.min(step, nb - at), k, b + at * k * 4, 8);
      gemm(mp, Math.min(step, np - at), k, a, b + at * k * 4, c + at * 4, ldc);
    },
    (mp * step * k) / SLOWEST_MACS_PER_MS,
    undefined,
    [src, rs, cs, nb],
  );
}

/**
 * Publishes a job of `count` panels (protocol: gemm-f32-worker-source.ts), runs panels on this thread as the
 * workers do, and waits for the workers' last ones. `panelMs` is a panel's time at the slowest rate assumed,
 * added to the timeout. `overlap`, if given, runs right after the job is published, before this thread claims
 * panels; `args` (a thread-kernel job's pointers and scalar bits) go to the CTRL_ARGS slots. Throws ThreadPoolFailure (after abandoning the pool) if a worker failed or timed out.
 */
function runJob(
  p: Pool,
  kind: number,
  params: readonly number[],
  count: number,
  runPanel: (i: number) => void,
  panelMs: number,
  overlap?: () => void,
  args?: readonly number[],
): void {
  const ctrl = p.ctrl;
  const writing = (p.seq + 1) | 0;
  const seq = (p.seq + 2) | 0;
  p.seq = seq;
  Atomics.store(ctrl, CTRL_SEQ, writing);
  Atomics.store(ctrl, CTRL_KIND, kind);
  for (let i = 0; i < params.length; i++) Atomics.store(ctrl, CTRL_PARAMS + i, params[i]!);
  if (args !== undefined) for (let i = 0; i < args.length; i++) Atomics.store(ctrl, CTRL_ARGS + i, args[i]!);
  Atomics.store(ctrl, CTRL_DONE, 0);
  const tag = (seq >>> 1) & 0x7fff;
  Atomics.store(ctrl, CTRL_CLAIM, tag << 16);
  Atomics.store(ctrl, CTRL_SEQ, seq);
  Atomics.notify(ctrl, CTRL_SEQ);
  overlap?.();
  // This thread claims panels like any worker.
  let mine = 0;
  for (;;) {
    const claim = Atomics.load(ctrl, CTRL_CLAIM);
    const i = claim & 0xffff;
    if (i >= count) break;
    if (Atomics.compareExchange(ctrl, CTRL_CLAIM, claim, claim + 1) !== claim) continue;
    runPanel(i);
    mine++;
    Atomics.add(ctrl, CTRL_DONE, 1);
  }
  if (mine === count) return;
  // Wait for the panels workers claimed; at most one per worker is still running.
  const now = performance.now();
  const deadline = now + timeoutMs + panelMs;
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
  throw new ThreadPoolFailure('worker pool failed');
}
