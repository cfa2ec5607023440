import { textOf } from '@seedling-ml/tensor';
import { SeedlingError, describeValue } from '@seedling-ml/tensor';

/**
 * The one error class of @seedling-ml/data. Messages read `<op>: <what is wrong>: <operands>`; `op` names the
 * class or function that refused its input.
 *
 * @example
 * new DataLoader(ds, { batchSize: 0 }); // throws DataError "DataLoader: invalid batchSize: 0 (valid: an integer ≥ 1)"
 */
export class DataError extends SeedlingError {}

/** Returns `value` when it is a safe integer ≥ min; throws naming it otherwise. */
export function checkInt(op: string, name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new DataError(op, `invalid ${name}: ${textOf(value)} (valid: an integer ≥ ${min})`);
  }
  return value;
}

/** Throws DataError naming `op` unless `dataset` has `get(index)` and an integer `length` ≥ 0. */
export function checkDataset(op: string, dataset: unknown): void {
  const d = dataset as { get?: unknown; length?: unknown } | null;
  if (typeof d !== 'object' || d === null || typeof d.get !== 'function') {
    throw new DataError(op, `expected a dataset (an object with length and get(index)), got ${describeValue(dataset)}`);
  }
  if (typeof d.length !== 'number' || !Number.isSafeInteger(d.length) || d.length < 0) {
    throw new DataError(op, `dataset length must be an integer ≥ 0, got ${describeValue(d.length)}`);
  }
}
