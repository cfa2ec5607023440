import { SeedlingError } from '@seedling-ml/tensor';

/**
 * The one error class of @seedling-ml/train, a `SeedlingError` like every package's. Messages read
 * `<op>: <what is wrong>: <operands>`; `op` names the function, metric or callback that refused its input.
 *
 * @example
 * fit(model, { train, loss, optimizer, epochs: 0 }); // rejects with TrainError "fit: invalid epochs: 0 (valid: an integer ≥ 1)"
 */
export class TrainError extends SeedlingError {}

/** Returns `value` when it is a safe integer ≥ min; throws naming it otherwise. */
export function checkInt(op: string, name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new TrainError(op, `invalid ${name}: ${String(value)} (valid: an integer ≥ ${min})`);
  }
  return value;
}

/** Returns `value` when it is a finite number ≥ min; throws naming it otherwise. */
export function checkNumber(op: string, name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new TrainError(op, `invalid ${name}: ${String(value)} (valid: a finite number ≥ ${min})`);
  }
  return value;
}
