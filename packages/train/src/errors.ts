import { textOf } from '@seedling-ml/tensor';
import { type Rule, SeedlingError, checkArg, rule } from '@seedling-ml/tensor';

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
    throw new TrainError(op, `invalid ${name}: ${textOf(value)} (valid: an integer ≥ ${min})`);
  }
  return value;
}

/** Returns `value` when it is a finite number ≥ min; throws naming it otherwise. */
export function checkNumber(op: string, name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new TrainError(op, `invalid ${name}: ${textOf(value)} (valid: a finite number ≥ ${min})`);
  }
  return value;
}

/**
 * Returns `value` when it passes `check`; throws TrainError `<op>: <name> must be <expected>, got <value>`
 * otherwise (the library's shared wording, via `checkArg`).
 */
export function checkTrainArg<T>(op: string, name: string, value: unknown, check: Rule): T {
  return checkArg<T>(op, name, value, check, TrainError);
}

const isObject = (v: unknown): v is Record<string | symbol, unknown> => typeof v === 'object' && v !== null;

/** What fit, evaluate and predict call on a model: `forward` and `train` (every `nn.Module` has them). */
export const isModel: Rule = rule(
  'a model (an object with forward() and train())',
  (v) => isObject(v) && typeof v.forward === 'function' && typeof v.train === 'function',
);

/** A (re-)iterable of batches: a DataLoader, an array, a generator. Strings are iterable but never batches. */
export const isBatches: Rule = rule(
  'an iterable of [input, target] batches',
  (v) => isObject(v) && typeof v[Symbol.iterator] === 'function',
);

/** An options object (a plain object; `undefined` means all defaults and never reaches a rule). */
export const isOptionsObject: Rule = rule('an options object', (v) => isObject(v) && !Array.isArray(v));

/** A list of metrics (objects with `reset`, `update` and `compute`, as `accuracy()` returns). */
export const isMetricList: Rule = rule(
  'an array of metrics',
  (v) =>
    Array.isArray(v) &&
    v.every((m) => isObject(m) && typeof m.reset === 'function' && typeof m.update === 'function' && typeof m.compute === 'function'),
);

const isEpochRecord = (v: unknown): boolean =>
  isObject(v) && typeof v.epoch === 'number' && isObject(v.logs) && typeof v.seconds === 'number';

/** One epoch's record as fit makes it: `{ epoch, logs, lr, seconds }`. */
export const isRecord: Rule = rule('an epoch record { epoch, logs, lr, seconds }', isEpochRecord);

/** A history as fit returns it: `{ epochs: EpochRecord[], stopReason }`. */
export const isHistory: Rule = rule(
  'a history { epochs, stopReason } as fit returns',
  (v) => isObject(v) && Array.isArray(v.epochs) && v.epochs.every(isEpochRecord),
);

/**
 * The context fit passes to every callback hook (TrainContext). The library's callbacks check it (and their
 * other hook arguments) on entry, so a hook called by hand, or by a loop other than fit, with a wrong context
 * names the hook instead of failing inside with a TypeError. The history is checked shallowly (its epochs are
 * an array): a hook runs every batch, and fit builds the history itself.
 */
export const isTrainContext: Rule = rule(
  'a training context { model, optimizer, epochs, batches, metrics, history, stopTraining } as fit passes',
  (v) =>
    isObject(v) &&
    isModel.test(v.model) &&
    isObject(v.optimizer) &&
    typeof v.epochs === 'number' &&
    Number.isSafeInteger(v.epochs) &&
    v.epochs >= 1 &&
    (v.batches === undefined || typeof v.batches === 'number') &&
    isMetricList.test(v.metrics) &&
    isObject(v.history) &&
    Array.isArray(v.history.epochs) &&
    (v.stopTraining === undefined || typeof v.stopTraining === 'string'),
);

const BATCH_LOG_KEYS = ['batch', 'loss', 'size', 'meanLoss', 'examples'] as const;

/** The logs fit passes to `onBatchEnd` (BatchLogs): every field a number. */
export const isBatchLogs: Rule = rule('batch logs { batch, loss, size, meanLoss, examples } of numbers', (v) =>
  isObject(v) ? BATCH_LOG_KEYS.every((k) => typeof v[k] === 'number') : false,
);
