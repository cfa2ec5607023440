import { checkThreadCount, setThreadCount, threadCount, threadPoolStatus } from './kernels/gemm-f32-threads.ts';

/**
 * Sets how many threads float32 matrix products, the float32 transcendental element-wise ops (`exp`, `log`,
 * `tanh`, `sigmoid`, `erf`) and float32 `sum`, `mean`, `max`, `min` (and `sumToShape`) use: this one plus `n − 1`
 * Web Workers / `worker_threads` sharing the WebAssembly kernels' memories. `setNumThreads(1)` runs everything on
 * the calling thread. The workers start in the background at the first product or op big enough for them
 * (m·n·k ≥ 2²¹ multiply-adds; 2¹⁶ elements for exp, 2¹⁴ for the others, 2²² for the reductions; smaller ones
 * always stay on one thread), and everything runs on one thread until a worker is ready. Other element-wise ops
 * and reductions always run on one thread: copying their operands into the shared memory would cost more than
 * their arithmetic. Thread kernels (`createThreadKernel`) share the same workers: `@seedling-ml/optim`'s Adam and
 * AdamW split the update of a float32 parameter of 65,536 elements or more (in Node).
 *
 * Results do not depend on the thread count: C is split into panels of whole rows or columns, never along
 * the summed dimension k, so every element is accumulated by the same code in the same order — bit for bit;
 * an element-wise op is split into runs of elements, each computed by the same kernel code; a reduction into
 * whole outputs, never one output's run (the sum of a whole array adds blocks of a fixed length separately, then
 * their sums in order, on any number of threads).
 *
 * Threads need `SharedArrayBuffer` and a thread that may block in `Atomics.wait`: Node (main thread and
 * workers) and browser Web Workers of a cross-origin-isolated page (`crossOriginIsolated === true`). A
 * browser's main thread, or a page that is not isolated, uses one thread whatever `n` is. A worker that fails
 * turns threads off for the rest of the process (the product is redone on one thread).
 *
 * @param n - Thread count, an integer ≥ 1. Default: the number of cores (`os.availableParallelism()`,
 *   `navigator.hardwareConcurrency`; at most 16), or the `SEEDLING_NUM_THREADS` environment variable in Node.
 * @throws ArgumentError when `n` is not an integer ≥ 1.
 *
 * @example
 * setNumThreads(2);
 * getNumThreads(); // 2
 */
export function setNumThreads(n: number): void {
  setThreadCount(checkThreadCount('setNumThreads', 'n', n));
}

/**
 * The thread count float32 matrix products, transcendental ops and large reductions may use (see
 * `setNumThreads`): the last value set, else `SEEDLING_NUM_THREADS` (Node), else the number of cores (at most 16).
 *
 * @throws ArgumentError when `SEEDLING_NUM_THREADS` is set but is not an integer ≥ 1.
 *
 * @example
 * getNumThreads() >= 1; // true
 */
export function getNumThreads(): number {
  return threadCount();
}

/** What `getThreadPoolStatus` reports. */
export interface ThreadPoolStatus {
  /** The thread count in force (`getNumThreads()`). */
  readonly threads: number;
  /** Workers of the running pool that have started (0 before the first big enough op, or with one thread). */
  readonly readyWorkers: number;
  /** Panels the workers (not the calling thread) have computed since the pool started. */
  readonly workerPanels: number;
  /** True once a worker failed: threads stay off for the rest of the process. */
  readonly broken: boolean;
}

/**
 * Whether the worker pool of `setNumThreads` is running and taking work: for checking that threads work where
 * the code runs (a page that is not cross-origin isolated, or a browser's main thread, never starts workers) and
 * for tests. The counts are read at the call.
 *
 * @example
 * setNumThreads(1);
 * getThreadPoolStatus().threads; // 1
 */
export function getThreadPoolStatus(): ThreadPoolStatus {
  return threadPoolStatus();
}
