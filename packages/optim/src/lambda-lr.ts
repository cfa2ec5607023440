import { describe, checkOptionKeys } from './check.ts';
import { OptimError } from './errors.ts';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.ts';

/** A factor as a function of the epoch. */
export type LrLambda = (epoch: number) => number;

/** Options of LambdaLR. */
export interface LambdaLROptions {
  /** One function for every group, or one per group. */
  lrLambda: LrLambda | readonly LrLambda[];
}

/**
 * Sets each group's learning rate to its base rate times a function of the epoch (PyTorch's `LambdaLR`):
 * lr(e) = base · λ(e). The functions are not part of `stateDict()`.
 *
 * @example
 * new LambdaLR(opt, { lrLambda: (e) => 1 / (1 + e) }); // base lr 1
 * // lr for epochs 0…2: 1, 0.5, 0.333…
 */
export class LambdaLR extends LRScheduler {
  /** The class's name, kept through minification (toString, reports, messages). */
  static readonly typeName = 'LambdaLR';
  private readonly lambdas: readonly LrLambda[];

  constructor(optimizer: SchedulableOptimizer, options: LambdaLROptions) {
    super('LambdaLR', optimizer);
    options = checkOptionKeys(this.op, options, ['lrLambda']);
    const n = optimizer.paramGroups.length;
    const fns = typeof options.lrLambda === 'function' ? new Array<LrLambda>(n).fill(options.lrLambda) : options.lrLambda;
    if (!Array.isArray(fns) || fns.length !== n || fns.some((f) => typeof f !== 'function')) {
      throw new OptimError(
        this.op,
        `lrLambda must be a function or ${n} functions (one per param group), got ${describe(options.lrLambda)}`,
      );
    }
    this.lambdas = [...fns];
    this.applyAt(0);
  }

  /** base · λ(e) for every group; throws if a λ returns a negative or non-finite factor. */
  lrAt(epoch: number): number[] {
    this.checkEpoch(epoch);
    return this.baseLrs.map((b, i) => {
      const f = this.lambdas[i]!(epoch);
      if (typeof f !== 'number' || !Number.isFinite(f) || f < 0) {
        throw new OptimError(this.op, `lrLambda of group ${i} returned ${describe(f)} at epoch ${epoch} (valid: a finite number ≥ 0)`);
      }
      return b * f;
    });
  }
}
