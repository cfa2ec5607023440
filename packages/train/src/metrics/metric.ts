import type { Tensor } from '@seedling-ml/autograd';
import { NDArray, formatShape } from '@seedling-ml/tensor';
import { TrainError } from '../errors.ts';

/** What a metric reports: a number, or a table such as a confusion matrix. JSON-serialisable. */
export type MetricValue = number | number[] | number[][];

/**
 * A streaming metric: `reset()`, then `update(output, target)` once per batch, then `compute()` gives the value
 * over every example seen since the reset — exactly what one call over the whole dataset would give, never
 * a mean of per-batch values.
 *
 * @example
 * const acc = accuracy();
 * acc.update(logits1, labels1); acc.update(logits2, labels2);
 * acc.compute(); // fraction correct over both batches
 */
export interface Metric<V extends MetricValue = MetricValue> {
  /** Key in the logs and history (`'accuracy'`; validation adds the `val` prefix: `'valAccuracy'`). */
  readonly name: string;
  /** Forgets every example seen. */
  reset(): void;
  /** Adds one batch: the model's `output` and the `target` the loss compares it with. */
  update(output: Tensor | NDArray, target: Tensor | NDArray): void;
  /** The value over everything seen since the last reset (NaN for numbers when nothing was seen). */
  compute(): V;
}

/** The NDArray inside a Tensor, or the NDArray itself. */
export function arrayOf(x: Tensor | NDArray): NDArray {
  return x instanceof NDArray ? x : x.data;
}

/** A batch of class scores read as predictions: each row's arg-max class, and the integer labels. */
export interface ClassBatch {
  /** Number of classes (the outputs' last dimension). */
  classes: number;
  /** Arg-max class of each row (ties go to the lower class, as `argmax` does). */
  predicted: Int32Array;
  /** The label of each row. */
  labels: Int32Array;
}

/**
 * Reads scores `[n, C]` and labels `[n]` (integers in [0, C)), throwing a TrainError that names `op` and both
 * shapes when they do not fit.
 */
export function readClassBatch(op: string, output: Tensor | NDArray, target: Tensor | NDArray): ClassBatch {
  const scores = arrayOf(output);
  const labelArray = arrayOf(target);
  const [n, classes] = scores.shape;
  if (scores.rank !== 2 || labelArray.rank !== 1 || labelArray.shape[0] !== n || n === undefined || classes === undefined) {
    throw new TrainError(op, `expected scores [n, C] and class labels [n]: ${formatShape(scores.shape)}, ${formatShape(labelArray.shape)}`);
  }
  const s = scores.data;
  const t = labelArray.data;
  const predicted = new Int32Array(n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = t[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new TrainError(op, `label ${label} at row ${i} is not a class in [0, ${classes})`);
    }
    labels[i] = label;
    let best = 0;
    let bestScore = s[i * classes]!;
    for (let c = 1; c < classes; c++) {
      const v = s[i * classes + c]!;
      if (v > bestScore) {
        bestScore = v;
        best = c;
      }
    }
    predicted[i] = best;
  }
  return { classes, predicted, labels };
}
