import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { tensor } from '@seedling-ml/autograd';
import { Linear, Sequential } from '@seedling-ml/nn';
import { Rng, array } from '@seedling-ml/tensor';
import { expect, test } from 'vitest';
import { countCorrect, evaluate } from '../lib/classifier.ts';
import { decisionMap } from '../lib/decision-map.ts';
import { percent } from '../lib/format.ts';
import { isMain } from '../lib/main.ts';
import { epochProgress } from '../lib/progress.ts';
import { shiftImages } from '../lib/shift-images.ts';

/** Naive reference: image (side × side, flat) moved by (dx, dy), zeros shifted in. */
function shifted(img: ArrayLike<number>, side: number, dx: number, dy: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      const rr = r - dy;
      const cc = c - dx;
      out.push(rr >= 0 && rr < side && cc >= 0 && cc < side ? img[rr * side + cc]! : 0);
    }
  }
  return out;
}

test('shiftImages moves each image by one offset within ±maxShift, and every offset occurs', () => {
  const side = 5;
  const maxShift = 2;
  const n = 200;
  // Distinct non-zero pixels, so different shifts give different images and the offset is identifiable.
  const x = new Rng(1).uniform([n, side * side], 1, 2, { dtype: 'float64' });
  const out = shiftImages(tensor(x), { side, maxShift, rng: new Rng(2) });
  expect(out.shape).toEqual([n, side * side]);
  const seen = new Set<string>();
  for (let k = 0; k < n; k++) {
    const img = x.data.subarray(k * 25, (k + 1) * 25);
    const got = Array.from(out.data.data.subarray(k * 25, (k + 1) * 25));
    const matches: string[] = [];
    for (let dy = -maxShift; dy <= maxShift; dy++) {
      for (let dx = -maxShift; dx <= maxShift; dx++)
        if (shifted(img, side, dx, dy).every((v, i) => v === got[i])) matches.push(`${dx},${dy}`);
    }
    expect(matches).toHaveLength(1);
    seen.add(matches[0]!);
  }
  // 25 offsets, 200 draws: the chance that a given one never occurs is (24/25)^200 ≈ 3e-4.
  expect(seen.size).toBe(25);
});

test('countCorrect and evaluate agree with a hand count', () => {
  expect(
    countCorrect(
      tensor([
        [2, 1],
        [0, 3],
        [5, 5],
      ]),
      tensor([0, 0, 0]),
    ),
  ).toBe(2); // a tie goes to class 0
  // A linear model with fixed weights: logits = [x0, x1]; the prediction is the larger coordinate.
  const model = new Sequential(new Linear(2, 2, { weightInit: 'eye', seed: 0 }));
  const x = array([
    [1, 0],
    [0, 1],
    [2, 3],
    [3, 2],
    [0, 5],
  ]);
  const y = array([0, 1, 0, 0, 1]);
  const r = evaluate(model, x, y, 2); // batches of 2, 2 and 1
  expect(Array.from(r.predictions)).toEqual([0, 1, 1, 0, 1]);
  expect(r.accuracy).toBe(4 / 5);
  // Mean cross-entropy: log(1 + e^(other − own)) per row, by hand.
  const ce = (own: number, other: number) => Math.log(1 + Math.exp(other - own));
  const expected = (ce(1, 0) + ce(1, 0) + ce(2, 3) + ce(3, 2) + ce(5, 0)) / 5;
  expect(r.loss).toBeCloseTo(expected, 5);
  expect(model.training).toBe(true); // mode restored
});

test('decisionMap draws the class of each cell centre, top row first', () => {
  // logits = [x0, x1]: class 1 where x1 > x0, i.e. above the diagonal.
  const model = new Sequential(new Linear(2, 2, { weightInit: 'eye', seed: 0 }));
  expect(decisionMap(model, { x: [-1, 1], y: [-1, 1], columns: 4, rows: 4, symbols: '.#' })).toEqual(['###.', '##..', '#...', '....']);
});

test('percent', () => {
  expect(percent(0.96125)).toBe('96.13%');
  expect(percent(1)).toBe('100.00%');
});

test('isMain is false for an imported module and true for the entry script', () => {
  expect(isMain(import.meta.url)).toBe(false);
  expect(isMain(pathToFileURL(process.argv[1]!).href)).toBe(true);
});

test('epochProgress draws epoch, loss, accuracy and examples/s when enabled, nothing when disabled', async () => {
  let written = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      written += String(chunk);
      done();
    },
  });
  const bar = epochProgress({ epoch: 2, epochs: 5, batches: 10, enabled: true, stream });
  bar.update(5, { loss: 0.12345, accuracy: 0.961, examplesPerSecond: 2500.4 });
  bar.stop();
  expect(written).toContain('epoch 2/5');
  expect(written).toContain('loss 0.1235');
  expect(written).toContain('acc 96.10%');
  expect(written).toContain('2500 ex/s');

  const off = epochProgress({ epoch: 1, epochs: 1, batches: 1, enabled: false, stream });
  written = '';
  off.update(1, { loss: 1, accuracy: 1, examplesPerSecond: 1 });
  off.stop();
  expect(written).toBe('');
});
