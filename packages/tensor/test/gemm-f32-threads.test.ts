import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ArgumentError } from '../src/errors.ts';
import { gemmF32Simd } from '../src/kernels/gemm-f32-simd.ts';
import {
  THREAD_MIN_WORK,
  injectWorkerFault,
  resetThreadPool,
  setThreadCount,
  setWorkerTimeout,
  threadPoolStatus,
} from '../src/kernels/gemm-f32-threads.ts';
import { fromData } from '../src/creation.ts';
import { matmul } from '../src/matmul.ts';
import { getNumThreads, setNumThreads } from '../src/threads.ts';

/*
 * The worker pool's promise is bit-identical results for any thread count (k is never split), so most tests
 * compare threaded products with the one-thread product bit for bit; gemm-f32-simd.test.ts checks the one-thread
 * kernel against float64 sums. Products below THREAD_MIN_WORK multiply-adds stay on one thread: the shapes
 * here are above it.
 */

const tensorDir = fileURLToPath(new URL('..', import.meta.url));
const child = fileURLToPath(new URL('./threads-child.ts', import.meta.url));

/** Runs threads-child.ts under tsx with extra node flags and environment; resolves with its parsed JSON line. */
function runChild(mode: string, nodeFlags: string[] = [], env: Record<string, string> = {}): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    execFile(
      'npx',
      ['tsx', ...nodeFlags, '--conditions=@seedling-ml/source', child, mode],
      { cwd: tensorDir, env: { ...process.env, ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`${err.message}\n${stdout}\n${stderr}`));
        else resolve(JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>);
      },
    );
  });
}

/** Values in [-1, 1) from an LCG (never Math.random, so fast-check can replay failures). */
function fill(x: Float32Array, seed: number): Float32Array {
  let s = (seed * 2654435761 + 12345) >>> 0;
  for (let i = 0; i < x.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = s / 2 ** 31 - 1;
  }
  return x;
}

interface Product {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  seed: number;
}

/** C = op(A)·op(B) with `threads` threads; A and B stored transposed when asked (strides swapped). */
function product(p: Product, threads: number): Float32Array {
  const { m, n, k } = p;
  const a = fill(new Float32Array(m * k), p.seed);
  const b = fill(new Float32Array(k * n), p.seed + 1);
  const c = new Float32Array(m * n).fill(Number.NaN);
  setThreadCount(threads);
  gemmF32Simd(m, n, k, a, 0, p.transA ? 1 : k, p.transA ? m : 1, b, 0, p.transB ? 1 : n, p.transB ? k : 1, c, 0);
  return c;
}

function sameBits(x: Float32Array, y: Float32Array): boolean {
  const u = new Uint32Array(x.buffer, x.byteOffset, x.length);
  const v = new Uint32Array(y.buffer, y.byteOffset, y.length);
  return u.length === v.length && u.every((bits, i) => bits === v[i]);
}

/** Waits (yielding to the event loop) until `workers` workers of the pool are running. */
async function workersReady(workers: number): Promise<void> {
  const start = Date.now();
  while (threadPoolStatus().readyWorkers < workers) {
    if (Date.now() - start > 20_000) throw new Error(`only ${threadPoolStatus().readyWorkers} of ${workers} workers started`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const BIG: Product = { m: 256, n: 256, k: 160, transA: false, transB: false, seed: 7 };

describe('bit-identical results for any thread count', () => {
  beforeAll(async () => {
    resetThreadPool();
    product(BIG, 4); // starts a pool of 3 workers
    await workersReady(3);
  });
  afterAll(() => setThreadCount(getNumThreads()));

  test('property: random shapes and transposes on 4 threads match one thread bit for bit', () => {
    const before = threadPoolStatus().workerPanels;
    fc.assert(
      fc.property(
        fc.record({
          m: fc.integer({ min: 1, max: 400 }),
          n: fc.integer({ min: 1, max: 400 }),
          k: fc.integer({ min: 60, max: 1200 }),
          transA: fc.boolean(),
          transB: fc.boolean(),
          seed: fc.nat(1000),
        }),
        (p) => {
          fc.pre(p.m * p.n * p.k >= THREAD_MIN_WORK && p.m * p.n >= 64);
          expect(sameBits(product(p, 1), product(p, 4))).toBe(true);
        },
      ),
      { numRuns: 40, seed: 15 },
    );
    // The workers did take part (the property would hold trivially if this thread did every panel).
    expect(threadPoolStatus().workerPanels).toBeGreaterThan(before);
    expect(threadPoolStatus().broken).toBe(false);
  });

  test('each thread count 2, 3 and 4 with its own pool gives the one-thread bits', async () => {
    const cases: Product[] = [
      { m: 256, n: 256, k: 256, transA: false, transB: false, seed: 1 },
      { m: 64, n: 256, k: 784, transA: false, transB: true, seed: 2 },
      { m: 784, n: 256, k: 64, transA: true, transB: false, seed: 3 },
      { m: 333, n: 27, k: 999, transA: true, transB: true, seed: 4 },
    ];
    const ones = cases.map((p) => product(p, 1));
    for (const threads of [2, 3, 4]) {
      product(BIG, threads);
      await workersReady(threads - 1);
      const before = threadPoolStatus().workerPanels;
      for (let rep = 0; rep < 5; rep++) {
        cases.forEach((p, i) => expect(sameBits(product(p, threads), ones[i]!), `${threads} threads, case ${i}`).toBe(true));
      }
      expect(threadPoolStatus().workerPanels, `${threads} threads`).toBeGreaterThan(before);
    }
  });

  test('matmul through the public API: setNumThreads(2) and setNumThreads(1) agree bit for bit', async () => {
    const a = fromData(fill(new Float32Array(128 * 300), 11), [128, 300]);
    const b = fromData(fill(new Float32Array(300 * 240), 12), [300, 240]);
    setNumThreads(1);
    const one = matmul(a, b).data as Float32Array;
    setNumThreads(2);
    matmul(a, b);
    await workersReady(1);
    const two = matmul(a, b).data as Float32Array;
    expect(getNumThreads()).toBe(2);
    expect(sameBits(one, two)).toBe(true);
  });
});

describe('worker failures fall back to one thread without hanging', () => {
  afterAll(() => {
    setWorkerTimeout(5000);
    resetThreadPool();
    setThreadCount(getNumThreads());
  });

  async function failingPool(fault: 1 | 2): Promise<void> {
    resetThreadPool();
    product(BIG, 2);
    await workersReady(1);
    const expected = product(BIG, 1);
    setThreadCount(2);
    injectWorkerFault(fault);
    // The worker fails on the first panel it claims; until it claims one, products stay correct anyway.
    for (let rep = 0; rep < 200 && !threadPoolStatus().broken; rep++) expect(sameBits(product(BIG, 2), expected)).toBe(true);
    expect(threadPoolStatus().broken).toBe(true);
    // Abandoned for good: later products run on one thread, still the same bits.
    expect(sameBits(product(BIG, 2), expected)).toBe(true);
    injectWorkerFault(0);
  }

  test('a worker that throws: the product is redone on one thread and threads stay off', async () => {
    await failingPool(1);
  });

  test('a worker that never finishes its panel: the wait times out, the product is redone on one thread', async () => {
    setWorkerTimeout(100);
    const start = Date.now();
    await failingPool(2);
    expect(Date.now() - start).toBeLessThan(30_000);
  });
});

describe('setNumThreads / getNumThreads', () => {
  afterAll(() => setThreadCount(getNumThreads()));

  test.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '2', null])('setNumThreads(%s) throws an ArgumentError', (bad) => {
    expect(() => setNumThreads(bad as number)).toThrow(ArgumentError);
    expect(() => setNumThreads(bad as number)).toThrow(/^setNumThreads: n must be an integer ≥ 1, got /);
  });

  test('the last value set is read back', () => {
    setNumThreads(3);
    expect(getNumThreads()).toBe(3);
    setNumThreads(1);
    expect(getNumThreads()).toBe(1);
  });

  test('default: the number of cores (at most 16); SEEDLING_NUM_THREADS overrides it and is validated', async () => {
    const plain = await runChild('defaults', [], { SEEDLING_NUM_THREADS: '' });
    expect(plain).toEqual({ threads: Math.min(16, availableParallelism()), cores: availableParallelism() });
    expect(await runChild('defaults', [], { SEEDLING_NUM_THREADS: '3' })).toMatchObject({ threads: 3 });
    expect(await runChild('defaults', [], { SEEDLING_NUM_THREADS: 'two' })).toEqual({
      error: "getNumThreads: SEEDLING_NUM_THREADS must be an integer ≥ 1, got 'two'",
      name: 'ArgumentError',
    });
  }, 120_000);
});

describe('in a separate process', () => {
  test('a script that used threads exits by itself (idle workers do not keep it alive)', async () => {
    // runChild rejects if the child is still running after 60 s; the child never calls process.exit.
    const out = await runChild('products', [], { SEEDLING_NUM_THREADS: '' });
    expect(out).toMatchObject({ variant: 'core', broken: false, identical: true });
    expect(out.workerPanels).toBeGreaterThan(0);
    expect(out.maxErr).toBeLessThan(1);
  }, 120_000);

  test('relaxed SIMD (--experimental-wasm-relaxed-simd): the FMA build runs, within the float32 bound, same bits on 1 and 3 threads', async () => {
    const out = await runChild('products', ['--experimental-wasm-relaxed-simd']);
    expect(out).toMatchObject({ variant: 'fma', broken: false, identical: true });
    expect(out.workerPanels).toBeGreaterThan(0);
    expect(out.maxErr).toBeLessThan(1);
  }, 120_000);

  test("relaxed SIMD: the direct convolution runs its FMA build too, giving the GEMM path's bits", async () => {
    expect(await runChild('conv', ['--experimental-wasm-relaxed-simd'])).toEqual({ variant: 'fma', directVariant: 'fma', identical: true });
    expect(await runChild('conv')).toEqual({ variant: 'core', directVariant: 'core', identical: true });
  }, 120_000);
});
