import { OptimError } from './errors.ts';
import { LRScheduler, type SchedulerStateDict } from './lr-scheduler.ts';

/**
 * Applies several schedules at once by multiplying their factors (PyTorch's `ChainedScheduler`, for
 * multiplicative schedules): lr(e) = base · Πᵢ (schedulersᵢ.lrAt(e) / base), per group.
 * Momentum, if several schedules cycle it, comes from the last that does.
 *
 * @example
 * const warm = new LinearLR(opt, { startFactor: 0.5, totalIters: 2 });
 * const decay = new ExponentialLR(opt, { gamma: 0.9 });
 * new ChainedScheduler([warm, decay]); // base lr 1
 * // lr for epochs 0…3: 0.5, 0.675 (0.75·0.9), 0.81, 0.729
 */
export class ChainedScheduler extends LRScheduler {
  /** The class's name, kept through minification (toString, reports, messages). */
  static readonly typeName = 'ChainedScheduler';
  /** The schedules whose factors are multiplied, in the order given. */
  readonly schedulers: readonly LRScheduler[];

  constructor(schedulers: readonly LRScheduler[]) {
    const first = Array.isArray(schedulers) ? schedulers[0] : undefined;
    if (!Array.isArray(schedulers) || first === undefined || schedulers.some((s) => !(s instanceof LRScheduler))) {
      throw new OptimError('ChainedScheduler', 'expected a non-empty list of epoch schedules (ReduceLROnPlateau cannot be chained)');
    }
    super('ChainedScheduler', first.optimizer);
    if (schedulers.some((s) => s.optimizer !== first.optimizer))
      throw new OptimError(this.op, 'every scheduler must belong to the same optimizer');
    this.schedulers = [...schedulers];
    this.applyAt(0);
  }

  /** base · Π (lrᵢ(e) / baseᵢ), per group (0 where a base rate is 0). */
  lrAt(epoch: number): number[] {
    this.checkEpoch(epoch);
    const out = [...this.baseLrs];
    for (const s of this.schedulers) {
      const lrs = s.lrAt(epoch);
      for (let g = 0; g < out.length; g++) {
        const base = s.baseLrs[g]!;
        out[g] = base === 0 ? 0 : out[g]! * (lrs[g]! / base);
      }
    }
    return out;
  }

  /** Momenta of the last child schedule that cycles momentum. */
  override momentumAt(epoch: number): number[] | undefined {
    let m: number[] | undefined;
    for (const s of this.schedulers) m = s.momentumAt(epoch) ?? m;
    return m;
  }

  /** Restores the epoch and base rates (also into the child schedules). */
  override loadStateDict(dict: SchedulerStateDict): void {
    super.loadStateDict(dict);
    for (const s of this.schedulers) s.baseLrs = [...this.baseLrs];
    this.applyAt(this.lastEpoch);
  }
}
