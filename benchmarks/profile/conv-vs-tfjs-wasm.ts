/**
 * CPU-time comparison of Seedling's conv forward with tfjs-wasm (single-threaded) on the conv suite's
 * forward rows and max pooling, interleaved, median of several rounds. CPU time (process.cpuUsage) is
 * far steadier than wall time when other jobs share the cores; both engines run single-threaded.
 * Run from benchmarks/: `npx tsx --conditions=@seedling-ml/source profile/conv-vs-tfjs-wasm.ts`.
 */
import { noGrad, tensor } from '@seedling-ml/autograd';
import { NDArray, Rng, setNumThreads } from '@seedling-ml/tensor';
import { tf, usePeer } from '../lib/tfjs.ts';

function randn(size: number, seed: number): Float32Array {
  return Float32Array.from(new Rng(seed).normal([size]).data);
}

function cpuMs(fn: () => void): number {
  const t0 = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

await usePeer('tfjsWasm');
// One thread each, as the benchmark rows run (tfjs-wasm is single-threaded here); CPU time would also bill
// the GEMM workers' synchronisation to Seedling.
setNumThreads(1);
const rounds = Number(process.argv[2] ?? 7);
const cases = [
  { name: 'LeNet-5 conv2 6→16 5×5 14×14 batch 64', n: 64, c: 6, h: 14, o: 16, k: 5, padding: 0, groups: 1 },
  { name: '3×3 64→64 32×32 batch 32', n: 32, c: 64, h: 32, o: 64, k: 3, padding: 1, groups: 1 },
  { name: 'depthwise 3×3 64 ch 32×32 batch 32', n: 32, c: 64, h: 32, o: 64, k: 3, padding: 1, groups: 64 },
];
for (const s of cases) {
  const x = randn(s.n * s.c * s.h * s.h, 1);
  const w = randn(s.o * (s.c / s.groups) * s.k * s.k, 2);
  const xs = tensor(new NDArray(x, [s.n, s.c, s.h, s.h]));
  const ws = tensor(new NDArray(w, [s.o, s.c / s.groups, s.k, s.k]));
  const bs = tensor(new Float32Array(s.o));
  const xt = tf.transpose(tf.tensor4d(x, [s.n, s.c, s.h, s.h]), [0, 2, 3, 1]) as tf.Tensor4D;
  const ft = tf.transpose(tf.tensor4d(w, [s.o, s.c / s.groups, s.k, s.k]), s.groups === 1 ? [2, 3, 1, 0] : [2, 3, 0, 1]) as tf.Tensor4D;
  const bt = tf.zeros([s.o]);
  const pad = s.padding === 0 ? 'valid' : 'same';
  const seed = () => void noGrad(() => xs.conv2d(ws, bs, { padding: s.padding, groups: s.groups }));
  const peer = () => tf.tidy(() => (s.groups === 1 ? tf.conv2d(xt, ft, 1, pad) : tf.depthwiseConv2d(xt, ft, 1, pad)).add(bt)).dataSync();
  const a: number[] = [];
  const b: number[] = [];
  // A few untimed calls each first, so V8 has optimised the JS around the kernels (one call was not enough:
  // the LeNet row's first timed calls then ran at up to 2× the settled time).
  for (let r = 0; r < 5; r++) {
    seed();
    peer();
  }
  for (let r = 0; r < rounds; r++) {
    a.push(cpuMs(seed));
    b.push(cpuMs(peer));
  }
  const ms = median(a);
  const mt = median(b);
  console.log(
    `fwd ${s.name}: Seedling ${ms.toFixed(2)} ms, tfjs-wasm ${mt.toFixed(2)} ms CPU → ${(mt / ms).toFixed(2)}× tfjs-wasm's speed`,
  );
}
{
  const x = randn(32 * 64 * 32 * 32, 3);
  const xs = tensor(new NDArray(x, [32, 64, 32, 32]));
  const xt = tf.transpose(tf.tensor4d(x, [32, 64, 32, 32]), [0, 2, 3, 1]) as tf.Tensor4D;
  const seed = () => void noGrad(() => xs.maxPool2d({ kernelSize: 2 }));
  const peer = () => tf.tidy(() => tf.maxPool(xt, 2, 2, 'valid')).dataSync();
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < rounds; r++) {
    a.push(cpuMs(seed));
    b.push(cpuMs(peer));
  }
  console.log(
    `max-pool fwd: Seedling ${median(a).toFixed(2)} ms, tfjs-wasm ${median(b).toFixed(2)} ms CPU → ${(median(b) / median(a)).toFixed(2)}×`,
  );
}
