import { fc, test } from '@fast-check/vitest';
import { tensor } from '@seedling-ml/autograd';
import { describe, expect } from 'vitest';
import {
  TrainError,
  accuracy,
  confusionMatrix,
  f1,
  meanAbsoluteError,
  meanSquaredError,
  precision,
  r2Score,
  recall,
  topKAccuracy,
} from '../src/index.ts';

// One 3-class problem used by several tests, worked out by hand.
// Scores → predicted class (arg-max): rows 0..5 predict 0, 1, 1, 2, 0, 2.
const scores = [
  [5, 1, 0],
  [0, 4, 1],
  [1, 3, 2],
  [0, 1, 6],
  [2, 1, 0],
  [1, 0, 2],
];
const labels = [0, 1, 0, 2, 1, 1];
// true\pred   0  1  2
//   0         1  1  0
//   1         1  1  1
//   2         0  0  1
// class 0: TP 1, FP 1, FN 1 → P 1/2, R 1/2, F1 1/2
// class 1: TP 1, FP 1, FN 2 → P 1/2, R 1/3, F1 2·(1/6)/(5/6) = 2/5
// class 2: TP 1, FP 1, FN 0 → P 1/2, R 1,   F1 2·(1/2)/(3/2) = 2/3
const hand = {
  accuracy: 3 / 6,
  confusion: [
    [1, 1, 0],
    [1, 1, 1],
    [0, 0, 1],
  ],
  precisionMacro: (1 / 2 + 1 / 2 + 1 / 2) / 3,
  recallMacro: (1 / 2 + 1 / 3 + 1) / 3,
  f1Macro: (1 / 2 + 2 / 5 + 2 / 3) / 3,
};

/** Feeds the problem to `m` in two batches (rows 0–3, 4–5), as a loader would. */
function stream<V>(m: { reset(): void; update(o: ReturnType<typeof tensor>, t: ReturnType<typeof tensor>): void; compute(): V }): V {
  m.reset();
  m.update(tensor(scores.slice(0, 4)), tensor(labels.slice(0, 4)));
  m.update(tensor(scores.slice(4)), tensor(labels.slice(4)));
  return m.compute();
}

describe('classification metrics, streamed in two batches', () => {
  test('accuracy and the confusion matrix', () => {
    expect(stream(accuracy())).toBeCloseTo(hand.accuracy, 12);
    expect(stream(confusionMatrix())).toEqual(hand.confusion);
  });

  test('macro precision, recall and F1', () => {
    expect(stream(precision())).toBeCloseTo(hand.precisionMacro, 12);
    expect(stream(recall({ average: 'macro' }))).toBeCloseTo(hand.recallMacro, 12);
    expect(stream(f1())).toBeCloseTo(hand.f1Macro, 12);
  });

  test('micro averages pool the counts: all equal accuracy for single-label data', () => {
    // Pooled: TP 3, FP 3, FN 3 → P = R = F1 = 1/2.
    for (const m of [precision({ average: 'micro' }), recall({ average: 'micro' }), f1({ average: 'micro' })])
      expect(stream(m)).toBeCloseTo(0.5, 12);
  });

  test('top-k accuracy counts labels among the k best scores', () => {
    // Rank of each label: row0 label0 1st; row1 label1 1st; row2 label0 3rd; row3 label2 1st; row4 label1 2nd; row5 label1 3rd.
    expect(stream(topKAccuracy(1))).toBeCloseTo(3 / 6, 12);
    expect(stream(topKAccuracy(2))).toBeCloseTo(4 / 6, 12);
    expect(stream(topKAccuracy(3))).toBe(1);
    // Ties go to the lower class: with equal scores, class 1 is outranked by class 0 only.
    const m = topKAccuracy(1);
    m.update(tensor([[1, 1]]), tensor([1]));
    expect(m.compute()).toBe(0);
  });

  test('a class neither present nor predicted is left out of the macro mean', () => {
    const m = precision();
    m.update(
      tensor([
        [3, 0, 0],
        [0, 3, 0],
      ]),
      tensor([0, 1]),
    ); // class 2 absent: P = (1 + 1) / 2
    expect(m.compute()).toBe(1);
  });

  test('names, NaN before data, reset', () => {
    expect([accuracy(), topKAccuracy(3), precision(), recall({ average: 'micro' }), f1(), confusionMatrix()].map((m) => m.name)).toEqual([
      'accuracy',
      'top3Accuracy',
      'precisionMacro',
      'recallMicro',
      'f1Macro',
      'confusionMatrix',
    ]);
    const m = accuracy();
    expect(m.compute()).toBeNaN();
    m.update(tensor([[1, 0]]), tensor([0]));
    m.reset();
    expect(m.compute()).toBeNaN();
  });

  test('bad shapes and labels throw naming the metric and the shapes', () => {
    expect(() => accuracy().update(tensor([1, 2]), tensor([0, 1]))).toThrow(
      new TrainError('accuracy', 'expected scores [n, C] and class labels [n]: [2], [2]'),
    );
    expect(() => f1().update(tensor([[1, 2]]), tensor([2]))).toThrow(/f1Macro: label 2 at row 0 is not a class in \[0, 2\)/);
    const c = confusionMatrix();
    c.update(tensor([[1, 2]]), tensor([0]));
    expect(() => c.update(tensor([[1, 2, 3]]), tensor([0]))).toThrow(/3 classes, earlier batches had 2/);
    expect(() => topKAccuracy(0)).toThrow(TrainError);
    expect(() => precision({ average: 'weighted' as 'macro' })).toThrow(/invalid average/);
  });
});

describe('regression metrics', () => {
  // ŷ = [1, 2, 3, 5], y = [1, 2, 4, 3]; errors 0, 0, −1, 2.
  const yHat = [1, 2, 3, 5];
  const y = [1, 2, 4, 3];

  function streamed<V>(m: { update(o: ReturnType<typeof tensor>, t: ReturnType<typeof tensor>): void; compute(): V }): V {
    m.update(tensor(yHat.slice(0, 1)), tensor(y.slice(0, 1)));
    m.update(tensor(yHat.slice(1)), tensor(y.slice(1)));
    return m.compute();
  }

  test('MSE and MAE', () => {
    expect(streamed(meanSquaredError())).toBeCloseTo((0 + 0 + 1 + 4) / 4, 12);
    expect(streamed(meanAbsoluteError())).toBeCloseTo((0 + 0 + 1 + 2) / 4, 12);
  });

  test('R² = 1 − SSres/SStot', () => {
    // ȳ = 10/4 = 2.5; SStot = 2.25 + 0.25 + 2.25 + 0.25 = 5; SSres = 5 → R² = 0.
    expect(streamed(r2Score())).toBeCloseTo(0, 12);
    const m = r2Score();
    m.update(tensor([1, 2, 3]), tensor([1, 2, 4])); // ȳ 7/3, SStot 14/3, SSres 1
    expect(m.compute()).toBeCloseTo(1 - 3 / 14, 12);
  });

  test('R² averages over output columns; large offsets do not cancel', () => {
    const m = r2Score();
    // Column 0 as above (R² 0); column 1 = y + 1e8 predicted perfectly (R² 1). Mean 0.5.
    m.update(
      tensor(
        [
          [1, 1e8 + 1],
          [2, 1e8 + 2],
        ],
        { dtype: 'float64' },
      ),
      tensor(
        [
          [1, 1e8 + 1],
          [2, 1e8 + 2],
        ],
        { dtype: 'float64' },
      ),
    );
    m.update(
      tensor(
        [
          [3, 1e8 + 4],
          [5, 1e8 + 3],
        ],
        { dtype: 'float64' },
      ),
      tensor(
        [
          [4, 1e8 + 4],
          [3, 1e8 + 3],
        ],
        { dtype: 'float64' },
      ),
    );
    expect(m.compute()).toBeCloseTo(0.5, 9);
  });

  test('[n, 1] outputs pair with [n] targets; other shape differences throw', () => {
    const m = meanSquaredError();
    m.update(tensor([[1], [2]]), tensor([0, 4]));
    expect(m.compute()).toBeCloseTo(2.5, 12);
    expect(() => meanAbsoluteError().update(tensor([1, 2]), tensor([1, 2, 3]))).toThrow(
      new TrainError('mae', 'output and target shapes differ: [2] vs [3]'),
    );
    const r = r2Score();
    r.update(tensor([1, 2]), tensor([3, 3]));
    expect(r.compute()).toBeNaN(); // constant targets: SStot = 0
  });
});

describe('streaming equals one pass', () => {
  // Any split of the same examples into batches must give exactly the value of one batch: the metrics keep
  // counts and sums, never means of batch values.
  const problem = fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 2, max: 4 })).chain(([n, c]) =>
    fc.record({
      c: fc.constant(c),
      scores: fc.array(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: c, maxLength: c }), { minLength: n, maxLength: n }),
      labels: fc.array(fc.integer({ min: 0, max: c - 1 }), { minLength: n, maxLength: n }),
      cuts: fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, n - 1) }), { maxLength: 3 }),
    }),
  );

  test.prop([problem])('classification metrics', ({ scores, labels, cuts }) => {
    const bounds = [0, ...cuts.filter((k) => k < labels.length).sort((a, b) => a - b), labels.length];
    for (const make of [accuracy, () => topKAccuracy(2), precision, recall, f1, () => f1({ average: 'micro' }), confusionMatrix]) {
      const whole = make();
      whole.update(tensor(scores), tensor(labels));
      const parts = make();
      for (let i = 0; i + 1 < bounds.length; i++) {
        if (bounds[i] === bounds[i + 1]) continue;
        parts.update(tensor(scores.slice(bounds[i], bounds[i + 1])), tensor(labels.slice(bounds[i], bounds[i + 1])));
      }
      const a = whole.compute();
      const b = parts.compute();
      if (typeof a === 'number') expect(b as number).toBeCloseTo(a, 12);
      else expect(b).toEqual(a);
    }
  });

  // Values on a 0.1 grid: targets are either all equal (SStot exactly 0, R² NaN both ways) or spread by ≥ 0.005,
  // so R² is well conditioned and the two summation orders agree to ~1e-12.
  const value = fc.integer({ min: -1000, max: 1000 }).map((v) => v / 10);
  test.prop([fc.array(fc.tuple(value, value), { minLength: 2, maxLength: 20 }), fc.integer({ min: 1, max: 19 })])(
    'regression metrics',
    (pairs, cut) => {
      const k = Math.min(cut, pairs.length - 1);
      const o = pairs.map(([a]) => a);
      const t = pairs.map(([, b]) => b);
      const f64 = { dtype: 'float64' } as const;
      for (const make of [meanSquaredError, meanAbsoluteError, r2Score]) {
        const whole = make();
        whole.update(tensor(o, f64), tensor(t, f64));
        const parts = make();
        parts.update(tensor(o.slice(0, k), f64), tensor(t.slice(0, k), f64));
        parts.update(tensor(o.slice(k), f64), tensor(t.slice(k), f64));
        const a = whole.compute();
        const b = parts.compute();
        if (Number.isNaN(a)) expect(b).toBeNaN();
        else expect(Math.abs(b - a)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a)));
      }
    },
  );
});
