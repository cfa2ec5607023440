import { textOf } from '@seedling-ml/tensor';
import { TrainError, checkTrainArg, isOptionsObject } from '../errors.ts';
import { ConfusionCounts } from './confusion-matrix.ts';
import type { Metric } from './metric.ts';

/** How per-class scores are combined: `'macro'` = unweighted mean over classes, `'micro'` = from pooled counts. */
export type Average = 'macro' | 'micro';

/** Options of precision, recall and f1. */
export interface AverageOptions {
  /** Default `'macro'`. */
  average?: Average;
}

type Kind = 'precision' | 'recall' | 'f1';

/** Per-class precision, recall or F1 from true positives, false positives and false negatives (0 when 0/0). */
function score(kind: Kind, tp: number, fp: number, fn: number): number {
  const p = tp + fp === 0 ? 0 : tp / (tp + fp);
  const r = tp + fn === 0 ? 0 : tp / (tp + fn);
  if (kind === 'precision') return p;
  if (kind === 'recall') return r;
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

function averaged(kind: Kind, options: AverageOptions): Metric<number> {
  checkTrainArg(kind, 'options', options, isOptionsObject);
  const average = options.average ?? 'macro';
  const name = `${kind}${average === 'macro' ? 'Macro' : 'Micro'}`;
  if (average !== 'macro' && average !== 'micro')
    throw new TrainError(kind, `invalid average: ${textOf(average)} (valid: 'macro', 'micro')`);
  const counts = new ConfusionCounts(name);
  return {
    name,
    reset: () => counts.reset(),
    update: (output, target) => counts.add(output, target),
    compute() {
      const c = counts.classes;
      const m = counts.counts;
      let tpAll = 0;
      let fpAll = 0;
      let fnAll = 0;
      let sum = 0;
      let present = 0;
      for (let k = 0; k < c; k++) {
        let predictedK = 0;
        let actualK = 0;
        for (let j = 0; j < c; j++) {
          predictedK += m[j * c + k]!;
          actualK += m[k * c + j]!;
        }
        const tp = m[k * c + k]!;
        // A class never seen nor predicted says nothing; scikit-learn leaves it out of the mean too.
        if (predictedK === 0 && actualK === 0) continue;
        present++;
        sum += score(kind, tp, predictedK - tp, actualK - tp);
        tpAll += tp;
        fpAll += predictedK - tp;
        fnAll += actualK - tp;
      }
      if (present === 0) return Number.NaN;
      return average === 'macro' ? sum / present : score(kind, tpAll, fpAll, fnAll);
    },
  };
}

/**
 * Precision, TP / (TP + FP) per class, averaged. Macro: the unweighted mean over the classes that occur as
 * a label or a prediction (a class with no predictions scores 0). Micro: from the counts pooled over classes
 * (for single-label classification this equals accuracy). Takes scores `[n, C]` and labels `[n]`.
 *
 * @example
 * const m = precision({ average: 'macro' });
 * m.update(tensor([[1, 0], [1, 0], [0, 1]]), tensor([0, 1, 1])); // predicted 0, 0, 1
 * m.compute(); // (1/2 + 1/1) / 2 = 0.75
 */
export function precision(options: AverageOptions = {}): Metric<number> {
  return averaged('precision', options);
}

/**
 * Recall, TP / (TP + FN) per class, averaged like precision (macro or micro).
 *
 * @example
 * const m = recall();
 * m.update(tensor([[1, 0], [1, 0], [0, 1]]), tensor([0, 1, 1]));
 * m.compute(); // (1/1 + 1/2) / 2 = 0.75
 */
export function recall(options: AverageOptions = {}): Metric<number> {
  return averaged('recall', options);
}

/**
 * F1 score, the harmonic mean 2PR / (P + R) of each class's precision and recall, averaged: macro = mean of
 * the per-class F1 (scikit-learn's definition), micro = F1 of the pooled counts.
 *
 * @example
 * const m = f1();
 * m.update(tensor([[1, 0], [1, 0], [0, 1]]), tensor([0, 1, 1]));
 * m.compute(); // class 0: P 1/2, R 1 → 2/3; class 1: P 1, R 1/2 → 2/3; mean 2/3
 */
export function f1(options: AverageOptions = {}): Metric<number> {
  return averaged('f1', options);
}
