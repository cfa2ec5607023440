/**
 * Standalone timing of the conv kernels behind the conv suite's rows (no peers): forward, input
 * gradient and weight gradient of each case, median of several rounds, plus max pooling.
 * Run from benchmarks/: `npx tsx --conditions=@seedling-ml/source profile/conv-kernels.ts [filter]`.
 */
import { NDArray, Rng, conv2d, conv2dInputGrad, conv2dWeightGrad, maxPool2d, maxPool2dGrad } from '@seedling-ml/tensor';

function randn(shape: number[], seed: number): NDArray {
  return new NDArray(Float32Array.from(new Rng(seed).normal([shape.reduce((a, b) => a * b, 1)]).data), shape);
}

function time(label: string, fn: () => void, rounds = 9): void {
  fn();
  const t: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // CPU time of this (single-threaded) process: less disturbed than wall time when other jobs share the cores.
    const t0 = process.cpuUsage();
    fn();
    const d = process.cpuUsage(t0);
    t.push((d.user + d.system) / 1000);
  }
  t.sort((a, b) => a - b);
  console.log(`${label.padEnd(40)} ${t[rounds >> 1]!.toFixed(2).padStart(8)} ms CPU (min ${t[0]!.toFixed(2)})`);
}

const filter = process.argv[2] ?? '';
const cases = [
  { name: 'lenet', n: 64, c: 6, h: 14, o: 16, k: 5, padding: 0, groups: 1 },
  { name: 'wide', n: 32, c: 64, h: 32, o: 64, k: 3, padding: 1, groups: 1 },
  { name: 'depthwise', n: 32, c: 64, h: 32, o: 64, k: 3, padding: 1, groups: 64 },
  { name: 'mnist1', n: 64, c: 1, h: 28, o: 16, k: 5, padding: 2, groups: 1 },
  { name: 'mnist2', n: 64, c: 16, h: 14, o: 32, k: 5, padding: 2, groups: 1 },
];
for (const s of cases) {
  if (!s.name.includes(filter)) continue;
  const x = randn([s.n, s.c, s.h, s.h], 1);
  const w = randn([s.o, s.c / s.groups, s.k, s.k], 2);
  const opts = { padding: s.padding, groups: s.groups };
  const y = conv2d(x, w, null, opts);
  const flops = 2 * y.size * (s.c / s.groups) * s.k * s.k;
  console.log(`${s.name}: ${(flops / 1e6).toFixed(0)} MFLOP per product`);
  time(`${s.name} forward`, () => conv2d(x, w, null, opts));
  time(`${s.name} input grad`, () => conv2dInputGrad(y, w, x.shape, opts));
  time(`${s.name} weight grad`, () => conv2dWeightGrad(x, y, w.shape, opts));
}
if ('maxpool'.includes(filter)) {
  const x = randn([32, 64, 32, 32], 3);
  const y = maxPool2d(x, { kernelSize: 2 });
  time('maxpool forward', () => maxPool2d(x, { kernelSize: 2 }));
  time('maxpool grad', () => maxPool2dGrad(y, x, { kernelSize: 2 }));
}
