import { checkInteger, checkNumber, checkOptionKeys } from './check.ts';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.ts';

/** Options of LinearLR. */
export interface LinearLROptions {
  /** Factor s₀ ∈ (0, 1] applied at epoch 0; default 1/3. */
  startFactor?: number;
  /** Factor s₁ ∈ [0, 1] reached at `totalIters` and kept after; default 1. */
  endFactor?: number;
  /** Epochs T (integer ≥ 1) of the linear ramp; default 5. */
  totalIters?: number;
}

/**
 * Scales each group's learning rate by a factor that changes linearly from `startFactor` to `endFactor` over
 * `totalIters` epochs, then stays (PyTorch's `LinearLR`; with startFactor < 1 it is the usual linear warm-up):
 * lr(e) = base · (s₀ + (s₁ − s₀) · min(e, T) / T).
 *
 * @example
 * new LinearLR(opt, { startFactor: 0.25, totalIters: 3 }); // base lr 1
 * // lr for epochs 0…4: 0.25, 0.5, 0.75, 1, 1
 */
export class LinearLR extends LRScheduler {
  /** The class's name, kept through minification (toString, reports, messages). */
  static readonly typeName = 'LinearLR';
  /** Factor s₀ at epoch 0. */
  readonly startFactor: number;
  /** Factor s₁ from epoch `totalIters` on. */
  readonly endFactor: number;
  /** Length T of the ramp in epochs. */
  readonly totalIters: number;

  constructor(optimizer: SchedulableOptimizer, options: LinearLROptions = {}) {
    super('LinearLR', optimizer);
    options = checkOptionKeys(this.op, options, ['startFactor', 'endFactor', 'totalIters']);
    this.startFactor = checkNumber(this.op, 'startFactor', options.startFactor ?? 1 / 3, { min: 0, minOpen: true, max: 1 });
    this.endFactor = checkNumber(this.op, 'endFactor', options.endFactor ?? 1, { min: 0, max: 1 });
    this.totalIters = checkInteger(this.op, 'totalIters', options.totalIters ?? 5, 1);
    this.applyAt(0);
  }

  /** base · (s₀ + (s₁ − s₀)·min(e, T)/T) for every group. */
  lrAt(epoch: number): number[] {
    this.checkEpoch(epoch);
    const f = this.startFactor + ((this.endFactor - this.startFactor) * Math.min(epoch, this.totalIters)) / this.totalIters;
    return this.baseLrs.map((b) => b * f);
  }
}
