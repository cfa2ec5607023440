import { type Finding, type LayerReport, inspectInit } from '@seedling-ml/nn';
import { gather } from '@seedling-ml/tensor';
import { type Activation, buildMlp } from './mlp.ts';
import { SCHEMES, type Scheme, reluVarianceRatio } from './schemes.ts';
import { syntheticTask } from './task.ts';
import { type TrainResult, trainClassifier } from './train.ts';
import { predictedStds } from './variance-map.ts';

/** Everything that determines a lab run (and so its numbers). */
export interface LabConfig {
  width: number;
  depths: readonly number[];
  activations: readonly Activation[];
  schemes: readonly Scheme[];
  classes: number;
  /** Examples in the batch the per-layer statistics are measured on (also LSUV's calibration batch). */
  statsBatch: number;
  trainSamples: number;
  testSamples: number;
  /** Share of each input feature's variance that is class signal. */
  signal: number;
  /**
   * Minibatch training. `stepsAtDepth` overrides `steps` for the depths it names: a 30-layer net needs
   * more steps than a 10-layer one before its loss curve shows whether it trains at all.
   */
  train: { steps: number; batchSize: number; lr: number; momentum: number; stepsAtDepth?: Readonly<Record<number, number>> };
  /** When set, every net is also trained from the same start with Adam at this learning rate (same batches). */
  adam?: { lr: number };
  seed: number;
}

/** The full experiment: width 256, depths 10 and 30, tanh and ReLU, all ten schemes. */
export const FULL_CONFIG: LabConfig = {
  width: 256,
  depths: [10, 30],
  activations: ['relu', 'tanh'],
  schemes: SCHEMES,
  classes: 10,
  statsBatch: 512,
  trainSamples: 4096,
  testSamples: 1024,
  signal: 0.3,
  train: { steps: 100, batchSize: 32, lr: 0.003, momentum: 0.9, stepsAtDepth: { 30: 300 } },
  adam: { lr: 0.001 },
  seed: 2015,
};

/**
 * A quicker version for tests and a first look (about 4× faster): width 128 instead of 256, smaller
 * statistics batch and data set. The variance ratios' closed forms do not depend on the width, so the
 * same contrasts show; only the sampling error grows (∝ 1/√width).
 */
export const QUICK_CONFIG: LabConfig = {
  ...FULL_CONFIG,
  width: 128,
  statsBatch: 256,
  trainSamples: 2048,
  testSamples: 512,
  // 100 steps at every depth: a first look (and the lab's tests) at a third of the full run's training.
  train: { steps: 100, batchSize: 32, lr: 0.005, momentum: 0.9 },
  // No Adam column in the quick run: it would double its training time.
  adam: undefined,
};

/** How many minibatch steps the nets of this depth train for. */
export function trainingSteps(config: LabConfig, depth: number): number {
  return config.train.stepsAtDepth?.[depth] ?? config.train.steps;
}

/** One (activation, depth, scheme) cell of the experiment. */
export interface LabRun {
  activation: Activation;
  depth: number;
  scheme: string;
  /** Per-layer statistics at initialization (`inspectInit` on the stats batch; depth hidden layers + read-out). */
  layers: LayerReport[];
  /** Measured per-layer pre-activation variance ratio over the hidden layers: (std_depth / std_1)^(2/(depth−1)). */
  varianceRatio: number;
  /**
   * The theory's per-layer variance ratio: ReLU q/2 (docs/init-reference.md §7); tanh from the variance
   * map's predicted stds, (σ_L/σ_1)^(2/(L−1)); LSUV 1; null where undefined (q = 0).
   */
  expectedRatio: number | null;
  /** The theory's pre-activation std per hidden layer (ReLU closed form, tanh variance map); null for LSUV. */
  predictedStd: number[] | null;
  /** Cross-entropy at initialization on the stats batch (ln C ≈ 2.303 for 10 classes is uninformed). */
  initialLoss: number;
  /** What `inspectInit` found. */
  findings: Finding[];
  training: TrainResult;
  /** The same start trained with Adam (`config.adam`), or null. */
  trainingAdam: TrainResult | null;
}

/** Options of `runInitLab`. */
export interface RunOptions {
  /** Called after each run (progress output). */
  onRun?: (run: LabRun, index: number, total: number) => void;
  /** Skip the training runs (statistics at initialization only). */
  skipTraining?: boolean;
}

/**
 * Runs the experiment: for every activation, depth and scheme, builds the seeded MLP, measures it at
 * initialization with `inspectInit`, then trains it briefly with SGD (and, with `config.adam`, a copy with Adam). Same config ⇒ same numbers.
 */
export function runInitLab(config: LabConfig, options: RunOptions = {}): LabRun[] {
  const task = syntheticTask({
    train: config.trainSamples,
    test: config.testSamples,
    features: config.width,
    classes: config.classes,
    signal: config.signal,
    seed: config.seed,
  });
  const idx = Array.from({ length: Math.min(config.statsBatch, config.trainSamples) }, (_, i) => i);
  const statsX = gather(task.train.x, idx, 0);
  const statsY = gather(task.train.y, idx, 0);
  const runs: LabRun[] = [];
  const total = config.activations.length * config.depths.length * config.schemes.length;
  for (const activation of config.activations) {
    for (const depth of config.depths) {
      for (const scheme of config.schemes) {
        const mlpOptions = {
          depth,
          width: config.width,
          inputs: config.width,
          classes: config.classes,
          activation,
          scheme,
          seed: config.seed,
          calibration: statsX,
        };
        const model = buildMlp(mlpOptions);
        // inspectInit leaves the model as it was, so the same model is then trained.
        const report = inspectInit(model, statsX, { targets: statsY, lr: config.train.lr });
        const hidden = report.layers.slice(0, depth);
        const first = hidden[0]!.preActivationStd;
        const last = hidden[hidden.length - 1]!.preActivationStd;
        const q = scheme.q(config.width);
        // The task's features have unit variance, so E[x²] ≈ 1 for the first layer.
        const predictedStd = q === null ? null : predictedStds(activation, q, depth);
        const p1 = predictedStd?.[0];
        const pL = predictedStd?.[depth - 1];
        const theoryRatio = scheme.lsuv
          ? 1
          : activation === 'relu'
            ? reluVarianceRatio(scheme, config.width)
            : p1 !== undefined && pL !== undefined && p1 > 0
              ? Math.pow(pL / p1, 2 / (depth - 1))
              : null;
        const train = { ...config.train, steps: trainingSteps(config, depth), seed: config.seed };
        const run: LabRun = {
          activation,
          depth,
          scheme: scheme.id,
          layers: report.layers,
          varianceRatio: Math.pow(last / first, 2 / (depth - 1)),
          expectedRatio: theoryRatio,
          predictedStd,
          initialLoss: report.loss?.value ?? Number.NaN,
          findings: report.findings,
          training: options.skipTraining
            ? { losses: [], divergedAt: null, testLoss: Number.NaN, testAccuracy: Number.NaN }
            : trainClassifier(model, task.train, task.test, train),
          // A fresh copy of the same start (same seeds), trained on the same minibatches with Adam.
          trainingAdam:
            options.skipTraining || config.adam === undefined
              ? null
              : trainClassifier(buildMlp(mlpOptions), task.train, task.test, { ...train, lr: config.adam.lr, optimizer: 'adam' }),
        };
        runs.push(run);
        options.onRun?.(run, runs.length, total);
      }
    }
  }
  return runs;
}
