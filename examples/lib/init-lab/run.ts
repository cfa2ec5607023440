import { type Finding, type LayerReport, inspectInit } from '@seedling-ml/nn';
import { gather } from '@seedling-ml/tensor';
import { type Activation, buildMlp } from './mlp.ts';
import { SCHEMES, type Scheme, reluVarianceRatio } from './schemes.ts';
import { syntheticTask } from './task.ts';
import { type TrainResult, trainClassifier } from './train.ts';

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
  train: { steps: number; batchSize: number; lr: number; momentum: number };
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
  train: { steps: 100, batchSize: 32, lr: 0.003, momentum: 0.9 },
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
  train: { steps: 100, batchSize: 32, lr: 0.005, momentum: 0.9 },
};

/** One (activation, depth, scheme) cell of the experiment. */
export interface LabRun {
  activation: Activation;
  depth: number;
  scheme: string;
  /** Per-layer statistics at initialization (`inspectInit` on the stats batch; depth hidden layers + read-out). */
  layers: LayerReport[];
  /** Measured per-layer pre-activation variance ratio over the hidden layers: (std_depth / std_1)^(2/(depth−1)). */
  varianceRatio: number;
  /** The closed form (ReLU: q/2, docs/init-reference.md §7); null for tanh, which has none in general. */
  expectedRatio: number | null;
  /** Cross-entropy at initialization on the stats batch (ln C ≈ 2.303 for 10 classes is uninformed). */
  initialLoss: number;
  /** What `inspectInit` found. */
  findings: Finding[];
  training: TrainResult;
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
 * initialization with `inspectInit`, then trains it briefly with SGD. Same config ⇒ same numbers.
 */
export function runInitLab(config: LabConfig, options: RunOptions = {}): LabRun[] {
  const task = syntheticTask({ train: config.trainSamples, test: config.testSamples, features: config.width, classes: config.classes, signal: config.signal, seed: config.seed });
  const idx = Array.from({ length: Math.min(config.statsBatch, config.trainSamples) }, (_, i) => i);
  const statsX = gather(task.train.x, idx, 0);
  const statsY = gather(task.train.y, idx, 0);
  const runs: LabRun[] = [];
  const total = config.activations.length * config.depths.length * config.schemes.length;
  for (const activation of config.activations) {
    for (const depth of config.depths) {
      for (const scheme of config.schemes) {
        const model = buildMlp({ depth, width: config.width, inputs: config.width, classes: config.classes, activation, scheme, seed: config.seed, calibration: statsX });
        // inspectInit leaves the model as it was, so the same model is then trained.
        const report = inspectInit(model, statsX, { targets: statsY, lr: config.train.lr });
        const hidden = report.layers.slice(0, depth);
        const first = hidden[0]!.preActivationStd;
        const last = hidden[hidden.length - 1]!.preActivationStd;
        const run: LabRun = {
          activation,
          depth,
          scheme: scheme.id,
          layers: report.layers,
          varianceRatio: Math.pow(last / first, 2 / (depth - 1)),
          expectedRatio: activation === 'relu' ? reluVarianceRatio(scheme, config.width) : null,
          initialLoss: report.loss?.value ?? Number.NaN,
          findings: report.findings,
          training: options.skipTraining
            ? { losses: [], divergedAt: null, testLoss: Number.NaN, testAccuracy: Number.NaN }
            : trainClassifier(model, task.train, task.test, { ...config.train, seed: config.seed }),
        };
        runs.push(run);
        options.onRun?.(run, runs.length, total);
      }
    }
  }
  return runs;
}
