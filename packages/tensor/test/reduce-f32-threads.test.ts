import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sumToShape } from '../src/broadcast.ts';
import { injectWorkerFault, resetThreadPool, setThreadCount, threadPoolStatus } from '../src/kernels/gemm-f32-threads.ts';
import { reduceThreadMin, setReduceThreadMin } from '../src/kernels/reduce-f32-simd.ts';
import { NDArray } from '../src/ndarray.ts';
import { max, min, sum } from '../src/reduce.ts';
import { getNumThreads } from '../src/threads.ts';
import { prng } from './helpers.ts';

/*
 * Float32 reductions on the worker pool: a job's panels are whole outputs (rows of a run-per-output fold, column
 * blocks of a fold into n outputs, blocks of one long run summed into partials added in block order), so every
 * output is folded by the same kernel code in the same order whichever thread runs it — the results must equal
 * the one-thread results bit for bit for 1, 2 and 3 threads; a failing worker must leave correct results and
 * threads off. The threshold is lowered to 0 here, so moderate sizes cross several pieces and panels (by default
 * reductions split from 2²² elements: see docs/benchmarks.md, third round: reductions).
 */

function fill(n: number, seed: number): Float32Array {
  const rand = prng(seed);
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = (rand() * 2 - 1) * 2 ** Math.floor(rand() * 20 - 10);
  // A NaN and signed zeros, so max/min's propagation is exercised across panels too.
  x[Math.floor(n / 3)] = Number.NaN;
  for (let i = 5; i < n; i += 1001) x[i] = i % 2 === 0 ? 0 : -0;
  return x;
}

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

async function workersReady(workers: number): Promise<void> {
  const start = Date.now();
  while (threadPoolStatus().readyWorkers < workers) {
    if (Date.now() - start > 20_000) throw new Error(`only ${threadPoolStatus().readyWorkers} of ${workers} workers started`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Starts a pool of `threads` threads (a reduction big enough for it) and waits for its workers. */
async function pool(threads: number): Promise<void> {
  setThreadCount(threads);
  sum(new NDArray(new Float32Array(4096), [64, 64]), { axis: 1 });
  await workersReady(threads - 1);
}

/**
 * [rows, n] arrays reduced over axis 1 (a run per output; n > 16384 cuts runs into blocks), axis 0 (columns;
 * widths not a multiple of 4 or 16), both axes, a 3-D middle axis, one long run (67 blocks); most cross pieces of
 * 2¹⁹ floats, so both slots and the overlapped copies are exercised.
 */
const CASES: [number[], number | number[] | undefined][] = [
  [[1000, 700], 1],
  [[1000, 700], 0],
  [[301, 1037], 0],
  [[37, 20000], 1],
  [[37, 20000], 0],
  [[1_100_003], undefined],
  [[9, 130, 257], 1],
  [
    [800, 333],
    [0, 1],
  ],
];

function run(threads: number): Float32Array[] {
  setThreadCount(threads);
  const out: Float32Array[] = [];
  CASES.forEach(([shape, axis], i) => {
    const size = shape.reduce((p, d) => p * d, 1);
    const x = new NDArray(fill(size, i + 1), shape);
    for (const op of [sum, max, min]) out.push(op(x, { axis }).data as Float32Array);
  });
  const grad = new NDArray(fill(2000 * 300, 99), [2000, 300]);
  out.push(sumToShape(grad, [300]).data as Float32Array);
  return out;
}

const DEFAULT_THREAD_MIN = reduceThreadMin();

test('by default reductions split over the pool from 2²² elements (where two threads were faster in every run measured)', () => {
  expect(DEFAULT_THREAD_MIN).toBe(2 ** 22);
});

describe('reductions on the pool give the one-thread bits', () => {
  beforeAll(() => {
    resetThreadPool();
    setReduceThreadMin(0);
  });
  afterAll(() => {
    setReduceThreadMin(DEFAULT_THREAD_MIN);
    setThreadCount(getNumThreads());
  });

  test('1, 2 and 3 threads: sum, max, min over rows, columns, long runs and sumToShape — identical bits', async () => {
    const one = run(1);
    for (const threads of [2, 3]) {
      await pool(threads);
      const before = threadPoolStatus().workerPanels;
      const many = run(threads);
      many.forEach((r, i) => expect(sameBits(r, one[i]!), `${threads} threads, result ${i}`).toBe(true));
      // The workers took part (the comparison would hold trivially if this thread ran every panel).
      expect(threadPoolStatus().workerPanels).toBeGreaterThan(before);
      expect(threadPoolStatus().broken).toBe(false);
    }
  });
});

describe('a failing worker leaves correct reductions and threads off', () => {
  afterAll(() => {
    injectWorkerFault(0);
    resetThreadPool();
    setReduceThreadMin(DEFAULT_THREAD_MIN);
    setThreadCount(getNumThreads());
  });

  test('a worker that throws: every reduction finishes on one thread with the same bits', async () => {
    resetThreadPool();
    setReduceThreadMin(0);
    const one = run(1);
    await pool(2);
    injectWorkerFault(1);
    for (let rep = 0; rep < 50 && !threadPoolStatus().broken; rep++) {
      run(2).forEach((r, i) => expect(sameBits(r, one[i]!), `result ${i}`).toBe(true));
    }
    expect(threadPoolStatus().broken).toBe(true);
    run(2).forEach((r, i) => expect(sameBits(r, one[i]!), `result ${i} after the failure`).toBe(true));
  });
});
