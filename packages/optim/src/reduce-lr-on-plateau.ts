import { checkChoice, checkInteger, checkNumber, describe, checkOptionKeys } from './check.ts';
import { OptimError } from './errors.ts';
import { type SchedulableOptimizer, perGroup } from './lr-scheduler.ts';

/** Options of ReduceLROnPlateau (PyTorch's names and defaults, camelCased). */
export interface ReduceLROnPlateauOptions {
  /** `'min'` (default): lower metric is better; `'max'`: higher is better. */
  mode?: 'min' | 'max';
  /** Factor in [0, 1) the rate is multiplied by; default 0.1. */
  factor?: number;
  /** Epochs without improvement tolerated before reducing; default 10. */
  patience?: number;
  /** Minimum change that counts as an improvement; default 1e-4. */
  threshold?: number;
  /** `'rel'` (default): relative to the best; `'abs'`: absolute. */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting again; default 0. */
  cooldown?: number;
  /** Lower bound on the rate, for every group or one per group; default 0. */
  minLr?: number | readonly number[];
  /** Reductions smaller than eps are ignored; default 1e-8. */
  eps?: number;
}

/** ReduceLROnPlateau's state as JSON (`best` is null until a first metric is seen). */
export interface PlateauStateDict {
  /** Only numbers (or null). */
  [key: string]: number | null;
  /** Number of `step(metric)` calls made. */
  lastEpoch: number;
  /** Best metric so far, null before the first. */
  best: number | null;
  /** Epochs since the last improvement (reset by a reduction and during cooldown). */
  numBadEpochs: number;
  /** Epochs of cooldown left. */
  cooldownCounter: number;
}

/**
 * Reduces the learning rate when a metric stops improving (PyTorch's `ReduceLROnPlateau`). Call
 * `step(metric)` once per epoch. The metric improves on `best` when (mode min, rel) m < best·(1 − threshold),
 * (min, abs) m < best − threshold, (max, rel) m > best·(1 + threshold), (max, abs) m > best + threshold.
 * After more than `patience` epochs without improvement (not counting cooldown), each group's rate becomes
 * max(lr·factor, minLr) (skipped when that changes it by less than eps) and the cooldown starts.
 *
 * @example
 * const plateau = new ReduceLROnPlateau(opt, { patience: 1, factor: 0.5 }); // lr 1
 * for (const loss of [1, 1, 1]) plateau.step(loss);
 * opt.getLr(); // 0.5 (the third epoch is the second without improvement)
 */
export class ReduceLROnPlateau {
  /** The class's name, kept through minification (toString, reports, messages). */
  static readonly typeName = 'ReduceLROnPlateau';
  /** The optimizer whose groups' `lr` is reduced. */
  readonly optimizer: SchedulableOptimizer;
  /** `'min'`: lower metric is better; `'max'`: higher. */
  readonly mode: 'min' | 'max';
  /** Factor the rate is multiplied by at each reduction. */
  readonly factor: number;
  /** Epochs without improvement tolerated before a reduction. */
  readonly patience: number;
  /** Least change that counts as an improvement. */
  readonly threshold: number;
  /** Whether `threshold` is relative to the best (`'rel'`) or absolute (`'abs'`). */
  readonly thresholdMode: 'rel' | 'abs';
  /** Epochs after a reduction during which bad epochs are not counted. */
  readonly cooldown: number;
  /** Lower bound on each group's rate. */
  readonly minLrs: readonly number[];
  /** Reductions smaller than this are skipped. */
  readonly eps: number;
  private best: number;
  private numBadEpochs = 0;
  private cooldownCounter = 0;
  private epoch = 0;
  private readonly op = 'ReduceLROnPlateau';

  constructor(optimizer: SchedulableOptimizer, options: ReduceLROnPlateauOptions = {}) {
    const op = this.op;
    if (typeof optimizer !== 'object' || optimizer === null || !Array.isArray(optimizer.paramGroups)) {
      throw new OptimError(op, 'expected an optimizer (an object with paramGroups)');
    }
    this.optimizer = optimizer;
    options = checkOptionKeys(op, options, ['mode', 'factor', 'patience', 'threshold', 'thresholdMode', 'cooldown', 'minLr', 'eps']);
    this.mode = checkChoice(op, 'mode', options.mode ?? 'min', ['min', 'max']);
    this.factor = checkNumber(op, 'factor', options.factor ?? 0.1, { min: 0, max: 1, maxOpen: true });
    this.patience = checkInteger(op, 'patience', options.patience ?? 10, 0);
    this.threshold = checkNumber(op, 'threshold', options.threshold ?? 1e-4, { min: 0 });
    this.thresholdMode = checkChoice(op, 'thresholdMode', options.thresholdMode ?? 'rel', ['rel', 'abs']);
    this.cooldown = checkInteger(op, 'cooldown', options.cooldown ?? 0, 0);
    this.minLrs = perGroup(op, 'minLr', options.minLr ?? 0, optimizer.paramGroups.length).map((v, i) =>
      checkNumber(op, `minLr[${i}]`, v, { min: 0 }),
    );
    this.eps = checkNumber(op, 'eps', options.eps ?? 1e-8, { min: 0 });
    this.best = this.worst();
  }

  /** The number of `step()` calls so far. */
  get lastEpoch(): number {
    return this.epoch;
  }

  /** Records this epoch's metric and reduces the rates if it has not improved for more than `patience` epochs. */
  step(metric: number): void {
    if (typeof metric !== 'number' || Number.isNaN(metric))
      throw new OptimError(this.op, `metric must be a number, got ${describe(metric)}`);
    this.epoch++;
    if (this.isBetter(metric)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs++;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.optimizer.paramGroups.forEach((g, i) => {
        const next = Math.max(g.lr * this.factor, this.minLrs[i]!);
        if (g.lr - next > this.eps) g.lr = next;
      });
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
  }

  /** The current rate of every group. */
  getLastLr(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The counters and best metric as JSON. */
  stateDict(): PlateauStateDict {
    return {
      lastEpoch: this.epoch,
      best: Number.isFinite(this.best) ? this.best : null,
      numBadEpochs: this.numBadEpochs,
      cooldownCounter: this.cooldownCounter,
    };
  }

  /** Restores a state saved by `stateDict()`. */
  loadStateDict(dict: PlateauStateDict): void {
    const op = `${this.op}.loadStateDict`;
    if (typeof dict !== 'object' || dict === null) throw new OptimError(op, 'expected an object');
    for (const key of ['lastEpoch', 'numBadEpochs', 'cooldownCounter'] as const) {
      if (!Number.isSafeInteger(dict[key]) || dict[key] < 0) throw new OptimError(op, `invalid ${key}: ${describe(dict[key])}`);
    }
    if (dict.best !== null && (typeof dict.best !== 'number' || !Number.isFinite(dict.best))) {
      throw new OptimError(op, `invalid best: ${describe(dict.best)}`);
    }
    this.epoch = dict.lastEpoch;
    this.best = dict.best ?? this.worst();
    this.numBadEpochs = dict.numBadEpochs;
    this.cooldownCounter = dict.cooldownCounter;
  }

  private worst(): number {
    return this.mode === 'min' ? Infinity : -Infinity;
  }

  private isBetter(m: number): boolean {
    const { best, threshold } = this;
    if (this.mode === 'min') return this.thresholdMode === 'rel' ? m < best * (1 - threshold) : m < best - threshold;
    return this.thresholdMode === 'rel' ? m > best * (threshold + 1) : m > best + threshold;
  }
}
