import { checkNumber, describe, checkOptionKeys } from './check.ts';
import { OptimError } from './errors.ts';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.ts';

/** Options of MultiStepLR. */
export interface MultiStepLROptions {
  /** Epochs at which to decay (integers ≥ 0; a repeated milestone decays twice, as in PyTorch). */
  milestones: readonly number[];
  /** Multiplicative decay γ ≥ 0; default 0.1. */
  gamma?: number;
}

/**
 * Decays each group's learning rate by γ at each milestone epoch (PyTorch's `MultiStepLR`):
 * lr(e) = base · γ^(number of milestones ≤ e).
 *
 * @example
 * new MultiStepLR(opt, { milestones: [2, 4], gamma: 0.1 }); // base lr 1
 * // lr for epochs 0…5: 1, 1, 0.1, 0.1, 0.01, 0.01
 */
export class MultiStepLR extends LRScheduler {
  /** The class's name, kept through minification (toString, reports, messages). */
  static readonly typeName = 'MultiStepLR';
  /** The milestone epochs, sorted (repeats kept: each decays once). */
  readonly milestones: readonly number[];
  /** Multiplicative decay γ per milestone. */
  readonly gamma: number;

  constructor(optimizer: SchedulableOptimizer, options: MultiStepLROptions) {
    super('MultiStepLR', optimizer);
    options = checkOptionKeys(this.op, options, ['milestones', 'gamma']);
    const ms = options.milestones;
    if (!Array.isArray(ms) || ms.some((m) => !Number.isSafeInteger(m) || m < 0)) {
      throw new OptimError(this.op, `invalid milestones: ${describe(ms)} (valid: integers ≥ 0)`);
    }
    this.milestones = [...ms].sort((a, b) => a - b);
    this.gamma = checkNumber(this.op, 'gamma', options.gamma ?? 0.1, { min: 0 });
    this.applyAt(0);
  }

  /** base · γ^(#milestones ≤ e) for every group. */
  lrAt(epoch: number): number[] {
    this.checkEpoch(epoch);
    const passed = this.milestones.filter((m) => m <= epoch).length;
    return this.baseLrs.map((b) => b * this.gamma ** passed);
  }
}
