import { checkInteger, checkNumber, checkOptionKeys } from './check.ts';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.ts';

/** Options of StepLR. */
export interface StepLROptions {
  /** Epochs between decays (integer ≥ 1). */
  stepSize: number;
  /** Multiplicative decay γ ≥ 0; default 0.1. */
  gamma?: number;
}

/**
 * Decays each group's learning rate by γ every `stepSize` epochs (PyTorch's `StepLR`):
 * lr(e) = base · γ^⌊e / stepSize⌋.
 *
 * @example
 * const sched = new StepLR(opt, { stepSize: 2, gamma: 0.5 }); // base lr 1
 * // lr for epochs 0, 1, 2, 3, 4: 1, 1, 0.5, 0.5, 0.25
 */
export class StepLR extends LRScheduler {
  /** The class's name, kept through minification (toString, reports, messages). */
  static readonly typeName = 'StepLR';
  /** Epochs between decays. */
  readonly stepSize: number;
  /** Multiplicative decay γ. */
  readonly gamma: number;

  constructor(optimizer: SchedulableOptimizer, options: StepLROptions) {
    super('StepLR', optimizer);
    options = checkOptionKeys(this.op, options, ['stepSize', 'gamma']);
    this.stepSize = checkInteger(this.op, 'stepSize', options.stepSize, 1);
    this.gamma = checkNumber(this.op, 'gamma', options.gamma ?? 0.1, { min: 0 });
    this.applyAt(0);
  }

  /** base · γ^⌊e / stepSize⌋ for every group. */
  lrAt(epoch: number): number[] {
    this.checkEpoch(epoch);
    return this.baseLrs.map((b) => b * this.gamma ** Math.floor(epoch / this.stepSize));
  }
}
