import { type Rule, checkOptions, formatShape, is } from '@seedling-ml/tensor';
import { InitError } from './init-error.ts';

/** Options object as received at run time (may come from JSON): keys not yet type-checked. */
export type RawOptions = Readonly<Record<string, unknown>>;

/** A value as it appears in a message: strings quoted, objects as JSON. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Checks that `options` is undefined or a plain object whose keys are all in `allowed` (a typo such
 * as `{ lo: 0 }` throws instead of being silently ignored), through the library's shared `checkOptions`, so
 * the wording is everyone's. Values are checked by the initializer itself, with its ranges.
 */
export function readOptions(op: string, options: unknown, allowed: readonly string[]): RawOptions {
  // NOTE: null stays "no options" here (unlike checkOptions): a registry config read from JSON may hold null.
  if (options === null) return {};
  const rules: Record<string, Rule> = {};
  for (const key of allowed) rules[key] = is.any;
  return checkOptions(op, options as object | undefined, rules, InitError) as RawOptions;
}

/** A finite number (NaN and ±Infinity refused: they are not JSON either). */
export function finiteNumber(op: string, key: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InitError(op, `${key} must be a finite number, got ${describeValue(value)}`);
  }
  return value;
}

/** A finite number > 0. */
export function positiveNumber(op: string, key: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InitError(op, `${key} must be a finite number > 0, got ${describeValue(value)}`);
  }
  return value;
}

/** A finite number ≥ 0. */
export function nonNegativeNumber(op: string, key: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InitError(op, `${key} must be a finite number ≥ 0, got ${describeValue(value)}`);
  }
  return value;
}

/** A positive safe integer. */
export function positiveInteger(op: string, key: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new InitError(op, `${key} must be a positive integer, got ${describeValue(value)}`);
  }
  return value;
}

/** A boolean. */
export function booleanOption(op: string, key: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new InitError(op, `${key} must be true or false, got ${describeValue(value)}`);
  return value;
}

/** One of `choices`; the message lists them all. */
export function choice<T extends string>(op: string, key: string, value: unknown, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new InitError(op, `${key} must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${describeValue(value)}`);
  }
  return value as T;
}

/** A shape: an array of non-negative safe integers; returns a frozen copy. */
export function checkInitShape(op: string, shape: unknown): readonly number[] {
  if (!Array.isArray(shape)) throw new InitError(op, `shape must be an array of dimensions, got ${describeValue(shape)}`);
  for (let i = 0; i < shape.length; i++) {
    const d: unknown = shape[i];
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      throw new InitError(
        op,
        `dimension ${i} must be a non-negative integer, got ${describeValue(d)} in ${formatShape(shape as number[])}`,
      );
    }
  }
  return Object.freeze([...(shape as number[])]);
}

/** Throws unless `shape` has a rank in [min, max]. */
export function checkRank(op: string, shape: readonly number[], min: number, max: number, what: string): void {
  if (shape.length < min || shape.length > max) {
    const want = min === max ? `${min}` : max === Infinity ? `≥ ${min}` : `${min} to ${max}`;
    throw new InitError(op, `expected ${what} of rank ${want}, got shape ${formatShape(shape)}`);
  }
}
