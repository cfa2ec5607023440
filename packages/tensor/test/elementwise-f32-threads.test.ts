import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  PIECE,
  type SimdBinaryOp,
  type SimdUnaryOp,
  binaryF32Simd,
  elementwiseThreadMin,
  setElementwiseThreadMin,
  unaryF32Simd,
} from '../src/kernels/elementwise-f32-simd.ts';
import { injectWorkerFault, resetThreadPool, setThreadCount, threadPoolStatus } from '../src/kernels/gemm-f32-threads.ts';
import { getNumThreads } from '../src/threads.ts';

/*
 * Element-wise kernels on the worker pool: every element is computed by the same kernel code whichever thread
 * runs its panel, so results must equal the one-thread results bit for bit, for any thread count, at sizes on
 * both sides of the threshold and across pieces; a failing worker must leave correct results and threads off.
 * The accuracy of the kernels themselves is tested in elementwise-f32-simd.test.ts.
 */

const UNARY = ['exp', 'log', 'tanh', 'sigmoid', 'erf'] as const;
const BINARY = ['add', 'sub', 'mul', 'div'] as const;

/** Values in [lo, hi) from an LCG, with a few specials mixed in (NaN, ±0, ±Infinity, a subnormal). */
function fill(n: number, seed: number, lo: number, hi: number): Float32Array {
  const x = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = lo + ((hi - lo) * s) / 2 ** 32;
  }
  const specials = [Number.NaN, 0, -0, Infinity, -Infinity, 1e-40];
  for (let i = 0; i < specials.length && i * 997 < n; i++) x[i * 997] = specials[i]!;
  return x;
}

function sameBits(x: Float32Array, y: Float32Array): boolean {
  const u = new Uint32Array(x.buffer, x.byteOffset, x.length);
  const v = new Uint32Array(y.buffer, y.byteOffset, y.length);
  return u.length === v.length && u.every((bits, i) => bits === v[i]);
}

async function workersReady(workers: number): Promise<void> {
  const start = Date.now();
  while (threadPoolStatus().readyWorkers < workers) {
    if (Date.now() - start > 20_000) throw new Error(`only ${threadPoolStatus().readyWorkers} of ${workers} workers started`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function unary(op: SimdUnaryOp, x: Float32Array, threads: number, inPlace = false): Float32Array {
  setThreadCount(threads);
  const out = inPlace ? x.slice() : new Float32Array(x.length).fill(Number.NaN);
  expect(unaryF32Simd(op, inPlace ? out : x, out)).toBe(true);
  return out;
}

function binary(op: SimdBinaryOp, a: Float32Array, b: Float32Array, threads: number): Float32Array {
  setThreadCount(threads);
  const out = new Float32Array(a.length).fill(Number.NaN);
  expect(binaryF32Simd(op, a, b, out)).toBe(true);
  return out;
}

/** Starts a pool of `threads` threads and waits for its workers. */
async function pool(threads: number): Promise<void> {
  unary('exp', new Float32Array(elementwiseThreadMin('exp')), threads);
  await workersReady(threads - 1);
}

/** Around `op`'s threshold (not a multiple of the 96-float panel grain, nor of 4), one piece and more than one. */
function sizes(op: SimdUnaryOp | SimdBinaryOp): number[] {
  const min = elementwiseThreadMin(op);
  return [min - 1, min, min + 97, PIECE + 13, 2 * PIECE + 96 * 7 + 3];
}

describe('element-wise ops on the pool give the one-thread bits', () => {
  beforeAll(() => resetThreadPool());
  afterAll(() => {
    for (const op of BINARY) setElementwiseThreadMin(op, Infinity);
    setThreadCount(getNumThreads());
  });

  test('the transcendental ops split from 2¹⁴ elements (exp 2¹⁶); relu and the binary ops stay on one thread', () => {
    for (const op of UNARY) expect(elementwiseThreadMin(op)).toBe(op === 'exp' ? 2 ** 16 : 2 ** 14);
    for (const op of ['relu', ...BINARY] as const) expect(elementwiseThreadMin(op)).toBe(Infinity);
  });

  test.each([2, 3])('%i threads: every unary op at sizes around the threshold and across pieces, also in place', async (threads) => {
    await pool(threads);
    const before = threadPoolStatus().workerPanels;
    for (const op of UNARY) {
      for (const n of sizes(op)) {
        const x = op === 'log' ? fill(n, n, 0, 50) : fill(n, n, -12, 12);
        const one = unary(op, x, 1);
        expect(sameBits(unary(op, x, threads), one), `${op} n=${n}`).toBe(true);
        expect(sameBits(unary(op, x, threads, true), one), `${op} n=${n} in place`).toBe(true);
      }
    }
    // The workers took part (the comparison would hold trivially if this thread ran every panel).
    expect(threadPoolStatus().workerPanels).toBeGreaterThan(before);
    expect(threadPoolStatus().broken).toBe(false);
  });

  test('binary ops, when their threshold is lowered, split the same way', async () => {
    await pool(2);
    const before = threadPoolStatus().workerPanels;
    for (const op of BINARY) {
      setElementwiseThreadMin(op, 2 ** 14);
      for (const n of sizes(op)) {
        const a = fill(n, n, -3, 3);
        const b = fill(n, n + 1, -3, 3);
        expect(sameBits(binary(op, a, b, 2), binary(op, a, b, 1)), `${op} n=${n}`).toBe(true);
      }
    }
    expect(threadPoolStatus().workerPanels).toBeGreaterThan(before);
  });
});

describe('a failing worker leaves correct results and threads off', () => {
  afterAll(() => {
    injectWorkerFault(0);
    resetThreadPool();
    setThreadCount(getNumThreads());
  });

  test('a worker that throws: the op finishes on one thread, same bits, and later ops stay on one thread', async () => {
    resetThreadPool();
    await pool(2);
    const x = fill(2 * PIECE + 5, 3, -5, 5);
    const expected = unary('tanh', x, 1);
    injectWorkerFault(1);
    // The worker fails on the first panel it claims; until it claims one, results are correct anyway.
    for (let rep = 0; rep < 200 && !threadPoolStatus().broken; rep++) expect(sameBits(unary('tanh', x, 2), expected)).toBe(true);
    expect(threadPoolStatus().broken).toBe(true);
    expect(sameBits(unary('tanh', x, 2), expected)).toBe(true);
    expect(sameBits(unary('tanh', x, 2, true), expected)).toBe(true);
  });
});
