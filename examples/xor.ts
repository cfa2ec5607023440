/**
 * XOR: no straight line separates the points where x₀·x₁ < 0 from the rest, but a network with one
 * hidden layer learns the four quadrants. Prints the loss as it falls, the accuracy on fresh points and
 * a map of what the network predicts over the square.
 *
 * Run, in examples/: `npx tsx --conditions=@seedling-ml/source xor.ts`.
 */
import { tensor } from '@seedling-ml/autograd';
import { makeXor } from '@seedling-ml/data';
import { Linear, Sequential, Tanh, crossEntropyLoss } from '@seedling-ml/nn';
import { Adam } from '@seedling-ml/optim';
import { EpochLogger, accuracy, evaluate, fit, historySeries } from '@seedling-ml/train';
import { decisionMap } from './lib/decision-map.ts';
import type { ExampleOptions } from './lib/example-options.ts';
import { percent } from './lib/format.ts';
import { runIfMain } from './lib/main.ts';

/** What `trainXor` measured. */
export interface XorResult {
  /** Training loss (mean cross-entropy) at the first step. */
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
 * (await trainXor({ quick: true, log: () => {} })).testAccuracy; // > 0.9
 */
export async function trainXor(options: ExampleOptions = {}): Promise<XorResult> {
  const { quick = false, seed = 0, log = console.log } = options;
  const steps = quick ? 150 : 500;
  const train = makeXor({ n: quick ? 200 : 400, seed });
  const test = makeXor({ n: 1000, seed: seed + 1 });
  const model = new Sequential(new Linear(2, 16, { seed: seed + 2 }), new Tanh(), new Linear(16, 2, { seed: seed + 3 }));
  const optimizer = new Adam(model.parameters(), { lr: 0.03 });
  const trainSet = [[tensor(train.x), tensor(train.y)]];
  const testSet = [[tensor(test.x), tensor(test.y)]];

  log(`XOR: ${train.y.size} training points, a 2-16-2 tanh network, full-batch Adam for ${steps} steps`);
  // One batch per epoch, so an epoch is one step.
  const history = await fit(model, {
    train: trainSet,
    loss: crossEntropyLoss,
    optimizer,
    epochs: steps,
    metrics: [accuracy()],
    callbacks: [new EpochLogger({ log, every: steps / 5, showTime: false })],
  });
  const trainAccuracy = evaluate(model, trainSet, { metrics: [accuracy()] }).accuracy as number;
  const testAccuracy = evaluate(model, testSet, { metrics: [accuracy()] }).accuracy as number;
  log(`accuracy: ${percent(trainAccuracy)} on the training points, ${percent(testAccuracy)} on ${test.y.size} fresh points`);
  const map = decisionMap(model, { x: [-1, 1], y: [-1, 1], columns: 40, rows: 12, symbols: '.#' });
  log('what it learned over [-1, 1]² (. = same signs, # = opposite signs):');
  for (const line of map) log(`  ${line}`);
  const losses = historySeries(history, 'loss');
  return { firstLoss: losses[0]!, finalLoss: losses.at(-1)!, trainAccuracy, testAccuracy, map };
}

runIfMain(
  import.meta.url,
  () => trainXor(),
  'usage: npx tsx --conditions=@seedling-ml/source xor.ts   (in examples/; no options)\n\nTrains a one-hidden-layer network on XOR and prints the loss, the accuracy and a map of its predictions.',
);
