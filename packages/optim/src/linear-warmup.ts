import { checkInteger, checkOptionKeys } from './check.ts';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.ts';

/** Options of LinearWarmup. */
export interface LinearWarmupOptions {
  /** Steps W (integer ≥ 1) over which the rate climbs to its base value; default 5. */
  warmupSteps?: number;
}

/**
 * The common linear warm-up (Goyal et al. 2017, "Accurate, Large Minibatch SGD"): the rate climbs in equal steps
 * to its base value and then stays, lr(e) = base · min(1, (e + 1) / W). The first step already moves (base/W),
 * unlike `LinearLR` with a start factor of 0. Chain it with a decay through `SequentialLR`.
 *
 * @example
 * new LinearWarmup(opt, { warmupSteps: 4 }); // base lr 1
 * // lr for steps 0…5: 0.25, 0.5, 0.75, 1, 1, 1
 */
export class LinearWarmup extends LRScheduler {
  /** The class's name, kept through minification (toString, reports, messages). */
  static readonly typeName = 'LinearWarmup';
  /** Length W of the warm-up in steps. */
  readonly warmupSteps: number;

  constructor(optimizer: SchedulableOptimizer, options: LinearWarmupOptions = {}) {
    super('LinearWarmup', optimizer);
    options = checkOptionKeys(this.op, options, ['warmupSteps']);
    this.warmupSteps = checkInteger(this.op, 'warmupSteps', options.warmupSteps ?? 5, 1);
    this.applyAt(0);
  }

  /** base · min(1, (e + 1)/W) for every group. */
  lrAt(epoch: number): number[] {
    this.checkEpoch(epoch);
    const f = Math.min(1, (epoch + 1) / this.warmupSteps);
    return this.baseLrs.map((b) => b * f);
  }
}
