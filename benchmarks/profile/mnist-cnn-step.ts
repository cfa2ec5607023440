/**
 * CPU time of one training step of examples/mnist-cnn.ts's network (batch 64, Adam), median over many
 * steps, with or without BatchNorm2d after each convolution. For a V8 CPU profile of the steps:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx --conditions=@seedling-ml/source profile/mnist-cnn-step.ts
 *   npx tsx profile/summarize-cpuprofile.ts /tmp/prof/*.cpuprofile
 * From benchmarks/: `npx tsx --conditions=@seedling-ml/source profile/mnist-cnn-step.ts [steps] [bn]`.
 */
import { tensor } from '@seedling-ml/autograd';
import { BatchNorm2d, Conv2d, Dropout, Flatten, Identity, Linear, MaxPool2d, ReLU, Sequential, crossEntropyLoss } from '@seedling-ml/nn';
import { Adam } from '@seedling-ml/optim';
import { NDArray, Rng } from '@seedling-ml/tensor';

const steps = Number(process.argv[2] ?? 40);
const bn = process.argv[3] === 'bn';
const batch = 64;
const norm = (c: number) => (bn ? new BatchNorm2d(c) : new Identity());
const model = new Sequential(
  new Conv2d(1, 16, 5, { padding: 2, seed: 1 }),
  norm(16),
  new ReLU(),
  new MaxPool2d(2),
  new Conv2d(16, 32, 5, { padding: 2, seed: 2 }),
  norm(32),
  new ReLU(),
  new MaxPool2d(2),
  new Flatten(),
  new Linear(1568, 128, { seed: 3 }),
  new ReLU(),
  new Dropout(0.3, { seed: 4 }),
  new Linear(128, 10, { seed: 5 }),
);
const opt = new Adam(model.parameters(), { lr: 1e-3 });
const x = tensor(new NDArray(Float32Array.from(new Rng(4).normal([batch * 784]).data), [batch, 1, 28, 28]));
const labels = Array.from({ length: batch }, (_, i) => (i * 7) % 10);
const times: number[] = [];
for (let s = 0; s < steps; s++) {
  const t0 = process.cpuUsage();
  opt.zeroGrad();
  const loss = crossEntropyLoss(model.forward(x), labels);
  loss.backward();
  opt.step();
  loss.item();
  const d = process.cpuUsage(t0);
  times.push((d.user + d.system) / 1000);
}
times.sort((a, b) => a - b);
console.log(`MNIST-CNN step${bn ? ' with BatchNorm2d' : ''}: median ${times[steps >> 1]!.toFixed(1)} ms CPU (min ${times[0]!.toFixed(1)})`);
