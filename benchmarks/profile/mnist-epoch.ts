/**
 * Where the `MNIST epoch` benchmark row's Seedling time goes: the same epoch (8,000 digits of
 * `loadMnist({ train: 8000, test: 0, seed: 0 })`, a `DataLoader` over a `TensorDataset`, batches of 64,
 * shuffled, Adam), split into the data side (drawing the epoch's permutation and gathering each batch) and
 * the step side (zeroGrad, forward, cross-entropy, backward, update, reading the loss). Each epoch is timed
 * whole, and its batches' data and step parts separately; also one epoch of the loader alone (no steps).
 * Prints the fastest and the median epoch of each kind, and the garbage collections during the timed
 * epochs (count and pause total, from `perf_hooks`).
 *
 * From benchmarks/:
 *   npx tsx --conditions=@seedling-ml/source profile/mnist-epoch.ts [--epochs 8] [--digits 8000] [--core-simd]
 * Like `run.ts`, it turns on relaxed SIMD where Node 20 needs the flag (the GEMM's FMA build) unless `--core-simd`.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { DataLoader, TensorDataset } from '@seedling-ml/data';
import { loadMnist } from '@seedling-ml/data/mnist';
import { Linear, ReLU, Sequential, crossEntropyLoss } from '@seedling-ml/nn';
import { Adam } from '@seedling-ml/optim';
import { intOption, parseCli } from '../../scripts/cli.ts';
import { describeRelaxedSimd, enableRelaxedSimd } from '../lib/relaxed-simd.ts';

const USAGE = `usage: npx tsx --conditions=@seedling-ml/source profile/mnist-epoch.ts [options]   (from benchmarks/)

Times the MNIST epoch row's Seedling side, split into data loading and training steps.

  --epochs N    timed epochs (default 8, after one warm-up epoch)
  --digits N    training digits, at most 10000 (default 8000)
  --core-simd   keep V8's relaxed SIMD off (Node 20): the GEMM's core-SIMD build
  -h, --help    print this help and exit`;

const { values: flags } = parseCli(USAGE, {
  options: { epochs: { type: 'string' }, digits: { type: 'string' }, 'core-simd': { type: 'boolean' } },
});
const epochs = intOption(USAGE, 'epochs', flags.epochs, 8);
const digits = intOption(USAGE, 'digits', flags.digits, 8000);
if (digits > 10_000) {
  process.stderr.write(`option --digits must be at most 10000 (the digits the mnist package holds), got ${digits}\n\n${USAGE}\n`);
  process.exit(2);
}

console.log(describeRelaxedSimd(flags['core-simd'] === true ? 'declined' : enableRelaxedSimd()));
const { train } = loadMnist({ train: digits, test: 0, seed: 0 });
const model = new Sequential(
  new Linear(784, 256, { seed: 1 }),
  new ReLU(),
  new Linear(256, 128, { seed: 2 }),
  new ReLU(),
  new Linear(128, 10, { seed: 3 }),
);
const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
const loader = new DataLoader(new TensorDataset(train.x, train.y), { batchSize: 64, shuffle: true, seed: 42 });

/** One epoch; returns [whole, data, steps] in ms. Data = the time spent inside the loader's iterator. */
function epoch(withSteps: boolean): [number, number, number] {
  let data = 0;
  let steps = 0;
  const start = performance.now();
  const it = loader[Symbol.iterator]();
  for (;;) {
    const t0 = performance.now();
    const next = it.next();
    const t1 = performance.now();
    data += t1 - t0;
    if (next.done === true) break;
    if (!withSteps) continue;
    const [x, y] = next.value;
    optimizer.zeroGrad();
    const loss = crossEntropyLoss(model.forward(x!), y!);
    loss.backward();
    optimizer.step();
    loss.item();
    steps += performance.now() - t1;
  }
  return [performance.now() - start, data, steps];
}

let gcCount = 0;
let gcMs = 0;
let counting = false;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (!counting) continue;
    gcCount++;
    gcMs += e.duration;
  }
}).observe({ entryTypes: ['gc'] });

epoch(true); // warm-up
const full: [number, number, number][] = [];
const loaderOnly: number[] = [];
counting = true;
for (let i = 0; i < epochs; i++) {
  full.push(epoch(true));
  loaderOnly.push(epoch(false)[0]);
}
await new Promise((r) => setTimeout(r, 0)); // let the observer deliver the last entries
counting = false;

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const stat = (xs: number[]) => {
  const s = sorted(xs);
  return `best ${s[0]!.toFixed(1)} ms, median ${s[s.length >> 1]!.toFixed(1)} ms`;
};
console.log(`MNIST epoch, ${digits} digits, batch 64, Adam (${loader.length} batches), ${epochs} epochs timed:`);
console.log(`  whole epoch:            ${stat(full.map((r) => r[0]))}`);
console.log(`  data (loader iterator): ${stat(full.map((r) => r[1]))}`);
console.log(`  steps:                  ${stat(full.map((r) => r[2]))}`);
console.log(`  loader alone (no step): ${stat(loaderOnly)}`);
console.log(`  garbage collections during the timed epochs: ${gcCount}, ${gcMs.toFixed(1)} ms in all`);
