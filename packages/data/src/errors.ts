import { SeedlingError } from '@seedling-ml/tensor';

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
    throw new DataError(op, `invalid ${name}: ${String(value)} (valid: an integer ≥ ${min})`);
  }
  return value;
}
