import { rule } from '@seedling-ml/tensor';
import { checkInt, checkTrainArg } from '../errors.ts';

const NAME = rule('a non-empty string', (v) => typeof v === 'string' && v.length > 0);
import { type Metric, arrayOf, readClassBatch } from './metric.ts';

/**
 * Classification accuracy: the fraction of examples whose highest score is at their label.
 * accuracy = (1/n) Σᵢ [argmax_c sᵢc = yᵢ]. Takes scores `[n, C]` (logits or probabilities) and labels `[n]`.
 *
 * @example
 * const m = accuracy();
 * m.update(tensor([[2, 1], [0, 3]]), tensor([0, 0]));
 * m.compute(); // 0.5
 */
export function accuracy(): Metric<number> {
  return topKAccuracy(1, 'accuracy');
}

/**
 * Top-k accuracy: the fraction of examples whose label is among their k highest scores (ties broken toward
 * the lower class, so exactly k classes count). `topKAccuracy(1)` is accuracy.
 *
 * @example
 * const m = topKAccuracy(2);
 * m.update(tensor([[3, 2, 1], [3, 2, 1]]), tensor([1, 2]));
 * m.compute(); // 0.5 — label 1 is second best, label 2 is third
 */
export function topKAccuracy(k: number, name?: string): Metric<number> {
  checkInt('topKAccuracy', 'k', k, 1);
  if (name === undefined) name = `top${k}Accuracy`; // after the check: the default prints k (a symbol until checked)
  checkTrainArg('topKAccuracy', 'name', name, NAME);
  // Errors while measuring name the metric as it is logged (e.g. 'accuracy').
  const op = name;
  let hits = 0;
  let seen = 0;
  return {
    name,
    reset() {
      hits = 0;
      seen = 0;
    },
    update(output, target) {
      const { classes, predicted, labels } = readClassBatch(op, output, target);
      if (k === 1) {
        for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) hits++;
      } else {
        const scores = arrayOf(output).data;
        for (let i = 0; i < labels.length; i++) {
          const label = labels[i]!;
          const own = scores[i * classes + label]!;
          // The label is in the top k when fewer than k classes outrank it (higher score, or equal and lower index).
          let above = 0;
          for (let c = 0; c < classes; c++) {
            const v = scores[i * classes + c]!;
            if (v > own || (v === own && c < label)) above++;
          }
          if (above < k) hits++;
        }
      }
      seen += labels.length;
    },
    compute() {
      return seen === 0 ? Number.NaN : hits / seen;
    },
  };
}
