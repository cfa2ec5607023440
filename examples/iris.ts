/**
 * Iris: Fisher's 150 flowers, four measurements each, three species. A small network learns the species
 * from standardized measurements. Prints the loss per epoch, held-out accuracy and the confusion matrix
 * (which species it mistakes for which).
 *
 * Run, in examples/: `npx tsx --conditions=@seedling-ml/source iris.ts`.
 */
import { DataLoader, type Subset, TensorDataset, trainTestSplit } from '@seedling-ml/data';
import { loadIris } from '@seedling-ml/data/iris';
import { tensor } from '@seedling-ml/autograd';
import { Linear, ReLU, Sequential, crossEntropyLoss } from '@seedling-ml/nn';
import { Adam } from '@seedling-ml/optim';
import { type NDArray, arange, div, mean, sqrt, sub, variance } from '@seedling-ml/tensor';
import { EpochLogger, accuracy, confusionMatrix, evaluate, fit, historySeries } from '@seedling-ml/train';
import type { ExampleOptions } from './lib/example-options.ts';
import { percent } from './lib/format.ts';
import { runIfMain } from './lib/main.ts';

/** What `trainIris` measured. */
export interface IrisResult {
  /** Mean training loss of the first and the last epoch. */
  firstLoss: number;
  /** Mean training loss of the last epoch. */
  finalLoss: number;
  /** Accuracy on the 120 training flowers after training. */
  trainAccuracy: number;
  /** Accuracy on the 30 flowers held out. */
  testAccuracy: number;
  /** confusion[true][predicted] counts on the held-out flowers. */
  confusion: number[][];
}

/** All examples `[x, y]` of a Subset, as NDArrays. */
function rowsOf(set: Subset): [NDArray, NDArray] {
  const [x, y] = set.getBatch(arange(set.length).data);
  return [x!.data, y!.data];
}

/**
 * Splits Iris 120 / 30 (seeded), standardizes the features with the training set's mean and standard
 * deviation, and trains a 4-16-3 ReLU network with Adam (lr 0.01, batches of 16) for 60 epochs (quick: 20).
 *
 * @example
 * (await trainIris({ quick: true, log: () => {} })).testAccuracy; // > 0.8
 */
export async function trainIris(options: ExampleOptions = {}): Promise<IrisResult> {
  const { quick = false, seed = 0, log = console.log } = options;
  const epochs = quick ? 20 : 60;
  const iris = loadIris();
  const split = trainTestSplit(new TensorDataset(iris.x, iris.y), { testSize: 30, seed });
  const [xTrain, yTrain] = rowsOf(split.train);
  const [xTestRaw, yTest] = rowsOf(split.test);
  // Standardize with the training statistics only, so nothing about the held-out flowers leaks in.
  const mu = mean(xTrain, { axis: 0 });
  const sigma = sqrt(variance(xTrain, { axis: 0 }));
  const standardize = (x: NDArray): NDArray => div(sub(x, mu), sigma);
  const x = standardize(xTrain);
  const xTest = standardize(xTestRaw);

  const model = new Sequential(
    new Linear(4, 16, { weightInit: 'kaimingNormal', seed: seed + 1 }),
    new ReLU(),
    new Linear(16, 3, { seed: seed + 2 }),
  );
  const optimizer = new Adam(model.parameters(), { lr: 0.01 });
  const loader = new DataLoader(new TensorDataset(x, yTrain), { batchSize: 16, shuffle: true, seed: seed + 3 });

  log(`Iris: ${yTrain.size} flowers to train on, ${yTest.size} held out; a 4-16-3 ReLU network, Adam, ${epochs} epochs`);
  const history = await fit(model, {
    train: loader,
    loss: crossEntropyLoss,
    optimizer,
    epochs,
    metrics: [accuracy()],
    callbacks: [new EpochLogger({ log, every: epochs / 4, showTime: false })],
  });
  const trainAccuracy = evaluate(model, [[tensor(x), tensor(yTrain)]], { metrics: [accuracy()] }).accuracy as number;
  const test = evaluate(model, [[tensor(xTest), tensor(yTest)]], { metrics: [accuracy(), confusionMatrix()] });
  const testAccuracy = test.accuracy as number;
  const confusion = test.confusionMatrix as number[][];
  log(`accuracy: ${percent(trainAccuracy)} on the training flowers, ${percent(testAccuracy)} on the ${yTest.size} held out`);

  const width = Math.max(...iris.classNames.map((n) => n.length));
  log('confusion on the held-out flowers (rows: true species, columns: predicted):');
  log(`  ${''.padEnd(width)}  ${iris.classNames.map((n) => n.padStart(width)).join('  ')}`);
  confusion.forEach((row, t) => log(`  ${iris.classNames[t]!.padEnd(width)}  ${row.map((c) => String(c).padStart(width)).join('  ')}`));
  const losses = historySeries(history, 'loss');
  return { firstLoss: losses[0]!, finalLoss: losses.at(-1)!, trainAccuracy, testAccuracy, confusion };
}

runIfMain(
  import.meta.url,
  () => trainIris(),
  "usage: npx tsx --conditions=@seedling-ml/source iris.ts   (in examples/; no options)\n\nTrains a small network on Fisher's iris flowers and prints the loss, held-out accuracy and the confusion matrix.",
);
