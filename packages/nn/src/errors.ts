/**
 * Errors thrown by @seedling-ml/nn. Messages read `<op>: <what is wrong>: <operands>`, like the rest of
 * Seedling, and the operands are kept as structured fields where a caller may want to react to them.
 */
import { SeedlingError } from '@seedling-ml/tensor';

/**
 * Base class of every error @seedling-ml/nn throws. `op` names the layer, loss or method that refused
 * its input.
 *
 * @example
 * new NNError('Linear', 'input feature size 5 does not match inFeatures 4: input [8,5]').message;
 * // 'Linear: input feature size 5 does not match inFeatures 4: input [8,5]'
 */
export class NNError extends SeedlingError {}

/** One entry of a state-dict shape mismatch: the key, the module's shape and the dict's shape. */
export interface ShapeMismatch {
  /** Dotted key, e.g. `'fc1.weight'`. */
  readonly key: string;
  /** Shape the module holds. */
  readonly expected: readonly number[];
  /** Shape found in the dict. */
  readonly got: readonly number[];
}

/**
 * A state dict that does not fit a module: keys the module needs but the dict lacks, keys the module
 * does not have, and entries whose shape differs. Thrown by `Module.loadStateDict` before anything
 * is written, so the module is unchanged.
 */
export class StateDictError extends NNError {
  /** Keys the module expects that the dict does not contain. */
  readonly missingKeys: readonly string[];
  /** Keys in the dict the module does not have. */
  readonly unexpectedKeys: readonly string[];
  /** Keys present on both sides whose shapes differ. */
  readonly shapeMismatches: readonly ShapeMismatch[];
  constructor(
    op: string,
    detail: string,
    missingKeys: readonly string[],
    unexpectedKeys: readonly string[],
    shapeMismatches: readonly ShapeMismatch[],
  ) {
    super(op, detail);
    this.missingKeys = [...missingKeys];
    this.unexpectedKeys = [...unexpectedKeys];
    this.shapeMismatches = shapeMismatches.map((m) => ({ key: m.key, expected: [...m.expected], got: [...m.got] }));
  }
}
