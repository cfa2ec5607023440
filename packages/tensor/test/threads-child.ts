/**
 * Child process for gemm-f32-threads.test.ts (run with tsx): things a test can only see from outside a process
 * — its defaults from the environment, that it exits on its own with idle workers, and the relaxed-SIMD build,
 * which Node 20 validates only under `--experimental-wasm-relaxed-simd`. Prints one JSON line.
 *
 *   tsx threads-child.ts defaults   → { threads, cores } or { error }
 *   tsx threads-child.ts products   → runs threaded products; { variant, workerPanels, broken, identical, maxErr }
 *   tsx threads-child.ts conv       → conv2d forward on the direct kernel (one thread) and on the stride-1 GEMM
 *                                     path (called directly); { variant, directVariant, identical }
 */
import { availableParallelism } from 'node:os';
import { gemmF32Simd, gemmKernelVariant } from '../src/kernels/gemm-f32-simd.ts';
import { setThreadCount, threadPoolStatus } from '../src/kernels/gemm-f32-threads.ts';
import { getNumThreads } from '../src/threads.ts';
import { conv2dGeometry } from '../src/conv/conv-geometry.ts';
import { conv2dDirectF32, directConvVariant } from '../src/conv/conv2d-direct.ts';
import { conv2dStride1Forward } from '../src/conv/conv2d-stride1.ts';

const mode = process.argv[2];

/** Fills `x` with values in [-1, 1) from an LCG seeded with `seed`. */
function fill(x: Float32Array, seed: number): Float32Array {
  let s = seed >>> 0;
  for (let i = 0; i < x.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = s / 2 ** 31 - 1;
  }
  return x;
}

if (mode === 'defaults') {
  try {
    console.log(JSON.stringify({ threads: getNumThreads(), cores: availableParallelism() }));
  } catch (err) {
    console.log(JSON.stringify({ error: (err as Error).message, name: (err as Error).constructor.name }));
  }
} else if (mode === 'products') {
  const m = 256;
  const n = 136;
  const k = 300;
  const a = fill(new Float32Array(m * k), 1);
  const b = fill(new Float32Array(k * n), 2);
  const product = (threads: number): Float32Array => {
    setThreadCount(threads);
    const c = new Float32Array(m * n);
    gemmF32Simd(m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0);
    return c;
  };
  const one = product(1);
  // Workers start in the background: give them time, then run threaded products.
  setThreadCount(3);
  product(3);
  const start = Date.now();
  while (threadPoolStatus().readyWorkers < 2 && Date.now() - start < 20_000) await new Promise((r) => setTimeout(r, 10));
  let identical = true;
  for (let r = 0; r < 20; r++) identical &&= product(3).every((v, i) => Object.is(v, one[i]));
  // Worst error against the float64 sum, in units of (k + 2)·2⁻²³·Σ|a·b| (the bound gemm-f32-simd.test.ts uses).
  let maxErr = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let abs = 0;
      for (let p = 0; p < k; p++) {
        s += a[i * k + p]! * b[p * n + j]!;
        abs += Math.abs(a[i * k + p]! * b[p * n + j]!);
      }
      maxErr = Math.max(maxErr, Math.abs(one[i * n + j]! - s) / ((k + 2) * 2 ** -23 * abs));
    }
  }
  const { workerPanels, broken } = threadPoolStatus();
  console.log(JSON.stringify({ variant: gemmKernelVariant(), workerPanels, broken, identical, maxErr }));
  // No explicit exit: the process must end by itself although the pool's workers are idle, not terminated.
}

if (mode === 'conv') {
  // The direct kernel's build must round as the GEMM's does (both FMA under relaxed SIMD): same bits.
  let identical = true;
  for (const [xs, ws] of [
    [
      [3, 6, 14, 14],
      [16, 6, 5, 5],
    ],
    [
      [2, 40, 9, 9],
      [12, 40, 3, 3],
    ],
  ] as const) {
    const geo = conv2dGeometry('conv2d', xs, ws, { padding: 1 });
    const x = fill(new Float32Array(xs[0] * xs[1] * xs[2] * xs[3]), 5);
    const w = fill(new Float32Array(ws[0] * ws[1] * ws[2] * ws[3]), 6);
    const b = fill(new Float32Array(ws[0]), 7);
    const size = geo.n * geo.cOut * geo.outH * geo.outW;
    const viaDirect = new Float32Array(size);
    const viaGemm = new Float32Array(size);
    conv2dDirectF32(x, w, b, viaDirect, geo);
    conv2dStride1Forward(x, w, b, viaGemm, geo);
    identical &&= viaDirect.every((v, i) => Object.is(v, viaGemm[i]));
  }
  console.log(JSON.stringify({ variant: gemmKernelVariant(), directVariant: directConvVariant(), identical }));
}
