/**
 * conv2d's float32 forward on one thread (the direct kernel) against two threads (the im2col GEMM on the worker
 * pool wherever its products are big enough, else the direct kernel again), wall time, interleaved, median and
 * fastest of several calls: checks the rule in packages/tensor/src/conv/conv2d.ts (`useDirectForward`) that
 * hands big layers to the threaded GEMM. Needs idle cores to mean anything: check `uptime` first.
 * Run from benchmarks/: `npx tsx --conditions=@seedling-ml/source profile/conv-threads.ts [rounds]`.
 */
import { NDArray, Rng, conv2d, setNumThreads } from '@seedling-ml/tensor';

function randn(shape: number[], seed: number): NDArray {
  return new NDArray(Float32Array.from(new Rng(seed).normal([shape.reduce((a, b) => a * b, 1)]).data), shape);
}

function ms(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

const rounds = Number(process.argv[2] ?? 11);
const cases = [
  { name: 'LeNet-5 conv2 6→16 5×5 14×14 b64', x: [64, 6, 14, 14], w: [16, 6, 5, 5], opts: {} },
  { name: 'MNIST conv2 16→32 5×5 14×14 b64', x: [64, 16, 14, 14], w: [32, 16, 5, 5], opts: { padding: 2 } },
  { name: '3×3 32→32 16×16 b32', x: [32, 32, 16, 16], w: [32, 32, 3, 3], opts: { padding: 1 } },
  { name: '3×3 32→64 stride 2 32×32 b32', x: [32, 32, 32, 32], w: [64, 32, 3, 3], opts: { padding: 1, stride: 2 } },
  { name: '3×3 64→64 32×32 b32', x: [32, 64, 32, 32], w: [64, 64, 3, 3], opts: { padding: 1 } },
  { name: '3×3 128→128 16×16 b8', x: [8, 128, 16, 16], w: [128, 128, 3, 3], opts: { padding: 1 } },
];
// Start the pool and let its worker come up before timing.
setNumThreads(2);
conv2d(randn([2, 64, 16, 16], 1), randn([64, 64, 3, 3], 2), null, { padding: 1 });
await new Promise((r) => setTimeout(r, 500));
for (const s of cases) {
  const x = randn(s.x, 3);
  const w = randn(s.w, 4);
  const t1: number[] = [];
  const t2: number[] = [];
  for (let r = 0; r < rounds + 2; r++) {
    setNumThreads(1);
    const a = ms(() => conv2d(x, w, null, s.opts));
    setNumThreads(2);
    const b = ms(() => conv2d(x, w, null, s.opts));
    // The first two rounds warm up V8 and the caches.
    if (r >= 2) {
      t1.push(a);
      t2.push(b);
    }
  }
  t1.sort((a, b) => a - b);
  t2.sort((a, b) => a - b);
  const m1 = t1[t1.length >> 1]!;
  const m2 = t2[t2.length >> 1]!;
  console.log(
    `${s.name.padEnd(36)} 1 thread ${m1.toFixed(2).padStart(7)} ms (min ${t1[0]!.toFixed(2)}), 2 threads ${m2.toFixed(2).padStart(7)} ms (min ${t2[0]!.toFixed(2)}) → ${(m1 / m2).toFixed(2)}×`,
  );
}
