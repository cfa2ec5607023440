/**
 * How the GEMM thread pool's settings change a training step: the 784-256-128-10 ReLU classifier (batch 64 by
 * default, SGD or Adam) stepped under several settings in turn — one thread; two threads with the product-size
 * threshold and the workers' idle polling time varied — interleaved in rounds so a burst of load lands on all of
 * them, printing each setting's 10th-percentile and median step time. Needs idle cores to mean anything.
 *
 * From benchmarks/:
 *   npx tsx --conditions=@seedling-ml/source profile/threads-step.ts [--batch 64] [--optimizer sgd|adam] [--rounds 6]
 */
import { tensor } from '@seedling-ml/autograd';
import { crossEntropyLoss } from '@seedling-ml/nn';
import { Adam, type Optimizer, SGD } from '@seedling-ml/optim';
import { setNumThreads } from '@seedling-ml/tensor';
import { setThreadMinWork, setWorkerSpin } from '../../packages/tensor/src/kernels/gemm-f32-threads.ts';
import { intOption, parseCli } from '../../scripts/cli.ts';

const USAGE = `usage: npx tsx --conditions=@seedling-ml/source profile/threads-step.ts [options]   (from benchmarks/)

Times a training step under several thread-pool settings, interleaved, and prints p10 and median per setting.

  --batch N                 batch size (default 64)
  --optimizer sgd|adam      (default sgd)
  --rounds N                rounds of 100 steps per setting (default 6)
  -h, --help                print this help and exit`;

const { values: flags } = parseCli(USAGE, {
  options: { batch: { type: 'string' }, optimizer: { type: 'string' }, rounds: { type: 'string' } },
});
const batch = intOption(USAGE, 'batch', flags.batch, 64);
const rounds = intOption(USAGE, 'rounds', flags.rounds, 6);
const kind = flags.optimizer ?? 'sgd';
if (kind !== 'adam' && kind !== 'sgd') {
  process.stderr.write(`option --optimizer must be adam or sgd, got '${kind}'\n\n${USAGE}\n`);
  process.exit(2);
}

const SETTINGS = [
  { name: '1 thread', threads: 1, minWork: 2 ** 23, spinUs: 500 },
  { name: '2 threads, ≥ 2²³ MACs, spin 0.5 ms', threads: 2, minWork: 2 ** 23, spinUs: 500 },
  { name: '2 threads, ≥ 2²¹ MACs, spin 0.5 ms', threads: 2, minWork: 2 ** 21, spinUs: 500 },
  { name: '2 threads, ≥ 2²³ MACs, spin 3 ms', threads: 2, minWork: 2 ** 23, spinUs: 3000 },
  { name: '2 threads, ≥ 2²¹ MACs, spin 3 ms', threads: 2, minWork: 2 ** 21, spinUs: 3000 },
  { name: '2 threads, ≥ 2²⁰ MACs, spin 3 ms', threads: 2, minWork: 2 ** 20, spinUs: 3000 },
] as const;

// Loaded after the arguments are checked: lib/mlp.ts brings TensorFlow.js, slow to load.
const { MNIST_MLP, initialParameters, seedlingMnistMlp, syntheticBatch } = await import('../lib/mlp.ts');
const initial = initialParameters(MNIST_MLP, 31);
const data = syntheticBatch(MNIST_MLP, batch, 32);
const model = seedlingMnistMlp(initial);
const optimizer: Optimizer = kind === 'sgd' ? new SGD(model.parameters(), { lr: 1e-2 }) : new Adam(model.parameters(), { lr: 1e-3 });
const x = tensor(data.x);

function step(): void {
  optimizer.zeroGrad();
  const loss = crossEntropyLoss(model.forward(x), data.y);
  loss.backward();
  optimizer.step();
  loss.item();
}

const times = SETTINGS.map(() => [] as number[]);
for (let r = 0; r < rounds; r++) {
  SETTINGS.forEach((s, i) => {
    setNumThreads(s.threads);
    setThreadMinWork(s.minWork);
    setWorkerSpin(s.spinUs);
    for (let w = 0; w < 20; w++) step();
    for (let j = 0; j < 100; j++) {
      const t0 = performance.now();
      step();
      times[i]!.push(performance.now() - t0);
    }
  });
}
const q = (xs: number[], f: number) => [...xs].sort((a, b) => a - b)[Math.floor(f * xs.length)]!;
console.log(`training step 784-256-128-10, batch ${batch}, ${kind}: ${rounds} rounds × 100 steps per setting`);
SETTINGS.forEach((s, i) =>
  console.log(`  ${s.name.padEnd(40)} p10 ${q(times[i]!, 0.1).toFixed(3)} ms   median ${q(times[i]!, 0.5).toFixed(3)} ms`),
);
