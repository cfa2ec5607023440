import { checkNumber, checkOptionKeys } from './check.ts';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.ts';

/** Options of ExponentialLR. */
export interface ExponentialLROptions {
  /** Multiplicative decay γ ≥ 0 per epoch. */
  gamma: number;
}

/**
 * Decays each group's learning rate by γ every epoch (PyTorch's `ExponentialLR`): lr(e) = base · γᵉ.
 *
 * @example
 * new ExponentialLR(opt, { gamma: 0.5 }); // base lr 1
 * // lr for epochs 0…3: 1, 0.5, 0.25, 0.125
 */
export class ExponentialLR extends LRScheduler {
  /** The class's name, kept through minification (toString, reports, messages). */
  static readonly typeName = 'ExponentialLR';
  /** Multiplicative decay γ per epoch. */
  readonly gamma: number;

  constructor(optimizer: SchedulableOptimizer, options: ExponentialLROptions) {
    super('ExponentialLR', optimizer);
    options = checkOptionKeys(this.op, options, ['gamma']);
    this.gamma = checkNumber(this.op, 'gamma', options.gamma, { min: 0 });
    this.applyAt(0);
  }

  /** base · γᵉ for every group. */
  lrAt(epoch: number): number[] {
    this.checkEpoch(epoch);
    return this.baseLrs.map((b) => b * this.gamma ** epoch);
  }
}
