/**
 * One thread against the worker pool for the float32 element-wise kernels: ns per element (wall clock,
 * 10th-percentile of many timed batches) of each op at sizes around the threshold, with `setNumThreads(1)` and
 * `setNumThreads(n)` alternating batch by batch in this process (so both see the same machine load), and their
 * ratio. Every op is split over the pool at every size here (its threshold set to 0), to show where splitting
 * starts to pay. The output is preallocated: no allocation is timed.
 *
 * On a machine shared with other jobs, Linux's autogroup scheduling gives a process one group's share of the CPU
 * however many threads it runs; to see what a second core gives, start it in its own autogroup with a higher
 * priority: `setsid bash -c 'echo -15 > /proc/self/autogroup; exec npx tsx …'`.
 *
 * From benchmarks/:
 *   npx tsx --conditions=@seedling-ml/source profile/elementwise-threads.ts [threads (default 2)] [op filter]
 */
import { setNumThreads } from '@seedling-ml/tensor';
import { binaryF32Simd, setElementwiseThreadMin, unaryF32Simd } from '../../packages/tensor/src/kernels/elementwise-f32-simd.ts';
import { threadPoolStatus } from '../../packages/tensor/src/kernels/gemm-f32-threads.ts';

const threads = Number(process.argv[2] ?? 2);
const filter = process.argv[3] ?? '';

function uniform(n: number, lo: number, hi: number, seed: number): Float32Array {
  const x = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = lo + ((hi - lo) * s) / 2 ** 32;
  }
  return x;
}

const unary = ['exp', 'log', 'tanh', 'sigmoid', 'erf'] as const;
const binary = ['add', 'mul'] as const;
const sizes = [2 ** 12, 2 ** 13, 2 ** 14, 2 ** 15, 2 ** 16, 2 ** 17, 2 ** 18, 2 ** 20];

for (const op of [...unary, ...binary]) setElementwiseThreadMin(op, 0);
// Start the workers and wait for them, so no timed call runs while they boot.
setNumThreads(threads);
unaryF32Simd('exp', new Float32Array(2 ** 20), new Float32Array(2 ** 20));
const boot = Date.now();
while (threadPoolStatus().readyWorkers < threads - 1 && Date.now() - boot < 10_000) await new Promise((r) => setTimeout(r, 10));

console.log(`${threads} threads vs 1, ns/elem (10th percentile); ratio = 1-thread / ${threads}-thread time`);
console.log(`${'op'.padEnd(8)} ${'n'.padStart(8)} ${'1 thread'.padStart(9)} ${`${threads} threads`.padStart(10)} ${'ratio'.padStart(6)}`);
for (const op of [...unary, ...binary]) {
  if (!op.includes(filter)) continue;
  for (const n of sizes) {
    const a = op === 'log' ? uniform(n, 1e-3, 100, 1) : uniform(n, -4, 4, 1);
    const b = uniform(n, -1, 1, 2);
    const o = new Float32Array(n);
    const call = (unary as readonly string[]).includes(op)
      ? () => unaryF32Simd(op as (typeof unary)[number], a, o)
      : () => binaryF32Simd(op as (typeof binary)[number], a, b, o);
    const reps = Math.max(1, Math.round(2 ** 18 / n));
    const samples: [number[], number[]] = [[], []];
    const end = performance.now() + 400;
    for (let round = 0; performance.now() < end || round < 20; round++) {
      for (const which of [0, 1] as const) {
        setNumThreads(which === 0 ? 1 : threads);
        call();
        const t = performance.now();
        for (let r = 0; r < reps; r++) call();
        samples[which].push(((performance.now() - t) * 1e6) / (reps * n));
      }
    }
    const p10 = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 10)]!;
    const one = p10(samples[0]);
    const many = p10(samples[1]);
    console.log(
      `${op.padEnd(8)} ${String(n).padStart(8)} ${one.toFixed(3).padStart(9)} ${many.toFixed(3).padStart(10)} ${(one / many).toFixed(2).padStart(6)}`,
    );
  }
}
console.log(`pool: ${JSON.stringify(threadPoolStatus())}`);
