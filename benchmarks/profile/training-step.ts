/**
 * Where a Seedling training step spends its time: the 784-256-128-10 ReLU classifier of the training
 * suite, batch 64 by default, Adam or SGD. Times each phase of the step (clearing gradients, forward,
 * loss, backward, optimizer update, reading the loss) over many steps and prints the median per phase,
 * plus the time of the step's eight matrix products run alone with the same shapes.
 *
 * From benchmarks/:
 *   npx tsx --conditions=@seedling-ml/source profile/training-step.ts [--batch 64] [--steps 300] [--optimizer adam|sgd]
 * With a V8 CPU profile of the steps only (`--steps-only` skips the products-alone loop), then summarized:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx --conditions=@seedling-ml/source profile/training-step.ts --steps-only
 *   npx tsx profile/summarize-cpuprofile.ts /tmp/prof/*.cpuprofile
 */
import { tensor } from '@seedling-ml/autograd';
import { crossEntropyLoss } from '@seedling-ml/nn';
import { Adam, type Optimizer, SGD } from '@seedling-ml/optim';
import { type NDArray, Rng, matmul } from '@seedling-ml/tensor';
import { intOption, parseCli } from '../../scripts/cli.ts';

const USAGE = `usage: npx tsx --conditions=@seedling-ml/source profile/training-step.ts [options]   (from benchmarks/)

Times each phase of a training step of the 784-256-128-10 ReLU classifier and prints the medians.

  --batch N                 batch size (default 64)
  --steps N                 timed steps (default 300)
  --optimizer adam|sgd      (default adam)
  --steps-only              skip the matrix-products-alone loop (for a CPU profile of the steps)
  --low                     print the 10th percentile instead of the median (steadier on a loaded machine)
  -h, --help                print this help and exit`;

const { values: flags } = parseCli(USAGE, {
  options: {
    batch: { type: 'string' },
    steps: { type: 'string' },
    optimizer: { type: 'string' },
    'steps-only': { type: 'boolean' },
    low: { type: 'boolean' },
  },
});

/** The statistic printed: the median, or with --low the 10th percentile (preemption by other jobs only adds time). */
const QUANTILE = flags.low === true ? 0.1 : 0.5;
function pick(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(QUANTILE * s.length)]!;
}

const batch = intOption(USAGE, 'batch', flags.batch, 64);
const steps = intOption(USAGE, 'steps', flags.steps, 300);
const kind = flags.optimizer ?? 'adam';
if (kind !== 'adam' && kind !== 'sgd') {
  process.stderr.write(`option --optimizer must be adam or sgd, got '${kind}'\n\n${USAGE}\n`);
  process.exit(2);
}
const stepsOnly = flags['steps-only'] === true;
// Loaded after the arguments are checked: lib/mlp.ts brings TensorFlow.js, slow to load.
const { MNIST_MLP, initialParameters, layerShapes, seedlingMnistMlp, syntheticBatch } = await import('../lib/mlp.ts');

const initial = initialParameters(MNIST_MLP, 31);
const data = syntheticBatch(MNIST_MLP, batch, 32);
const model = seedlingMnistMlp(initial);
const optimizer: Optimizer = kind === 'sgd' ? new SGD(model.parameters(), { lr: 1e-2 }) : new Adam(model.parameters(), { lr: 1e-3 });
const x = tensor(data.x);
const y = data.y;

const phases = ['zeroGrad', 'forward', 'loss', 'backward', 'optimizer', 'item'] as const;
const times: Record<(typeof phases)[number] | 'step', number[]> = {
  zeroGrad: [],
  forward: [],
  loss: [],
  backward: [],
  optimizer: [],
  item: [],
  step: [],
};
for (let i = 0; i < steps + 50; i++) {
  const t0 = performance.now();
  optimizer.zeroGrad();
  const t1 = performance.now();
  const logits = model.forward(x);
  const t2 = performance.now();
  const loss = crossEntropyLoss(logits, y);
  const t3 = performance.now();
  loss.backward();
  const t4 = performance.now();
  optimizer.step();
  const t5 = performance.now();
  loss.item();
  const t6 = performance.now();
  if (i < 50) continue; // warm-up
  const stamps = [t0, t1, t2, t3, t4, t5, t6];
  phases.forEach((p, j) => times[p].push(stamps[j + 1]! - stamps[j]!));
  times.step.push(t6 - t0);
}

// The same eight products alone: forward x·Wᵀ, backward dy·W (input gradient, skipped for the first
// layer whose input needs none) and dyᵀ·x (weight gradient), with the shapes the step uses.
const products: [NDArray, NDArray, { transposeA?: boolean; transposeB?: boolean }][] = [];
const rng = new Rng(1);
for (const [inF, outF] of layerShapes(MNIST_MLP)) {
  const a = rng.uniform([batch, inF], -1, 1);
  const w = rng.uniform([outF, inF], -1, 1);
  const g = rng.uniform([batch, outF], -1, 1);
  products.push([a, w, { transposeB: true }], [g, a, { transposeA: true }]);
  if (inF !== MNIST_MLP.sizes[0]) products.push([g, w, {}]);
}
const productTimes: number[] = [];
for (let i = 0; i < (stepsOnly ? 0 : steps + 50); i++) {
  const t0 = performance.now();
  for (const [a, b, o] of products) matmul(a, b, o);
  if (i >= 50) productTimes.push(performance.now() - t0);
}

const step = pick(times.step);
console.log(
  `Seedling training step, 784-256-128-10, batch ${batch}, ${kind === 'sgd' ? 'SGD' : 'Adam'}: ${QUANTILE === 0.5 ? 'median' : '10th percentile'} of ${steps} steps`,
);
for (const p of phases)
  console.log(`  ${p.padEnd(10)} ${pick(times[p]).toFixed(3).padStart(7)} ms  ${((100 * pick(times[p])) / step).toFixed(0).padStart(3)} %`);
console.log(`  ${'step'.padEnd(10)} ${step.toFixed(3).padStart(7)} ms`);
if (!stepsOnly) {
  const mm = pick(productTimes);
  console.log(
    `  the step's ${products.length} matrix products alone: ${mm.toFixed(3)} ms (${((100 * mm) / step).toFixed(0)} % of the step)`,
  );
}
