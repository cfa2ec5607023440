/**
 * CPU time of one training step of examples/mnist-cnn.ts's network (batch 64, Adam), median over many
 * steps, with or without BatchNorm2d after each convolution. For a V8 CPU profile of the steps:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx --conditions=@seedling-ml/source profile/mnist-cnn-step.ts
 *   npx tsx profile/summarize-cpuprofile.ts /tmp/prof/*.cpuprofile
 * From benchmarks/: `npx tsx --conditions=@seedling-ml/source profile/mnist-cnn-step.ts [steps] [bn]`.
 */
import { tensor } from '@seedling-ml/autograd';
import { crossEntropyLoss } from '@seedling-ml/nn';
import { Adam } from '@seedling-ml/optim';
import { NDArray, Rng } from '@seedling-ml/tensor';
import { mnistCnnModel } from '../lib/mnist-cnn-model.ts';

const steps = Number(process.argv[2] ?? 40);
const bn = process.argv[3] === 'bn';
const batch = 64;
const model = mnistCnnModel(bn);
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
