import { checkBoolean, checkChoice, checkInteger, checkNumber, checkOptionKeys } from './check.ts';
import { OptimError } from './errors.ts';
import { LRScheduler, type SchedulableOptimizer, perGroup } from './lr-scheduler.ts';

/** Options of OneCycleLR (PyTorch's names and defaults, camelCased). */
export interface OneCycleLROptions {
  /** Peak learning rate, for every group or one per group. */
  maxLr: number | readonly number[];
  /** Length of the cycle in steps; or give `epochs` and `stepsPerEpoch` (their product). */
  totalSteps?: number;
  /** Epochs of the cycle (used with `stepsPerEpoch` when `totalSteps` is not given). */
  epochs?: number;
  /** Optimizer steps per epoch (used with `epochs`). */
  stepsPerEpoch?: number;
  /** Fraction of the cycle spent increasing the rate, in [0, 1]; default 0.3. */
  pctStart?: number;
  /** `'cos'` (default) or `'linear'` annealing within each phase. */
  annealStrategy?: 'cos' | 'linear';
  /** Cycle momentum (or Adam's β₁) inversely to the rate; default true. */
  cycleMomentum?: boolean;
  /** Lowest momentum, reached at the peak rate; default 0.85. */
  baseMomentum?: number | readonly number[];
  /** Highest momentum, at the start and end; default 0.95. */
  maxMomentum?: number | readonly number[];
  /** initial lr = maxLr / divFactor; default 25. */
  divFactor?: number;
  /** final lr = initial lr / finalDivFactor; default 1e4. */
  finalDivFactor?: number;
  /** Three phases (up, back down to initial, annihilate) instead of two; default false. */
  threePhase?: boolean;
}

interface Phase {
  readonly endStep: number;
  readonly lr: readonly ['initial' | 'max' | 'min', 'initial' | 'max' | 'min'];
  readonly momentum: readonly ['base' | 'max', 'base' | 'max'];
}

/**
 * The 1cycle policy (Smith & Topsakal, 2018, "Super-Convergence"), PyTorch's `OneCycleLR`: the rate rises from
 * maxLr/divFactor to maxLr over the first `pctStart` of the steps, then anneals to
 * maxLr/(divFactor·finalDivFactor); momentum moves the opposite way between maxMomentum and baseMomentum.
 * Step it once per batch; stepping past `totalSteps` throws.
 *
 * Within a phase from step a to step b, with pct = (e − a)/(b − a):
 * cos: lr = end + (start − end)·(1 + cos(π·pct))/2;  linear: lr = start + (end − start)·pct.
 * Two phases end at steps pctStart·T − 1 and T − 1; three phases at pctStart·T − 1, 2·pctStart·T − 2, T − 1.
 *
 * @example
 * new OneCycleLR(opt, { maxLr: 1, totalSteps: 10, cycleMomentum: false });
 * // lr at step 0: 0.04 (1/25); at step 2: 1 (peak, since 0.3·10 − 1 = 2); at step 9: 4e-6
 */
export class OneCycleLR extends LRScheduler {
  /** The class's name, kept through minification (toString, reports, messages). */
  static readonly typeName = 'OneCycleLR';
  /** Length T of the cycle in steps. */
  readonly totalSteps: number;
  /** How the rate moves within a phase. */
  readonly annealStrategy: 'cos' | 'linear';
  /** Whether momentum (or β₁) is cycled opposite to the rate. */
  readonly cycleMomentum: boolean;
  private readonly phases: readonly Phase[];
  private readonly lrs: { initial: number[]; max: number[]; min: number[] };
  private readonly momenta: { base: number[]; max: number[] };

  constructor(optimizer: SchedulableOptimizer, options: OneCycleLROptions) {
    super('OneCycleLR', optimizer);
    options = checkOptionKeys(this.op, options, [
      'maxLr',
      'totalSteps',
      'epochs',
      'stepsPerEpoch',
      'pctStart',
      'annealStrategy',
      'cycleMomentum',
      'baseMomentum',
      'maxMomentum',
      'divFactor',
      'finalDivFactor',
      'threePhase',
    ]);
    const op = this.op;
    const n = optimizer.paramGroups.length;
    if (options.totalSteps !== undefined) {
      this.totalSteps = checkInteger(op, 'totalSteps', options.totalSteps, 1);
    } else if (options.epochs !== undefined && options.stepsPerEpoch !== undefined) {
      this.totalSteps = checkInteger(op, 'epochs', options.epochs, 1) * checkInteger(op, 'stepsPerEpoch', options.stepsPerEpoch, 1);
    } else {
      throw new OptimError(op, 'give totalSteps, or epochs and stepsPerEpoch');
    }
    const pct = checkNumber(op, 'pctStart', options.pctStart ?? 0.3, { min: 0, max: 1 });
    this.annealStrategy = checkChoice(op, 'annealStrategy', options.annealStrategy ?? 'cos', ['cos', 'linear']);
    this.cycleMomentum = checkBoolean(op, 'cycleMomentum', options.cycleMomentum ?? true);
    const div = checkNumber(op, 'divFactor', options.divFactor ?? 25, { min: 0, minOpen: true });
    const finalDiv = checkNumber(op, 'finalDivFactor', options.finalDivFactor ?? 1e4, { min: 0, minOpen: true });
    const maxLr = perGroup(op, 'maxLr', options.maxLr, n).map((v, i) => checkNumber(op, `maxLr[${i}]`, v, { min: 0 }));
    const initial = maxLr.map((m) => m / div);
    this.lrs = { initial, max: maxLr, min: initial.map((v) => v / finalDiv) };
    this.baseLrs = initial;
    const base = perGroup(op, 'baseMomentum', options.baseMomentum ?? 0.85, n).map((v, i) =>
      checkNumber(op, `baseMomentum[${i}]`, v, { min: 0 }),
    );
    const max = perGroup(op, 'maxMomentum', options.maxMomentum ?? 0.95, n).map((v, i) =>
      checkNumber(op, `maxMomentum[${i}]`, v, { min: 0 }),
    );
    this.momenta = { base, max };
    if (this.cycleMomentum && optimizer.paramGroups.some((g) => g.momentum === undefined && g.betas === undefined)) {
      throw new OptimError(op, 'cycleMomentum needs an optimizer with momentum or betas (pass cycleMomentum: false)');
    }
    const T = this.totalSteps;
    this.phases =
      (options.threePhase ?? false)
        ? [
            { endStep: pct * T - 1, lr: ['initial', 'max'], momentum: ['max', 'base'] },
            { endStep: 2 * pct * T - 2, lr: ['max', 'initial'], momentum: ['base', 'max'] },
            { endStep: T - 1, lr: ['initial', 'min'], momentum: ['max', 'max'] },
          ]
        : [
            { endStep: pct * T - 1, lr: ['initial', 'max'], momentum: ['max', 'base'] },
            { endStep: T - 1, lr: ['max', 'min'], momentum: ['base', 'max'] },
          ];
    this.applyAt(0);
  }

  /** The rate of every group at step `epoch` (≤ totalSteps). */
  lrAt(epoch: number): number[] {
    const { phase, pct } = this.locate(epoch);
    return this.baseLrs.map((_, i) => this.anneal(this.lrs[phase.lr[0]][i]!, this.lrs[phase.lr[1]][i]!, pct));
  }

  /** The momentum of every group at step `epoch`, or undefined when not cycling it. */
  override momentumAt(epoch: number): number[] | undefined {
    if (!this.cycleMomentum) return undefined;
    const { phase, pct } = this.locate(epoch);
    return this.baseLrs.map((_, i) => this.anneal(this.momenta[phase.momentum[0]][i]!, this.momenta[phase.momentum[1]][i]!, pct));
  }

  private locate(epoch: number): { phase: Phase; pct: number } {
    this.checkEpoch(epoch);
    if (epoch > this.totalSteps) {
      throw new OptimError(this.op, `tried to step ${epoch} times, but totalSteps is ${this.totalSteps}`);
    }
    let start = 0;
    for (let i = 0; i < this.phases.length; i++) {
      const phase = this.phases[i]!;
      if (epoch <= phase.endStep || i === this.phases.length - 1) {
        // NOTE: a phase of zero length (tiny pctStart·T) counts as already finished instead of dividing 0 by 0.
        const pct = phase.endStep === start ? 1 : (epoch - start) / (phase.endStep - start);
        return { phase, pct };
      }
      start = phase.endStep;
    }
    throw new OptimError(this.op, 'unreachable: no phase');
  }

  private anneal(start: number, end: number, pct: number): number {
    return this.annealStrategy === 'cos' ? end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1) : (end - start) * pct + start;
  }
}
