/**
 * The one mechanism by which every Seedling function checks its run-time arguments and options, so a
 * JavaScript caller (no types, `any`, a browser bundle) gets an error naming the function instead of a
 * different computation. Two message forms, used everywhere:
 *
 * ```
 * <op>: unknown option '<key>' (valid: <key>, <key>, …)
 * <op>: option '<key>' must be <expected>, got <value>          (options)
 * <op>: <argument> must be <expected>, got <value>              (positional arguments)
 * ```
 *
 * Applying it to a new function is one call; the rule table's type makes TypeScript demand a rule for
 * every key of the options interface:
 * ```ts
 * const o = checkOptions('crossEntropyLoss', options, {
 *   weight: is.instance(Tensor, 'a Tensor'), ignoreIndex: is.integer, labelSmoothing: is.unitInterval,
 *   reduction: is.oneOf('mean', 'sum', 'none'),
 * }, NNError);
 * ```
 */
import { describeValue } from './describe-value.ts';
import { ArgumentError } from './errors.ts';
import type { ErrorClass } from './seedling-error.ts';

export { describeValue, textOf } from './describe-value.ts';

/** One check: a predicate and the phrase that describes what it accepts (`'a finite number'`). */
export interface Rule {
  /** What the rule accepts, as the message prints it after "must be". */
  readonly expected: string;
  /** True when `value` is acceptable. */
  test(value: unknown): boolean;
}

/** Builds a rule from its description and predicate. */
export function rule(expected: string, test: (value: unknown) => boolean): Rule {
  return { expected, test };
}

const num = (v: unknown): v is number => typeof v === 'number';

/**
 * The stock rules. `undefined` never reaches a rule (an absent option keeps its default); `null` does, and
 * fails every rule except `is.any`, so `{ lr: null }` is an error rather than "use the default".
 */
export const is = {
  /** Anything at all except `undefined` (e.g. user payloads). */
  any: rule('any value', () => true),
  /** A number, NaN and ±Infinity included. */
  number: rule('a number', num),
  /** A finite number. */
  finite: rule('a finite number', (v) => num(v) && Number.isFinite(v)),
  /** A finite number > 0. */
  positive: rule('a finite number > 0', (v) => num(v) && Number.isFinite(v) && v > 0),
  /** A finite number ≥ 0. */
  nonNegative: rule('a finite number ≥ 0', (v) => num(v) && Number.isFinite(v) && v >= 0),
  /** A finite number in [0, 1]. */
  unitInterval: rule('a number in [0, 1]', (v) => num(v) && v >= 0 && v <= 1),
  /** A safe integer (negative allowed). */
  integer: rule('an integer', (v) => num(v) && Number.isSafeInteger(v)),
  /** A safe integer ≥ 0. */
  nonNegativeInteger: rule('an integer ≥ 0', (v) => num(v) && Number.isSafeInteger(v) && v >= 0),
  /** A safe integer ≥ 1. */
  positiveInteger: rule('an integer ≥ 1', (v) => num(v) && Number.isSafeInteger(v) && v >= 1),
  /** `true` or `false` (not `'yes'`, not 1). */
  boolean: rule('true or false', (v) => typeof v === 'boolean'),
  /** A string. */
  string: rule('a string', (v) => typeof v === 'string'),
  /** A function. */
  function: rule('a function', (v) => typeof v === 'function'),
  /** A non-null object (arrays included). */
  object: rule('an object', (v) => typeof v === 'object' && v !== null),
  /** One axis: a number (integrality and range are checked by the op against the operand's rank: AxisError). */
  axis: rule('an integer axis', num),
  /** One axis or a list of axes (each checked by the op as for `axis`). */
  axes: rule('an integer axis or an array of integer axes', (v) => num(v) || (Array.isArray(v) && v.every(num))),
  /** A supported element type. */
  dtype: rule("'float32' or 'float64'", (v) => v === 'float32' || v === 'float64'),
  /** A shape: an array of integers ≥ 0. */
  shape: rule('an array of integers ≥ 0', (v) => Array.isArray(v) && v.every((d) => num(d) && Number.isSafeInteger(d) && d >= 0)),
  /** One of the listed strings. */
  oneOf: (...choices: readonly string[]): Rule =>
    rule(`one of ${choices.map((c) => `'${c}'`).join(', ')}`, (v) => typeof v === 'string' && choices.includes(v)),
  /** An instance of `cls`, described as `name` (e.g. `'a Tensor'`). */
  instance: (cls: abstract new (...args: never[]) => unknown, name: string): Rule => rule(name, (v) => v instanceof cls),
  /** An array whose every element passes `item`. */
  arrayOf: (item: Rule, length?: number): Rule =>
    rule(
      `an array${length === undefined ? '' : ` of length ${length}`} of ${item.expected.replace(/^an? /, '')}s`.replace(/ss$/, 's'),
      (v) => Array.isArray(v) && (length === undefined || v.length === length) && v.every((x) => item.test(x)),
    ),
  /** Passes when any of `rules` passes. */
  anyOf: (...rules: readonly Rule[]): Rule => rule(rules.map((r) => r.expected).join(' or '), (v) => rules.some((r) => r.test(v))),
} as const;

/** Throws `new ErrorCls(op, '<name> must be <expected>, got <value>')` unless `value` passes `check`. */
export function checkArg<T = unknown>(op: string, name: string, value: unknown, check: Rule, ErrorCls: ErrorClass = ArgumentError): T {
  if (value === undefined || !check.test(value)) throw new ErrorCls(op, `${name} must be ${check.expected}, got ${describeValue(value)}`);
  return value as T;
}

/** The rule table of an options type: one rule for every key (TypeScript reports a missing one). */
export type Rules<T> = { readonly [K in keyof Required<T>]: Rule };

/**
 * Checks an options object: `undefined` gives `{}`; anything but a plain object (a number, an array, `null`,
 * a string) throws; every key must be in `rules` (an unknown key throws, listing the valid ones); every
 * value that is not `undefined` must pass its rule. Returns the same object, typed. Throws instances of
 * `ErrorCls` (the calling package's error class; default `ArgumentError`).
 *
 * @example
 * checkOptions('sum', { axis: 1, keepDim: true }, { axis: is.axes, keepdims: is.boolean });
 * // throws "sum: unknown option 'keepDim' (valid: axis, keepdims)"
 */
export function checkOptions<T extends object>(
  op: string,
  options: T | undefined,
  rules: Rules<T>,
  ErrorCls: ErrorClass = ArgumentError,
): T {
  if (options === undefined) return {} as T;
  const raw: unknown = options;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    const hint =
      typeof raw === 'number' || Array.isArray(raw)
        ? ` (options are passed as an object such as { ${Object.keys(rules)[0] ?? 'key'}: … })`
        : '';
    throw new ErrorCls(op, `options must be an object, got ${describeValue(raw)}${hint}`);
  }
  const table = rules as Readonly<Record<string, Rule>>;
  for (const key of Object.keys(raw)) {
    const check = Object.hasOwn(table, key) ? table[key] : undefined;
    if (check === undefined) {
      const valid = Object.keys(table);
      throw new ErrorCls(op, `unknown option '${key}' (valid: ${valid.length > 0 ? valid.join(', ') : 'none'})`);
    }
    const value = (raw as Record<string, unknown>)[key];
    if (value !== undefined && !check.test(value)) {
      throw new ErrorCls(op, `option '${key}' must be ${check.expected}, got ${describeValue(value)}`);
    }
  }
  return options;
}

/**
 * Checks only the keys of an options object (each value is checked by the caller, with its own wording): like
 * `checkOptions` with `is.any` for every key in `keys`, so an unknown or misspelt key throws listing the valid ones.
 *
 * @example
 * checkOptionKeys('StepLR', { stepsize: 2 }, ['stepSize', 'gamma'], OptimError);
 * // throws "StepLR: unknown option 'stepsize' (valid: stepSize, gamma)"
 */
export function checkOptionKeys(op: string, options: unknown, keys: readonly string[], ErrorCls: ErrorClass = ArgumentError): void {
  const rules: Record<string, Rule> = {};
  for (const k of keys) rules[k] = is.any;
  checkOptions(op, options as object | undefined, rules, ErrorCls);
}
