/**
 * The float32 reductions three ways, alternating batch by batch in this process (so all see the same machine
 * load): the JS loops (the SIMD threshold set to Infinity), the WebAssembly SIMD kernels on one thread, and the
 * kernels split over the worker pool (`threads` threads, pool threshold 0). Prints µs per call (10th percentile
 * of the timed batches) and the ratios — where SIMD starts to pay sets `simdMin` in reduce-kernel.ts, where the
 * pool would pay would set `reduceThreadMin` in kernels/reduce-f32-simd.ts. Also the bias-gradient shapes of
 * the 784-256-128-10 MLP through `sumToShape`.
 *
 * From benchmarks/:
 *   npx tsx --conditions=@seedling-ml/source profile/reductions.ts [threads (default 2)]
 */
import { NDArray, max, setNumThreads, sum, sumToShape } from '@seedling-ml/tensor';
import { threadPoolStatus } from '../../packages/tensor/src/kernels/gemm-f32-threads.ts';
import { setReduceThreadMin } from '../../packages/tensor/src/kernels/reduce-f32-simd.ts';
import { setReduceSimdMin } from '../../packages/tensor/src/reduce-kernel.ts';

const threads = Number(process.argv[2] ?? 2);

function uniform(n: number, seed: number): Float32Array {
  const x = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = s / 2 ** 31 - 1;
  }
  return x;
}

const SIMD_MIN = 512;
type Mode = 'js' | 'simd' | 'pool';
function setMode(mode: Mode): void {
  setReduceSimdMin(mode === 'js' ? Infinity : 0);
  setReduceThreadMin(mode === 'pool' ? 0 : Infinity);
  setNumThreads(mode === 'pool' ? threads : 1);
}

/** µs per call, 10th percentile over batches of calls, the three modes interleaved batch by batch. */
function measure(call: () => void): Record<Mode, number> {
  const modes: Mode[] = ['js', 'simd', 'pool'];
  const samples: Record<Mode, number[]> = { js: [], simd: [], pool: [] };
  // Calls per batch: about 2 ms of the JS loop.
  setMode('js');
  let t = performance.now();
  call();
  const once = Math.max(performance.now() - t, 1e-3);
  const reps = Math.max(1, Math.min(2000, Math.round(2 / once)));
  for (let round = 0; round < 25; round++) {
    for (const mode of modes) {
      setMode(mode);
      call();
      t = performance.now();
      for (let r = 0; r < reps; r++) call();
      samples[mode].push(((performance.now() - t) / reps) * 1000);
    }
  }
  const p10 = (a: number[]) => a.sort((x, y) => x - y)[Math.floor(a.length / 10)]!;
  return { js: p10(samples.js), simd: p10(samples.simd), pool: p10(samples.pool) };
}

// Start the workers and wait for them, so no timed call runs while they boot.
setMode('pool');
sum(new NDArray(uniform(2 ** 16, 1), [256, 256]), { axis: 1 });
const boot = Date.now();
while (threadPoolStatus().readyWorkers < threads - 1 && Date.now() - boot < 10_000) await new Promise((r) => setTimeout(r, 10));

console.log(`µs per call (10th percentile); simd× = JS / SIMD time (1 thread), pool× = SIMD / ${threads}-thread pool time`);
console.log(
  `${'case'.padEnd(34)} ${'JS'.padStart(9)} ${'SIMD'.padStart(9)} ${'pool'.padStart(9)} ${'simd×'.padStart(6)} ${'pool×'.padStart(6)}`,
);
const row = (name: string, call: () => void) => {
  const r = measure(call);
  const f = (v: number) => v.toFixed(v < 10 ? 2 : 1).padStart(9);
  console.log(
    `${name.padEnd(34)} ${f(r.js)} ${f(r.simd)} ${f(r.pool)} ${(r.js / r.simd).toFixed(2).padStart(6)} ${(r.simd / r.pool).toFixed(2).padStart(6)}`,
  );
};
for (const [rows, cols] of [
  [8, 32],
  [16, 32],
  [16, 64],
  [32, 64],
  [64, 64],
  [256, 256],
  [512, 512],
  [1024, 1024],
  [1024, 2048],
  [2048, 1024],
  [2048, 2048],
  [4096, 4096],
]) {
  const x = new NDArray(uniform(rows! * cols!, rows! + cols!), [rows!, cols!]);
  for (const axis of [1, 0]) row(`sum axis=${axis} ${rows}×${cols}`, () => void sum(x, { axis }));
  if (rows! * cols! >= 2 ** 18) {
    row(`max axis=1 ${rows}×${cols}`, () => void max(x, { axis: 1 }));
    row(`max axis=0 ${rows}×${cols}`, () => void max(x, { axis: 0 }));
  }
}
const all = new NDArray(uniform(2 ** 22, 7), [2 ** 22]);
row('sum of 2²² elements (one output)', () => void sum(all));
for (const [m, n] of [
  [64, 256],
  [64, 128],
  [64, 10],
]) {
  const g = new NDArray(uniform(m! * n!, m! * n!), [m!, n!]);
  row(`sumToShape [${m}, ${n}] → [${n}]`, () => void sumToShape(g, [n!]));
}
setReduceSimdMin(SIMD_MIN);
process.exit(0);
