import { describe, checkOptionKeys } from './check.ts';
import { OptimError } from './errors.ts';
import { LRScheduler, type SchedulerStateDict, type SchedulableOptimizer } from './lr-scheduler.ts';

/** Options of SequentialLR. */
export interface SequentialLROptions {
  /** The schedules, in order; all on `optimizer`. */
  schedulers: readonly LRScheduler[];
  /** Epochs (strictly increasing, ≥ 1) at which the next schedule takes over; one fewer than `schedulers`. */
  milestones: readonly number[];
}

/**
 * Runs schedules one after another (PyTorch's `SequentialLR`): schedule i is in charge from milestone i−1
 * (0 for the first) and is evaluated at the epoch counted from its own start:
 * lr(e) = schedulers[i].lrAt(e − milestones[i−1]) where i = #milestones ≤ e.
 *
 * @example
 * const warm = new LinearLR(opt, { startFactor: 0.1, totalIters: 2 });
 * const decay = new ExponentialLR(opt, { gamma: 0.5 });
 * new SequentialLR(opt, { schedulers: [warm, decay], milestones: [2] }); // base lr 1
 * // lr for epochs 0…4: 0.1, 0.55, 1, 0.5, 0.25
 */
export class SequentialLR extends LRScheduler {
  /** The class's name, kept through minification (toString, reports, messages). */
  static readonly typeName = 'SequentialLR';
  /** The schedules, in the order they take charge. */
  readonly schedulers: readonly LRScheduler[];
  /** Epochs at which the next schedule takes over. */
  readonly milestones: readonly number[];

  constructor(optimizer: SchedulableOptimizer, options: SequentialLROptions) {
    super('SequentialLR', optimizer);
    options = checkOptionKeys(this.op, options, ['schedulers', 'milestones']);
    const { schedulers, milestones } = options;
    if (!Array.isArray(schedulers) || schedulers.length === 0 || schedulers.some((s) => !(s instanceof LRScheduler))) {
      throw new OptimError(this.op, 'schedulers must be a non-empty list of epoch schedules (ReduceLROnPlateau cannot be sequenced)');
    }
    if (schedulers.some((s) => s.optimizer !== optimizer))
      throw new OptimError(this.op, 'every scheduler must belong to the same optimizer as SequentialLR');
    if (
      !Array.isArray(milestones) ||
      milestones.length !== schedulers.length - 1 ||
      milestones.some((m, i) => !Number.isSafeInteger(m) || m < 1 || (i > 0 && m <= milestones[i - 1]!))
    ) {
      throw new OptimError(
        this.op,
        `invalid milestones: ${describe(milestones)} (valid: ${schedulers.length - 1} strictly increasing integers ≥ 1)`,
      );
    }
    this.schedulers = [...schedulers];
    this.milestones = [...milestones];
    this.applyAt(0);
  }

  /** The rates of the schedule in charge at `epoch`, at its own local epoch. */
  lrAt(epoch: number): number[] {
    const { s, local } = this.active(epoch);
    return s.lrAt(local);
  }

  /** Momenta of the schedule in charge, if it cycles momentum. */
  override momentumAt(epoch: number): number[] | undefined {
    const { s, local } = this.active(epoch);
    return s.momentumAt(local);
  }

  /** Restores the epoch and base rates (also into the child schedules). */
  override loadStateDict(dict: SchedulerStateDict): void {
    super.loadStateDict(dict);
    for (const s of this.schedulers) s.baseLrs = [...this.baseLrs];
    this.applyAt(this.lastEpoch);
  }

  private active(epoch: number): { s: LRScheduler; local: number } {
    this.checkEpoch(epoch);
    let i = 0;
    while (i < this.milestones.length && this.milestones[i]! <= epoch) i++;
    return { s: this.schedulers[i]!, local: i === 0 ? epoch : epoch - this.milestones[i - 1]! };
  }
}
