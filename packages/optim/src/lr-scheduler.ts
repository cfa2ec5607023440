import { describe } from './check.ts';
import { OptimError } from './errors.ts';

/** The part of a param group a scheduler reads and writes. */
export interface SchedulableGroup {
  /** The learning rate the optimizer uses next; schedulers write it. */
  lr: number;
  /** Base rate, recorded from `lr` by the first scheduler attached (PyTorch's `initial_lr`). */
  initialLr?: number;
  /** SGD/RMSprop momentum, cycled by OneCycleLR. */
  momentum?: number;
  /** Adam's (β₁, β₂); OneCycleLR cycles β₁ when the group has no `momentum`. */
  betas?: readonly [number, number];
}

/** What a scheduler needs of an optimizer: its param groups (every Optimizer fits). */
export interface SchedulableOptimizer {
  /** The groups whose `lr` (and momentum) a scheduler writes. */
  readonly paramGroups: readonly SchedulableGroup[];
}

/** A scheduler's state as JSON. */
export interface SchedulerStateDict {
  /** Number of `step()` calls made. */
  lastEpoch: number;
  /** Each group's base learning rate. */
  baseLrs: number[];
  /** Room for a subclass's extra JSON fields. */
  [key: string]: number | number[] | string | boolean | null;
}

/**
 * Base of the epoch-based learning-rate schedules. Each defines its closed form `lrAt(epoch)` from the
 * groups' base learning rates; `step()` advances the epoch counter and writes `lrAt(epoch)` into every group.
 *
 * As in PyTorch: the base rate of a group is its `initialLr`, recorded from `lr` by the first scheduler
 * attached (so several schedulers on one optimizer share it); constructing a scheduler applies epoch 0
 * immediately; call `step()` once per epoch (or per batch), after `optimizer.step()`.
 */
export abstract class LRScheduler {
  /** The optimizer whose groups this scheduler writes. */
  readonly optimizer: SchedulableOptimizer;
  /** Each group's base learning rate (its `initialLr`). */
  baseLrs: readonly number[];
  /** The scheduler's name in messages. */
  protected readonly op: string;
  private epoch = 0;
  private lastLrs: number[] = [];

  protected constructor(op: string, optimizer: SchedulableOptimizer) {
    this.op = op;
    if (typeof optimizer !== 'object' || optimizer === null || !Array.isArray(optimizer.paramGroups)) {
      throw new OptimError(op, 'expected an optimizer (an object with paramGroups)');
    }
    this.optimizer = optimizer;
    for (const g of optimizer.paramGroups) g.initialLr ??= g.lr;
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr!);
  }

  /** The number of `step()` calls so far (0 right after construction). */
  get lastEpoch(): number {
    return this.epoch;
  }

  /** The learning rate of every group at `epoch`, by this scheduler's closed form. */
  abstract lrAt(epoch: number): number[];

  /**
   * Momentum of every group at `epoch` for schedules that cycle it (OneCycleLR); undefined for the rest.
   * Written to a group's `momentum`, or to `betas[0]` for Adam-style groups.
   */
  momentumAt(_epoch: number): number[] | undefined {
    return undefined;
  }

  /** Advances one epoch and writes the new learning rates into the optimizer's groups. */
  step(): void {
    this.applyAt(this.epoch + 1);
  }

  /** The learning rates this scheduler last wrote, one per group. */
  getLastLr(): number[] {
    return [...this.lastLrs];
  }

  /** The scheduler's state (epoch counter and base rates) as JSON. */
  stateDict(): SchedulerStateDict {
    return { lastEpoch: this.epoch, baseLrs: [...this.baseLrs] };
  }

  /** Restores a state saved by `stateDict()` and re-applies the learning rates of the restored epoch. */
  loadStateDict(dict: SchedulerStateDict): void {
    const op = `${this.op}.loadStateDict`;
    const n = this.optimizer.paramGroups.length;
    if (typeof dict !== 'object' || dict === null) throw new OptimError(op, 'expected an object');
    if (!Number.isSafeInteger(dict.lastEpoch) || dict.lastEpoch < 0)
      throw new OptimError(op, `invalid lastEpoch: ${describe(dict.lastEpoch)}`);
    if (
      !Array.isArray(dict.baseLrs) ||
      dict.baseLrs.length !== n ||
      !dict.baseLrs.every((v) => typeof v === 'number' && Number.isFinite(v))
    ) {
      throw new OptimError(op, `baseLrs must be ${n} finite numbers, got ${describe(dict.baseLrs)}`);
    }
    const previous = this.baseLrs;
    this.baseLrs = [...dict.baseLrs];
    try {
      this.applyAt(dict.lastEpoch);
    } catch (e) {
      this.baseLrs = previous;
      throw e;
    }
  }

  /**
   * Moves to `epoch` and writes its rates (and momenta, if any) into the groups; computes everything before
   * writing, so a schedule that refuses the epoch changes nothing. Subclasses call `applyAt(0)` at the end of
   * their constructor.
   */
  protected applyAt(epoch: number): void {
    const lrs = this.lrAt(epoch);
    const momenta = this.momentumAt(epoch);
    this.optimizer.paramGroups.forEach((g, i) => {
      g.lr = lrs[i]!;
      if (momenta !== undefined) setMomentum(g, momenta[i]!);
    });
    this.epoch = epoch;
    this.lastLrs = lrs;
  }

  /** Throws unless `epoch` is a non-negative integer. */
  protected checkEpoch(epoch: number): void {
    if (!Number.isSafeInteger(epoch) || epoch < 0)
      throw new OptimError(this.op, `invalid epoch: ${describe(epoch)} (valid: an integer ≥ 0)`);
  }
}

/** Writes momentum into a group: `momentum` if it has one, else `betas[0]`. */
export function setMomentum(g: SchedulableGroup, m: number): void {
  if (g.momentum !== undefined) g.momentum = m;
  else if (g.betas !== undefined) g.betas = [m, g.betas[1]];
}

/** Per-group values: one number for every group, or one per group (checked). */
export function perGroup(op: string, name: string, value: number | readonly number[], groups: number): number[] {
  if (typeof value === 'number') return new Array<number>(groups).fill(value);
  if (!Array.isArray(value) || value.length !== groups) {
    throw new OptimError(op, `${name} must be a number or ${groups} numbers (one per param group), got ${describe(value)}`);
  }
  return [...value];
}
