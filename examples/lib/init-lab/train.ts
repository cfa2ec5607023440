import { noGrad, tensor } from '@seedling-ml/autograd';
import { type Module, crossEntropyLoss } from '@seedling-ml/nn';
import { Adam, SGD } from '@seedling-ml/optim';
import { Rng, argmax, gather } from '@seedling-ml/tensor';
import type { Dataset } from './task.ts';

/** Options of `trainClassifier`. */
export interface TrainOptions {
  steps: number;
  batchSize: number;
  lr: number;
  momentum: number;
  /** Seed of the minibatch order. */
  seed: number | string;
  /** `'sgd'` (default, with `momentum`) or `'adam'` (default betas; `momentum` unused). */
  optimizer?: 'sgd' | 'adam';
}

/** What a short training run produced. */
export interface TrainResult {
  /** Cross-entropy of each step's minibatch, before that step's update (NaN after a divergence). */
  losses: number[];
  /** The step at which the loss became non-finite, or null. */
  divergedAt: number | null;
  /** Held-out loss and accuracy after the last step (NaN after a divergence). */
  testLoss: number;
  testAccuracy: number;
}

/**
 * Trains `model` on `train` with SGD (momentum) or Adam for a fixed number of seeded minibatch steps and
 * evaluates it on `test`. Stops early, filling the curve with NaN, if the loss overflows.
 */
export function trainClassifier(model: Module, train: Dataset, test: Dataset, options: TrainOptions): TrainResult {
  const rng = new Rng(options.seed);
  const n = train.x.shape[0]!;
  const opt =
    options.optimizer === 'adam'
      ? new Adam(model.parameters(), { lr: options.lr })
      : new SGD(model.parameters(), { lr: options.lr, momentum: options.momentum, nonFiniteGrad: 'skip' });
  const losses: number[] = [];
  let order = rng.permutation(n);
  let pos = 0;
  let divergedAt: number | null = null;
  for (let step = 0; step < options.steps; step++) {
    if (pos + options.batchSize > n) {
      order = rng.permutation(n);
      pos = 0;
    }
    const idx = order.subarray(pos, pos + options.batchSize);
    pos += options.batchSize;
    const xb = tensor(gather(train.x, idx, 0));
    const yb = gather(train.y, idx, 0);
    opt.zeroGrad();
    const loss = crossEntropyLoss(model.forward(xb), tensor(yb));
    const value = loss.item();
    if (!Number.isFinite(value)) {
      divergedAt = step;
      while (losses.length < options.steps) losses.push(Number.NaN);
      break;
    }
    losses.push(value);
    loss.backward();
    opt.step();
  }
  const logits = noGrad(() => model.forward(tensor(test.x)));
  const testLoss = divergedAt === null ? crossEntropyLoss(logits, tensor(test.y)).item() : Number.NaN;
  const pred = argmax(logits.data, { axis: 1 }).data;
  let correct = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === test.y.data[i]) correct++;
  return { losses, divergedAt, testLoss, testAccuracy: divergedAt === null ? correct / pred.length : Number.NaN };
}
