import { Tensor } from '@seedling-ml/autograd';
import { type NDArray, checkOptions, is } from '@seedling-ml/tensor';
import { NNError } from './errors.ts';
import type { JsonValue } from './init/initializer.ts';

/**
 * How a parameter got its current values, as recorded by the layer that created it (JSON).
 * `seed` reproduces the draw exactly: `getInitializer({ name: initializer, config }).sample(shape,
 * { rng: new Rng(seed), dtype, fanIn, fanOut })`.
 */
export interface InitRecord {
  /** Initializer name (`'xavierUniform'`, `'zeros'`, …), or `'lsuv'` / `'loadStateDict'` after those. */
  initializer: string;
  /** The initializer's JSON config (or what the later step recorded). */
  config: JsonValue;
  /** Seed of the parameter's own forked Rng (null when no randomness is involved). */
  seed: number | string | null;
  /** Seed of the generator the layer forked from (its `seed` option, the given `rng`'s seed, or the default's). */
  parentSeed?: number | string | null;
  /** Fan-in the layer passed to the initializer. */
  fanIn?: number;
  /** Fan-out the layer passed to the initializer. */
  fanOut?: number;
  /** The record this one replaced (e.g. the orthogonal init LSUV started from). */
  previous?: InitRecord;
}

/**
 * A trainable tensor owned by a module: a `Tensor` with `requiresGrad = true` that `Module`
 * discovers among its fields (and lists in `parameters()`), plus a record of how it was initialized.
 *
 * @example
 * const w = new Parameter(zeros([2, 3]));
 * w.requiresGrad; // true
 */
export class Parameter extends Tensor {
  /** How the values were produced (null when set by hand). Reported by `Module.initReport()`. */
  init: InitRecord | null = null;

  /** Wraps `data` (not copied) as a trainable leaf. */
  constructor(data: NDArray, options: { requiresGrad?: boolean; init?: InitRecord | null } = {}) {
    checkOptions('Parameter', options, { requiresGrad: is.boolean, init: is.any }, NNError);
    super(data, { requiresGrad: options.requiresGrad ?? true });
    this.init = options.init ?? null;
  }
}
