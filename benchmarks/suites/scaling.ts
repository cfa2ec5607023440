import { tensor } from '@seedling-ml/autograd';
import { Linear, type Module, ReLU, Sequential, crossEntropyLoss } from '@seedling-ml/nn';
import { SGD } from '@seedling-ml/optim';
import type { Case, Suite } from '../lib/case.ts';
import { type MlpSpec, initialParameters, mlpFlops, syntheticBatch } from '../lib/mlp.ts';

/** SGD learning rate of every scaling case (as the training suite's SGD rows). */
const LR = 1e-2;

/** A ReLU classifier with the widths of `spec`, loaded with `initialParameters(spec, seed)`. */
function model(spec: MlpSpec, seed: number): Sequential {
  const layers: Module[] = [];
  const sizes = spec.sizes;
  for (let i = 0; i + 1 < sizes.length; i++) {
    layers.push(new Linear(sizes[i]!, sizes[i + 1]!));
    if (i + 2 < sizes.length) layers.push(new ReLU());
  }
  const m = new Sequential(...layers);
  const initial = initialParameters(spec, seed);
  m.parameters().forEach((p, i) => p.data.data.set(initial[i]!.data));
  return m;
}

/**
 * One SGD training step (zeroGrad, forward, cross-entropy, backward, step, read the loss) of `spec` at
 * `batch`, for Seedling and PyTorch only (tfjs would double the suite's time and is in the training suite).
 */
function scalingCase(spec: MlpSpec, batch: number, threads = 1): Case {
  const m = model(spec, 51);
  const optimizer = new SGD(m.namedParameters(), { lr: LR });
  const data = syntheticBatch(spec, batch, 52);
  const x = tensor(data.x.clone());
  const y = data.y.clone();
  return {
    name: `scaling: train step ${spec.sizes.join('-')} SGD batch ${batch}${threads > 1 ? `, ${threads} threads` : ''}`,
    unit: 'ms',
    work: mlpFlops(spec, batch),
    threads,
    seedling: () => {
      optimizer.zeroGrad();
      const loss = crossEntropyLoss(m.forward(x), y);
      loss.backward();
      optimizer.step();
      loss.item();
    },
    peers: {},
    torch: { kind: 'train', sizes: spec.sizes, optimizer: 'SGD', lr: LR, batch },
  };
}

const mlp = (width: number): MlpSpec => ({ sizes: [784, width, width, 10], activation: 'relu', loss: 'crossEntropy' });

/**
 * Scaling: the SGD training step against batch size (784-256-128-10, batch 16…1024) and hidden width
 * (784-W-W-10, W = 64…2048, batch 64). Seedling on 1 and on 2 threads (one row each); PyTorch at 1 thread and
 * all cores.
 */
export const scalingSuite: Suite = {
  name: 'scaling',
  cases({ quick }) {
    const batches = quick ? [16, 256] : [16, 64, 256, 1024];
    const widths = quick ? [64, 512] : [64, 256, 1024, 2048];
    const small: MlpSpec = { sizes: [784, 256, 128, 10], activation: 'relu', loss: 'crossEntropy' };
    // Each size on 1 thread, then on 2 (the row after it).
    return [
      ...batches.flatMap((b) => [scalingCase(small, b), scalingCase(small, b, 2)]),
      ...widths.flatMap((w) => [scalingCase(mlp(w), 64), scalingCase(mlp(w), 64, 2)]),
    ];
  },
};
