/**
 * `optimizer.step()` alone, for every optimizer of @seedling-ml/optim on the 784-256-128-10 network's parameters
 * (235,146 float32 values, same shapes as the training suite): fixed random gradients, 500 timed steps after
 * 200 warm-up steps, median printed. Caches are warm here, so the step inside a training loop (gradients
 * fresh from backward) takes somewhat longer; `training-step.ts` measures that. TensorFlow.js is deliberately not
 * imported (no `lib/mlp.ts`): loaded in the same process, it makes these loops ≈ 15–20 % slower.
 *
 * From benchmarks/:
 *   npx tsx --conditions=@seedling-ml/source profile/optimizer-step.ts [name prefix, e.g. Adam]
 */
import { type Tensor, tensor } from '@seedling-ml/autograd';
import { Linear } from '@seedling-ml/nn';
import { Adagrad, Adam, AdamW, type Optimizer, RMSprop, SGD } from '@seedling-ml/optim';
import { Rng } from '@seedling-ml/tensor';
import { parseCli } from '../../scripts/cli.ts';

const USAGE = `usage: npx tsx --conditions=@seedling-ml/source profile/optimizer-step.ts [NAME_PREFIX]   (from benchmarks/)

Times optimizer.step() alone for every optimizer on the 784-256-128-10 network's parameters.

  NAME_PREFIX  only the optimizers whose name starts with it, e.g. Adam
  -h, --help   print this help and exit`;

const CONFIGS: readonly (readonly [string, (ps: Tensor[]) => Optimizer])[] = [
  ['SGD', (ps) => new SGD(ps, { lr: 1e-6 })],
  ['SGD momentum 0.9', (ps) => new SGD(ps, { lr: 1e-6, momentum: 0.9 })],
  ['SGD Nesterov + weight decay', (ps) => new SGD(ps, { lr: 1e-6, momentum: 0.9, nesterov: true, weightDecay: 1e-4 })],
  ['Adam', (ps) => new Adam(ps, { lr: 1e-6 })],
  ['Adam AMSGrad', (ps) => new Adam(ps, { lr: 1e-6, amsgrad: true })],
  ['AdamW', (ps) => new AdamW(ps, { lr: 1e-6 })],
  ['RMSprop', (ps) => new RMSprop(ps, { lr: 1e-6 })],
  ['RMSprop centered + momentum', (ps) => new RMSprop(ps, { lr: 1e-6, centered: true, momentum: 0.9 })],
  ['Adagrad', (ps) => new Adagrad(ps, { lr: 1e-6 })],
];

const { positionals } = parseCli(USAGE, { options: {}, allowPositionals: true });
if (positionals.length > 1) {
  process.stderr.write(`expected at most one name prefix, got ${positionals.length}\n\n${USAGE}\n`);
  process.exit(2);
}
const prefix = positionals[0] ?? '';
const rng = new Rng(7);
for (const [name, make] of CONFIGS) {
  if (!name.startsWith(prefix)) continue;
  const params = [new Linear(784, 256), new Linear(256, 128), new Linear(128, 10)].flatMap((layer) => layer.parameters());
  for (const p of params) p.grad = tensor(rng.uniform(p.shape, -5e-4, 5e-4));
  const optimizer = make(params);
  const times: number[] = [];
  for (let i = 0; i < 700; i++) {
    const t0 = performance.now();
    optimizer.step();
    if (i >= 200) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`${name.padEnd(28)} ${times[times.length >> 1]!.toFixed(3)} ms`);
}
