import { NNError } from '../errors.ts';

/** `value` if it is a positive safe integer; otherwise throws NNError naming the option. */
export function checkPositiveInteger(op: string, name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new NNError(op, `${name} must be a positive integer, got ${String(value)}`);
  return value;
}

/** `value` if it is a finite number in [low, high]; otherwise throws NNError naming the option. */
export function checkRange(op: string, name: string, value: number, low: number, high: number): number {
  if (typeof value !== 'number' || !(value >= low && value <= high)) {
    throw new NNError(op, `${name} must be a number in [${low}, ${high}], got ${String(value)}`);
  }
  return value;
}

/** `value` if it is a finite number > 0; otherwise throws NNError naming the option. */
export function checkPositive(op: string, name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new NNError(op, `${name} must be a finite number > 0, got ${String(value)}`);
  }
  return value;
}
