import { Tensor, noGrad, tensor } from '@seedling-ml/autograd';
import { type CrossEntropyOptions, type Module, crossEntropyLoss } from '@seedling-ml/nn';
import { type NDArray, slice } from '@seedling-ml/tensor';

/** What the training loop needs of an optimizer (every `@seedling-ml/optim` optimizer fits). */
export interface StepOptimizer {
  /** Clears every parameter's gradient. */
  zeroGrad(): void;
  /** Updates the parameters from their gradients. */
  step(): unknown;
}

/** Summary of one pass over a dataset. */
export interface EpochStats {
  /** Mean cross-entropy per example. */
  loss: number;
  /** Fraction of examples whose arg-max logit is the label, in [0, 1]. */
  accuracy: number;
  /** Number of examples seen. */
  examples: number;
  /** Wall-clock seconds the pass took. */
  seconds: number;
}

/** Running totals after each batch, for progress displays. */
export interface BatchProgress extends EpochStats {
  /** Batches done so far in this epoch. */
  batch: number;
  /** Mean loss of the batch just done (before its update). */
  batchLoss: number;
}

/**
 * Number of rows of `logits` (`[n, C]`) whose largest entry is at the row's label (ties go to the lower
 * class, as `argmax` does).
 *
 * @example
 * countCorrect(tensor([[2, 1], [0, 3]]), tensor([0, 0])); // 1
 */
export function countCorrect(logits: Tensor, labels: Tensor | NDArray): number {
  const predicted = logits.argmax({ axis: 1 }).data.data;
  const truth = labels instanceof Tensor ? labels.data.data : labels.data;
  let correct = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === truth[i]) correct++;
  return correct;
}

/**
 * One epoch of minibatch training with cross-entropy (`lossOptions`, e.g. `{ labelSmoothing: 0.1 }`, go
 * to `crossEntropyLoss`): for every `[x, y]` batch, zero the gradients, forward, backward, step. Puts the model in training mode. Loss and accuracy are averaged over the
 * examples as they were seen, i.e. measured on the batches *before* each update.
 *
 * @example
 * const stats = trainEpoch(model, new Adam(model.parameters()), loader);
 * stats.loss; // mean training loss of the epoch
 */
export function trainEpoch(
  model: Module,
  optimizer: StepOptimizer,
  batches: Iterable<Tensor[]>,
  onBatch?: (progress: BatchProgress) => void,
  lossOptions: CrossEntropyOptions = {},
): EpochStats {
  model.train();
  const start = performance.now();
  let lossSum = 0;
  let correct = 0;
  let examples = 0;
  let batch = 0;
  for (const [x, y] of batches) {
    if (x === undefined || y === undefined) throw new Error('trainEpoch: expected [x, y] batches');
    const logits = model.forward(x);
    const loss = crossEntropyLoss(logits, y, lossOptions);
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    const n = y.shape[0]!;
    const batchLoss = loss.item();
    lossSum += batchLoss * n;
    correct += countCorrect(logits, y);
    examples += n;
    batch++;
    onBatch?.({
      batch,
      batchLoss,
      loss: lossSum / examples,
      accuracy: correct / examples,
      examples,
      seconds: (performance.now() - start) / 1000,
    });
  }
  return { loss: lossSum / examples, accuracy: correct / examples, examples, seconds: (performance.now() - start) / 1000 };
}

/** `evaluate`'s result: the epoch summary plus every example's predicted class. */
export interface Evaluation extends EpochStats {
  /** Arg-max class of each example, in dataset order. */
  predictions: Int32Array;
}

/**
 * Loss and accuracy of `model` on all of `x` (`[n, ...]`) against labels `y` (`[n]`), in evaluation
 * mode and without recording a graph, `batchSize` rows at a time. Restores the model's previous mode.
 *
 * @example
 * evaluate(model, test.x, test.y).accuracy; // e.g. 0.97
 */
export function evaluate(model: Module, x: NDArray, y: NDArray, batchSize = 1000): Evaluation {
  const wasTraining = model.training;
  model.eval();
  const start = performance.now();
  const n = x.shape[0]!;
  const predictions = new Int32Array(n);
  let lossSum = 0;
  let correct = 0;
  noGrad(() => {
    for (let from = 0; from < n; from += batchSize) {
      const rows = [{ start: from, stop: Math.min(from + batchSize, n) }];
      const xb = tensor(slice(x, rows));
      const yb = slice(y, rows);
      const logits = model.forward(xb);
      lossSum += crossEntropyLoss(logits, yb).item() * yb.size;
      const predicted = logits.argmax({ axis: 1 }).data.data;
      for (let i = 0; i < predicted.length; i++) {
        predictions[from + i] = predicted[i]!;
        if (predicted[i] === yb.data[i]) correct++;
      }
    }
  });
  model.train(wasTraining);
  return { loss: lossSum / n, accuracy: correct / n, examples: n, seconds: (performance.now() - start) / 1000, predictions };
}
