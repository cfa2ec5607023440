import { TrainError } from '../errors.ts';
import { type Metric, readClassBatch } from './metric.ts';

/**
 * Streaming confusion counts of a classifier: `counts[t][p]` is the number of examples of true class t
 * predicted as class p (arg-max of the scores). The class count is read from the first batch's scores `[n, C]`.
 */
export class ConfusionCounts {
  /** Number of classes (0 until the first batch). */
  classes = 0;
  /** Row-major C×C counts, true class by predicted class. */
  counts = new Float64Array(0);
  private readonly op: string;

  constructor(op: string) {
    this.op = op;
  }

  /** Forgets every example. */
  reset(): void {
    this.classes = 0;
    this.counts = new Float64Array(0);
  }

  /** Adds a batch of scores `[n, C]` and labels `[n]`. */
  add(output: Parameters<Metric['update']>[0], target: Parameters<Metric['update']>[1]): void {
    const { classes, predicted, labels } = readClassBatch(this.op, output, target);
    if (this.classes === 0) {
      this.classes = classes;
      this.counts = new Float64Array(classes * classes);
    } else if (classes !== this.classes) {
      throw new TrainError(this.op, `scores have ${classes} classes, earlier batches had ${this.classes}`);
    }
    for (let i = 0; i < labels.length; i++) this.counts[labels[i]! * classes + predicted[i]!]!++;
  }

  /** The counts as nested arrays, `[true][predicted]`. */
  toArray(): number[][] {
    const c = this.classes;
    return Array.from({ length: c }, (_, t) => Array.from(this.counts.subarray(t * c, (t + 1) * c)));
  }
}

/**
 * Confusion matrix: `value[t][p]` counts the examples of true class t predicted as class p. Takes scores
 * `[n, C]` and labels `[n]`; `[]` before any batch.
 *
 * @example
 * const m = confusionMatrix();
 * m.update(tensor([[2, 1], [0, 3], [1, 0]]), tensor([0, 0, 1]));
 * m.compute(); // [[1, 1], [1, 0]]
 */
export function confusionMatrix(): Metric<number[][]> {
  const counts = new ConfusionCounts('confusionMatrix');
  return {
    name: 'confusionMatrix',
    reset: () => counts.reset(),
    update: (output, target) => counts.add(output, target),
    compute: () => counts.toArray(),
  };
}
