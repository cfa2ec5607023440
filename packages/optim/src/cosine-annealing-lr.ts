import { checkInteger, checkNumber, checkOptionKeys } from './check.ts';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.ts';

/** Options of CosineAnnealingLR. */
export interface CosineAnnealingLROptions {
  /** Half-period T_max in epochs (integer ≥ 1): the rate reaches etaMin at epoch T_max. */
  tMax: number;
  /** Minimum learning rate η_min ≥ 0; default 0. */
  etaMin?: number;
}

/**
 * Cosine annealing without restarts (Loshchilov & Hutter, 2017, "SGDR"), PyTorch's `CosineAnnealingLR`:
 * lr(e) = η_min + (base − η_min) · (1 + cos(π·e / T_max)) / 2.
 * Past T_max the cosine continues (the rate rises again), as PyTorch's does.
 *
 * @example
 * new CosineAnnealingLR(opt, { tMax: 2 }); // base lr 1
 * // lr for epochs 0, 1, 2: 1, 0.5, 0
 */
export class CosineAnnealingLR extends LRScheduler {
  /** The class's name, kept through minification (toString, reports, messages). */
  static readonly typeName = 'CosineAnnealingLR';
  /** Half-period T_max in epochs. */
  readonly tMax: number;
  /** Minimum learning rate η_min. */
  readonly etaMin: number;

  constructor(optimizer: SchedulableOptimizer, options: CosineAnnealingLROptions) {
    super('CosineAnnealingLR', optimizer);
    options = checkOptionKeys(this.op, options, ['tMax', 'etaMin']);
    this.tMax = checkInteger(this.op, 'tMax', options.tMax, 1);
    this.etaMin = checkNumber(this.op, 'etaMin', options.etaMin ?? 0, { min: 0 });
    this.applyAt(0);
  }

  /** η_min + (base − η_min)·(1 + cos(π·e/T_max))/2 for every group. */
  lrAt(epoch: number): number[] {
    this.checkEpoch(epoch);
    const c = (1 + Math.cos((Math.PI * epoch) / this.tMax)) / 2;
    return this.baseLrs.map((b) => this.etaMin + (b - this.etaMin) * c);
  }
}
