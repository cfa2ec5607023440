/**
 * XOR: no straight line separates the points where x₀·x₁ < 0 from the rest, but a network with one
 * hidden layer learns the four quadrants. Prints the loss as it falls, the accuracy on fresh points and
 * a map of what the network predicts over the square.
 *
 * Run, in examples/: `npx tsx --conditions=@seedling-ml/source xor.ts`.
 */
import { tensor } from '@seedling-ml/autograd';
import { makeXor } from '@seedling-ml/data';
import { Linear, Sequential, Tanh } from '@seedling-ml/nn';
import { Adam } from '@seedling-ml/optim';
import { evaluate, trainEpoch } from './lib/classifier.ts';
import { decisionMap } from './lib/decision-map.ts';
import type { ExampleOptions } from './lib/example-options.ts';
import { percent } from './lib/format.ts';
import { runIfMain } from './lib/main.ts';

/** What `trainXor` measured. */
export interface XorResult {
  /** Training loss (mean cross-entropy) at the first and the last step. */
  firstLoss: number;
  /** Training loss at the last step. */
  finalLoss: number;
  /** Accuracy on the training points. */
  trainAccuracy: number;
  /** Accuracy on 1000 fresh points from the same distribution. */
  testAccuracy: number;
  /** The prediction map printed at the end (rows of '.' = same signs, '#' = opposite signs). */
  map: string[];
}

/**
 * Trains a 2-16-2 tanh network with full-batch Adam on 400 XOR points (quick: 200 points, fewer steps)
 * and tests it on 1000 fresh ones.
 *
 * @example
 * trainXor({ quick: true, log: () => {} }).testAccuracy; // > 0.9
 */
export function trainXor(options: ExampleOptions = {}): XorResult {
  const { quick = false, seed = 0, log = console.log } = options;
  const steps = quick ? 150 : 500;
  const train = makeXor({ n: quick ? 200 : 400, seed });
  const test = makeXor({ n: 1000, seed: seed + 1 });
  const model = new Sequential(new Linear(2, 16, { seed: seed + 2 }), new Tanh(), new Linear(16, 2, { seed: seed + 3 }));
  const optimizer = new Adam(model.parameters(), { lr: 0.03 });
  const batch = [[tensor(train.x), tensor(train.y)]];

  log(`XOR: ${train.y.size} training points, a 2-16-2 tanh network, full-batch Adam for ${steps} steps`);
  let firstLoss = Number.NaN;
  let last = { loss: Number.NaN, accuracy: 0 };
  for (let step = 1; step <= steps; step++) {
    last = trainEpoch(model, optimizer, batch);
    if (step === 1) firstLoss = last.loss;
    if (step === 1 || step % (steps / 5) === 0) log(`step ${String(step).padStart(4)}: loss ${last.loss.toFixed(4)}, accuracy ${percent(last.accuracy)}`);
  }
  const trainAccuracy = evaluate(model, train.x, train.y).accuracy;
  const testAccuracy = evaluate(model, test.x, test.y).accuracy;
  log(`accuracy: ${percent(trainAccuracy)} on the training points, ${percent(testAccuracy)} on ${test.y.size} fresh points`);
  const map = decisionMap(model, { x: [-1, 1], y: [-1, 1], columns: 40, rows: 12, symbols: '.#' });
  log('what it learned over [-1, 1]² (. = same signs, # = opposite signs):');
  for (const line of map) log(`  ${line}`);
  return { firstLoss, finalLoss: last.loss, trainAccuracy, testAccuracy, map };
}

runIfMain(
  import.meta.url,
  () => trainXor(),
  "usage: npx tsx --conditions=@seedling-ml/source xor.ts   (in examples/; no options)\n\nTrains a one-hidden-layer network on XOR and prints the loss, the accuracy and a map of its predictions.",
);
