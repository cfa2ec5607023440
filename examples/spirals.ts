/**
 * Spirals: three interleaved spiral arms, one class each — a classic that a linear model gets only about
 * half right.
 * A 2-64-64-3 ReLU network trained with Adam on shuffled minibatches (DataLoader) separates them. Prints
 * the loss per epoch, the accuracy on a fresh noisy sample, and the learned regions as a text map.
 *
 * Run, in examples/: `npx tsx --conditions=@seedling-ml/source spirals.ts`.
 */
import { tensor } from '@seedling-ml/autograd';
import { DataLoader, TensorDataset, makeSpirals } from '@seedling-ml/data';
import { Linear, ReLU, Sequential, crossEntropyLoss } from '@seedling-ml/nn';
import { Adam, CosineAnnealingLR } from '@seedling-ml/optim';
import { EpochLogger, accuracy, evaluate, fit, historySeries } from '@seedling-ml/train';
import { decisionMap } from './lib/decision-map.ts';
import type { ExampleOptions } from './lib/example-options.ts';
import { percent } from './lib/format.ts';
import { runIfMain } from './lib/main.ts';

/** What `trainSpirals` measured. */
export interface SpiralsResult {
  /** Mean training loss of the first and the last epoch. */
  firstLoss: number;
  /** Mean training loss of the last epoch. */
  finalLoss: number;
  /** Accuracy on the 300 training points after training. */
  trainAccuracy: number;
  /** Accuracy on a fresh sample of the spirals (new angle noise). */
  testAccuracy: number;
  /** The region map printed at the end ('.', '+', '#' for arms 0, 1, 2). */
  map: string[];
}

/**
 * Trains a 2-64-64-3 ReLU network on 3 × 100 spiral points (kaimingNormal weights, Adam lr 0.01
 * annealed to 0 by a cosine schedule, batches of 32) for 150 epochs (quick: 40) and tests it on 3 × 200 fresh points.
 *
 * @example
 * (await trainSpirals({ quick: true, log: () => {} })).testAccuracy; // > 0.8
 */
export async function trainSpirals(options: ExampleOptions = {}): Promise<SpiralsResult> {
  const { quick = false, seed = 0, log = console.log } = options;
  const epochs = quick ? 40 : 150;
  const train = makeSpirals({ nPerClass: 100, classes: 3, noise: 0.2, seed });
  const test = makeSpirals({ nPerClass: 200, classes: 3, noise: 0.2, seed: seed + 1 });
  const model = new Sequential(
    new Linear(2, 64, { weightInit: 'kaimingNormal', seed: seed + 2 }),
    new ReLU(),
    new Linear(64, 64, { weightInit: 'kaimingNormal', seed: seed + 3 }),
    new ReLU(),
    new Linear(64, 3, { seed: seed + 4 }),
  );
  const optimizer = new Adam(model.parameters(), { lr: 0.01 });
  const loader = new DataLoader(new TensorDataset(train.x, train.y), { batchSize: 32, shuffle: true, seed: seed + 5 });

  log(`Spirals: 3 arms × 100 points, a 2-64-64-3 ReLU network, Adam with a cosine schedule, ${epochs} epochs of ${loader.length} batches`);
  const history = await fit(model, {
    train: loader,
    loss: crossEntropyLoss,
    optimizer,
    epochs,
    // Anneal the rate to 0 over the run: large steps early, small ones to settle (a constant 0.01 keeps jumping).
    scheduler: new CosineAnnealingLR(optimizer, { tMax: epochs }),
    metrics: [accuracy()],
    callbacks: [new EpochLogger({ log, every: epochs / 5, showTime: false })],
  });
  const accuracyOn = (set: typeof train): number =>
    evaluate(model, [[tensor(set.x), tensor(set.y)]], { metrics: [accuracy()] }).accuracy as number;
  const trainAccuracy = accuracyOn(train);
  const testAccuracy = accuracyOn(test);
  log(`accuracy: ${percent(trainAccuracy)} on the training points, ${percent(testAccuracy)} on ${test.y.size} fresh points (chance: 33%)`);
  const map = decisionMap(model, { x: [-1, 1], y: [-1, 1], columns: 48, rows: 20, symbols: '.+#' });
  log('what it learned over [-1, 1]² (. + # = arm 0, 1, 2):');
  for (const line of map) log(`  ${line}`);
  const losses = historySeries(history, 'loss');
  return { firstLoss: losses[0]!, finalLoss: losses.at(-1)!, trainAccuracy, testAccuracy, map };
}

runIfMain(
  import.meta.url,
  () => trainSpirals(),
  'usage: npx tsx --conditions=@seedling-ml/source spirals.ts   (in examples/; no options)\n\nTrains a 2-64-64-3 ReLU network on three spiral arms and prints the loss, the accuracy and the learned regions.',
);
