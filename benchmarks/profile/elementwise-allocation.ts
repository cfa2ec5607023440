/**
 * What a 1M-element float32 op costs beyond its kernel: the same `add` / `exp` into a preallocated output, through
 * the public op (a fresh 4 MB result per call), and a bare `new Float32Array(n)` with and without touching its
 * pages, and the unzeroed buffer the ops take their results from in Node (`allocateUninitializedF32`, over
 * `Buffer.allocUnsafeSlow`). Per call: wall-clock median and mean, and CPU time split into user and system (page faults are system
 * time). Run with `--trace-gc` to see the scavenges that external memory pressure triggers.
 *
 * From benchmarks/:
 *   npx tsx --conditions=@seedling-ml/source profile/elementwise-allocation.ts [seconds per case, default 2]
 */
import { Rng, add, exp, setNumThreads } from '@seedling-ml/tensor';
import { binaryF32Simd, unaryF32Simd } from '../../packages/tensor/src/kernels/elementwise-f32-simd.ts';
import { allocateUninitializedF32 } from '../../packages/tensor/src/uninitialized.ts';

const seconds = Number(process.argv[2] ?? 2);
// One thread: CPU time then is this thread's time, and exp's pooled path (another copy) stays out of the picture.
setNumThreads(1);
const n = 2 ** 20;
const rng = new Rng(1);
const a = rng.uniform([n], -1, 1);
const b = rng.uniform([n], -1, 1);
const pa = a.data as Float32Array;
const pb = b.data as Float32Array;
const out = new Float32Array(n);

const cases: [string, () => unknown][] = [
  ['new Float32Array(1M)', () => new Float32Array(n)],
  ['new Float32Array(1M), one write per page', () => touch(new Float32Array(n))],
  ['new Float32Array(1M).fill(1)', () => new Float32Array(n).fill(1)],
  ['allocateUninitializedF32(1M)', () => allocateUninitializedF32(n)],
  ['allocateUninitializedF32(1M).fill(1)', () => allocateUninitializedF32(n).fill(1)],
  ['new Float32Array(256K) (a weight gradient)', () => new Float32Array(200_704)],
  ['allocateUninitializedF32(256K)', () => allocateUninitializedF32(200_704)],
  ['add kernel into a preallocated output', () => binaryF32Simd('add', pa, pb, out)],
  ['add(a, b) (allocates its result)', () => add(a, b)],
  ['exp kernel into a preallocated output', () => unaryF32Simd('exp', pa, out)],
  ['exp(a) (allocates its result)', () => exp(a)],
];

/** Writes one float per 4 KB page: every page faulted in, nothing else done. */
function touch(x: Float32Array): Float32Array {
  for (let i = 0; i < x.length; i += 1024) x[i] = 1;
  return x;
}

console.log(
  `${'per call'.padEnd(44)} ${'median ms'.padStart(10)} ${'mean ms'.padStart(9)} ${'user ms'.padStart(9)} ${'sys ms'.padStart(8)}`,
);
for (const [name, fn] of cases) {
  for (let i = 0; i < 20; i++) fn();
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  const cpu = process.cpuUsage(cpu0);
  times.sort((x, y) => x - y);
  const mean = times.reduce((s, x) => s + x, 0) / times.length;
  const per = (us: number) => (us / 1000 / times.length).toFixed(3);
  console.log(
    `${name.padEnd(44)} ${times[times.length >> 1]!.toFixed(3).padStart(10)} ${mean.toFixed(3).padStart(9)} ${per(cpu.user).padStart(9)} ${per(cpu.system).padStart(8)}`,
  );
}
