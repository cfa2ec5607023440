import { checkOptionKeys as checkKeys } from '@seedling-ml/tensor';
import { OptimError } from './errors.ts';

/** A closed or open interval; a missing bound means unbounded on that side. */
export interface Range {
  /** Lower bound (inclusive unless `minOpen`). */
  readonly min?: number;
  /** Upper bound (inclusive unless `maxOpen`). */
  readonly max?: number;
  /** Exclude `min` itself (`> min` instead of `≥ min`). */
  readonly minOpen?: boolean;
  /** Exclude `max` itself (`< max` instead of `≤ max`). */
  readonly maxOpen?: boolean;
}

/** Prints a range the way error messages show it: `lr ≥ 0`, `[0, 1)`, `> 0`. */
export function formatRange(name: string, range: Range): string {
  const { min, max, minOpen = false, maxOpen = false } = range;
  if (min !== undefined && max !== undefined) return `${minOpen ? '(' : '['}${min}, ${max}${maxOpen ? ')' : ']'}`;
  if (min !== undefined) return `${name} ${minOpen ? '>' : '≥'} ${min}`;
  if (max !== undefined) return `${name} ${maxOpen ? '<' : '≤'} ${max}`;
  return 'any finite number';
}

/**
 * Returns `value` when it is a finite number inside `range`; otherwise throws an OptimError that names the
 * value and the valid range, e.g. `Adam: invalid betas[0]: 1 (valid range: [0, 1))`.
 */
export function checkNumber(op: string, name: string, value: unknown, range: Range = {}): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (range.min === undefined || (range.minOpen ? value > range.min : value >= range.min)) &&
    (range.max === undefined || (range.maxOpen ? value < range.max : value <= range.max));
  if (!ok) throw new OptimError(op, `invalid ${name}: ${describe(value)} (valid range: ${formatRange(name, range)})`);
  return value as number;
}

/** Returns `value` when it is a non-negative (or positive) safe integer; throws naming it otherwise. */
export function checkInteger(op: string, name: string, value: unknown, min = 0): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new OptimError(op, `invalid ${name}: ${describe(value)} (valid: an integer ≥ ${min})`);
  }
  return value;
}

/** Returns `value` when it is a boolean; throws naming it otherwise. */
export function checkBoolean(op: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new OptimError(op, `invalid ${name}: ${describe(value)} (valid: true or false)`);
  return value;
}

/** Returns `value` when it is one of `choices`; throws listing them otherwise. */
export function checkChoice<T extends string>(op: string, name: string, value: unknown, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new OptimError(op, `invalid ${name}: ${describe(value)} (valid: ${choices.map((c) => `'${c}'`).join(', ')})`);
  }
  return value as T;
}

/** A short printable form of any value for messages. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) return String(value);
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  return typeof value;
}

/**
 * `options` after the shared `checkOptions` key check: a non-object throws, and an unknown key throws listing
 * `keys` (a misspelt `step_size` is never ignored). Values are checked by the caller, with the ranges.
 *
 * @example
 * checkOptionKeys('StepLR', { stepsize: 2 }, ['stepSize', 'gamma']);
 * // throws OptimError "StepLR: unknown option 'stepsize' (valid: stepSize, gamma)"
 */
export function checkOptionKeys<T extends object>(op: string, options: T, keys: readonly (keyof T & string)[]): T {
  checkKeys(op, options, keys, OptimError);
  return options ?? ({} as T);
}
