/**
 * Per-element cost of the WebAssembly SIMD float32 element-wise kernels (elementwise-f32.wat), called
 * through their JS drivers (copy in, kernel, copy out), in ns per element: at 16K floats (one chunk, all in
 * L2) and at 1M (streaming from memory, the output preallocated, so no allocation is timed). A plain
 * `Float32Array.set` copy of the same length is the floor a one-input kernel cannot beat.
 *
 * Each figure is the 10th-percentile of many timed batches: on a machine shared with other jobs that tracks
 * the code, while the mean collects preemptions. Compare two trees by running this in each, alternately.
 *
 * From benchmarks/:
 *   npx tsx --conditions=@seedling-ml/source profile/elementwise.ts [filter]
 */
import {
  binaryF32Simd,
  colF32Simd,
  leakyReluF32Simd,
  reluGradF32Simd,
  rowF32Simd,
  scalarF32Simd,
  unaryF32Simd,
} from '../../packages/tensor/src/kernels/elementwise-f32-simd.ts';
import { setNumThreads } from '../../packages/tensor/src/threads.ts';

// One thread: the kernels themselves (profile/elementwise-threads.ts measures the pool).
setNumThreads(1);

const filter = process.argv[2] ?? '';

/** Uniform floats in [lo, hi) from a fixed linear congruential sequence (reproducible inputs). */
function uniform(n: number, lo: number, hi: number, seed: number): Float32Array {
  const x = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = lo + ((hi - lo) * s) / 2 ** 32;
  }
  return x;
}

/** 10th-percentile ns per element of `fn` over `n` elements, from batches timed for about `ms` in total. */
function nsPerElement(n: number, fn: () => void, ms = 300): number {
  const reps = Math.max(1, Math.round(2 ** 16 / n));
  for (let i = 0; i < reps * 4; i++) fn();
  const samples: number[] = [];
  const end = performance.now() + ms;
  while (performance.now() < end || samples.length < 10) {
    const t = performance.now();
    for (let i = 0; i < reps; i++) fn();
    samples.push(((performance.now() - t) * 1e6) / (reps * n));
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 10)]!;
}

type Kernel = (n: number) => () => void;

const cases: [string, Kernel][] = [
  [
    'copy (Float32Array.set)',
    (n) => {
      const x = uniform(n, -1, 1, 1);
      const o = new Float32Array(n);
      return () => o.set(x);
    },
  ],
  ...(['relu', 'exp', 'log', 'tanh', 'sigmoid', 'erf'] as const).map((op): [string, Kernel] => [
    op,
    (n) => {
      // exp's inputs cover its whole finite range; log's are positive.
      const x = op === 'log' ? uniform(n, 1e-3, 100, 2) : op === 'exp' ? uniform(n, -80, 80, 2) : uniform(n, -4, 4, 2);
      const o = new Float32Array(n);
      return () => unaryF32Simd(op, x, o);
    },
  ]),
  [
    'leakyRelu',
    (n) => {
      const x = uniform(n, -1, 1, 3);
      const o = new Float32Array(n);
      return () => leakyReluF32Simd(x, 0.01, o);
    },
  ],
  [
    'reluGrad',
    (n) => {
      const g = uniform(n, -1, 1, 4);
      const x = uniform(n, -1, 1, 5);
      const o = new Float32Array(n);
      return () => reluGradF32Simd(g, x, 0, o);
    },
  ],
  ...(['add', 'mul'] as const).map((op): [string, Kernel] => [
    op,
    (n) => {
      const a = uniform(n, -1, 1, 6);
      const b = uniform(n, -1, 1, 7);
      const o = new Float32Array(n);
      return () => binaryF32Simd(op, a, b, o);
    },
  ]),
  [
    'add scalar',
    (n) => {
      const a = uniform(n, -1, 1, 8);
      const o = new Float32Array(n);
      return () => scalarF32Simd('add', a, 0.5, false, o);
    },
  ],
  [
    'add row [n/256, 256] + [256]',
    (n) => {
      const a = uniform(n, -1, 1, 9);
      const v = uniform(256, -1, 1, 10);
      const o = new Float32Array(n);
      return () => rowF32Simd('add', a, v, false, o);
    },
  ],
  [
    'sub col [n/256, 256] − [n/256, 1]',
    (n) => {
      const a = uniform(n, -1, 1, 11);
      const c = uniform(n / 256, -1, 1, 12);
      const o = new Float32Array(n);
      return () => colF32Simd('sub', a, c, 256, false, o);
    },
  ],
];

console.log(`${'kernel'.padEnd(36)} ${'16K ns/elem'.padStart(12)} ${'1M ns/elem'.padStart(12)}`);
for (const [name, make] of cases) {
  if (!name.includes(filter)) continue;
  const small = nsPerElement(2 ** 14, make(2 ** 14));
  const large = nsPerElement(2 ** 20, make(2 ** 20));
  console.log(`${name.padEnd(36)} ${small.toFixed(3).padStart(12)} ${large.toFixed(3).padStart(12)}`);
}
