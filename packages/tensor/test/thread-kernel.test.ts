import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, test } from 'vitest';
import { ArgumentError } from '../src/errors.ts';
import { ELEMENTWISE_F32_SHARED_WASM_BASE64 } from '../src/kernels/elementwise-f32-wasm-bytes.ts';
import { decodeBase64 } from '../src/kernels/gemm-f32-modules.ts';
import {
  injectWorkerFault,
  resetThreadPool,
  setThreadCount,
  setWorkerTimeout,
  threadKernelCount,
  threadPoolStatus,
} from '../src/kernels/gemm-f32-threads.ts';
import { type ThreadKernel, ThreadKernelError, createThreadKernel, runThreadKernel } from '../src/thread-kernel.ts';
import { getNumThreads } from '../src/threads.ts';

/*
 * Thread kernels: a module of the caller's on a shared memory of its own, run in panels by this thread and the
 * pool's workers (which receive it by message). The module here is the element-wise kernels' shared build: `add`
 * as a pure op (o = a + b) and `mul` as an in-place one (x ← x·two, o = a). Results must be the one-thread bits for
 * any thread count, the workers must really take panels, kernels registered before a pool starts must reach its
 * workers, a failed worker must leave a pure job's results correct and make an in-place job throw, and a collected
 * handle must be unregistered. (Float32 scalars travel through the pool in optim's Adam tests.)
 */

const OPS = [
  { name: 'add', pointers: 3, scalars: 0 },
  { name: 'mul', pointers: 3, scalars: 0, inPlace: true },
] as const;

/** Elements per array in the tests: 64 panels of 1,024 (a multiple of every unrolled group of the kernels). */
const N = 65_536;
const STEP = 1024;
const A = 0;
const B = N * 4;
const OUT = 2 * N * 4;

const module = new WebAssembly.Module(decodeBase64(ELEMENTWISE_F32_SHARED_WASM_BASE64));

function make(): ThreadKernel {
  const kernel = createThreadKernel(module, OPS, { initialPages: 16, maximumPages: 16384 });
  if (kernel === null) throw new Error('thread kernels are available in Node');
  return kernel;
}

function view(kernel: ThreadKernel, at: number): Float32Array {
  return new Float32Array(kernel.buffer, at, N);
}

function fillOperands(kernel: ThreadKernel): void {
  const [a, b] = [view(kernel, A), view(kernel, B)];
  for (let i = 0; i < N; i++) {
    a[i] = Math.sin(i) * 100;
    b[i] = Math.cos(i * 0.37) / 3;
  }
}

/** a + b in float32, as the kernel computes it. */
function expectedSum(kernel: ThreadKernel): Float32Array {
  const b = view(kernel, B);
  return view(kernel, A).map((x, i) => Math.fround(x + b[i]!));
}

async function workersReady(workers: number): Promise<void> {
  const start = Date.now();
  while (threadPoolStatus().readyWorkers < workers) {
    if (Date.now() - start > 20_000) throw new Error(`only ${threadPoolStatus().readyWorkers} of ${workers} workers started`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Runs the pure op until a worker has taken one of its panels (this thread may win every panel of one job). */
function addOnWorkers(kernel: ThreadKernel): void {
  const before = threadPoolStatus().workerPanels;
  for (let rep = 0; rep < 500 && threadPoolStatus().workerPanels === before; rep++) {
    view(kernel, OUT).fill(Number.NaN);
    runThreadKernel(kernel, 'add', [A, B, OUT], N, STEP, []);
  }
  expect(threadPoolStatus().workerPanels).toBeGreaterThan(before);
}

afterAll(() => {
  injectWorkerFault(0);
  setWorkerTimeout(5000);
  resetThreadPool();
  setThreadCount(getNumThreads());
});

describe('thread kernels run on the pool', () => {
  test('a pure op gives the one-thread results on 1, 2 and 3 threads, with the workers taking panels', async () => {
    resetThreadPool();
    const kernel = make();
    fillOperands(kernel);
    const expected = expectedSum(kernel);
    for (const threads of [1, 2, 3]) {
      setThreadCount(threads);
      view(kernel, OUT).fill(Number.NaN);
      runThreadKernel(kernel, 'add', [A, B, OUT], N, STEP, []); // starts (or resizes) the pool
      if (threads > 1) {
        await workersReady(threads - 1);
        addOnWorkers(kernel);
      }
      expect(view(kernel, OUT)).toEqual(expected);
    }
  });

  test('a kernel made while a pool runs reaches its workers, and an in-place op updates every element once', async () => {
    resetThreadPool();
    setThreadCount(2);
    const first = make();
    runThreadKernel(first, 'add', [A, B, OUT], N, STEP, []);
    await workersReady(1);
    const late = make();
    const [x, two] = [view(late, A), view(late, B)];
    x.fill(1);
    two.fill(2);
    for (let rep = 0; rep < 20; rep++) runThreadKernel(late, 'mul', [A, B, A], N, STEP, []);
    expect(x.every((v) => v === 2 ** 20)).toBe(true);
    fillOperands(late);
    addOnWorkers(late);
    expect(view(late, OUT)).toEqual(expectedSum(late));
  });

  test('buffer follows the memory when the module grows it', () => {
    const kernel = make();
    const before = kernel.buffer.byteLength;
    (kernel.exports.memory as { grow(pages: number): number }).grow(1);
    expect(kernel.buffer.byteLength).toBe(before + 65536);
  });

  test('bad calls throw ArgumentErrors naming the op and the value', () => {
    const kernel = make();
    expect(() => runThreadKernel(kernel, 'nope', [0], 4, 4, [])).toThrow(ArgumentError);
    expect(() => runThreadKernel(kernel, 'add', [0], 4, 4, [1])).toThrow(/op 'add' takes 3 pointers and 0 scalars, got 1 and 1/);
    expect(() => runThreadKernel(kernel, 'add', [0, 0, 0], 10_000, 1, [])).toThrow(/10000 panels of 1 elements \(at most 256\)/);
    expect(() => runThreadKernel(kernel, 'add', [0, 0, 0], 10, 0, [])).toThrow(/step > 0/);
    expect(() => runThreadKernel(kernel, 'add', [0, -4, 0], 10, 4, [])).toThrow(
      /runThreadKernel: pointers must be an array of byte offsets \(integers ≥ 0\), got \[0, -4, 0\]/,
    );
    expect(() => runThreadKernel({} as ThreadKernel, 'add', [0, 0, 0], 10, 4, [])).toThrow(/kernel must be a ThreadKernel/);
    const pages = { initialPages: 1, maximumPages: 16384 };
    expect(() => createThreadKernel(module, [{ name: 'missing', pointers: 1, scalars: 0 }], pages)).toThrow(/no function export 'missing'/);
    expect(() => createThreadKernel(new Uint8Array(8), OPS, pages)).toThrow(/module must be a WebAssembly.Module/);
    expect(() => createThreadKernel(module, OPS, { initialPages: 4, maximumPages: 2 })).toThrow(/initialPages ≤ maximumPages, got 4 and 2/);
    expect(() => createThreadKernel(module, [{ name: 'add', pointers: 20, scalars: 8 }], pages)).toThrow(/at most 27 in all/);
    // The module declares a maximum of 16384 pages: a memory that could grow past it does not fit its import.
    expect(() => createThreadKernel(module, OPS, { initialPages: 1, maximumPages: 20_000 })).toThrow(/does not instantiate/);
  });
});

describe('a failing worker', () => {
  test('leaves a pure job correct (redone on this thread) and threads off', async () => {
    resetThreadPool();
    setThreadCount(2);
    const kernel = make();
    fillOperands(kernel);
    const expected = expectedSum(kernel);
    runThreadKernel(kernel, 'add', [A, B, OUT], N, STEP, []);
    await workersReady(1);
    injectWorkerFault(1);
    for (let rep = 0; rep < 500 && !threadPoolStatus().broken; rep++) {
      view(kernel, OUT).fill(Number.NaN);
      runThreadKernel(kernel, 'add', [A, B, OUT], N, STEP, []);
      expect(view(kernel, OUT)).toEqual(expected);
    }
    expect(threadPoolStatus().broken).toBe(true);
    injectWorkerFault(0);
  });

  test('makes an in-place job throw a ThreadKernelError instead of redoing panels', async () => {
    resetThreadPool();
    setThreadCount(2);
    const kernel = make();
    view(kernel, B).fill(1);
    runThreadKernel(kernel, 'mul', [A, B, A], N, STEP, []);
    await workersReady(1);
    injectWorkerFault(1);
    let thrown: unknown;
    for (let rep = 0; rep < 500 && thrown === undefined; rep++) {
      try {
        runThreadKernel(kernel, 'mul', [A, B, A], N, STEP, []);
      } catch (err) {
        thrown = err;
      }
    }
    expect(thrown).toBeInstanceOf(ThreadKernelError);
    expect(String(thrown)).toMatch(/in-place op 'mul'/);
    injectWorkerFault(0);
    resetThreadPool();
  });
});

test('a collected handle is unregistered (its workers drop their instances)', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const settle = async (): Promise<void> => {
    gc();
    await new Promise((r) => setTimeout(r, 10));
  };
  // The earlier tests' kernels are garbage too: let them go first.
  for (let round = 0; round < 5; round++) await settle();
  const before = threadKernelCount();
  (() => {
    for (let i = 0; i < 3; i++) make();
  })();
  expect(threadKernelCount()).toBe(before + 3);
  for (let round = 0; round < 50 && threadKernelCount() > before; round++) await settle();
  expect(threadKernelCount()).toBe(before);
});
