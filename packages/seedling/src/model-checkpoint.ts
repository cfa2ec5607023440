import { textOf } from '@seedling-ml/tensor';
import type { Callback, EpochRecord, TrainContext } from '@seedling-ml/train';
import { checkArg, checkOptions, is, rule } from '@seedling-ml/tensor';
import { TrainError } from '@seedling-ml/train';
import { type Stateful, type StateDictModule, saveCheckpoint, saveModel } from './node.ts';

const isObject = (v: unknown): v is Record<string | symbol, unknown> => typeof v === 'object' && v !== null;

/** The record fit passes to `onEpochEnd`: a safe-integer epoch and an object of logs (what the hook reads). */
const isEpochRecord = rule('an epoch record { epoch, logs, lr, seconds } as fit passes', (v) => {
  if (!isObject(v)) return false;
  const epoch = v.epoch;
  return typeof epoch === 'number' && Number.isSafeInteger(epoch) && isObject(v.logs);
});

/** The context fit passes: the hook saves `ctx.model` (a module with a state dict) and, if it has one, the optimizer. */
const isCheckpointContext = rule('a training context { model, optimizer, … } as fit passes, with an nn.Module model', (v) => {
  if (!isObject(v) || !isObject(v.model)) return false;
  return typeof v.model.stateDict === 'function' && (v.optimizer === undefined || isObject(v.optimizer));
});

/** Options of ModelCheckpoint. */
export interface ModelCheckpointOptions {
  /** File to write; `{epoch}` is replaced by the epoch number (e.g. `'run/epoch-{epoch}.safetensors'`). */
  path: string;
  /** Epoch log key that decides what is "best" (default `'valLoss'`); only read with `saveBestOnly`. */
  monitor?: string;
  /** `'min'`, `'max'` or `'auto'` (default: max for accuracy, precision, recall, f1 and r2, else min). */
  mode?: 'min' | 'max' | 'auto';
  /** Write only when the monitored value improves on the best so far (default false: every epoch). */
  saveBestOnly?: boolean;
  /**
   * Write only the model's state dict as plain safetensors (saveModel; loadable by PyTorch) instead of a
   * checkpoint with the optimizer's state and the epoch (saveCheckpoint). Default false.
   */
  weightsOnly?: boolean;
}

/**
 * Saves the model (or a whole checkpoint: model, optimizer, `extra: { epoch, logs }`) after every epoch, or
 * only when it improves, with the atomic writes of `seedling-ml/node`: a crash mid-write leaves the previous
 * file intact. Restore with `loadCheckpoint` / `loadModel`.
 *
 * @example
 * import { ModelCheckpoint } from 'seedling-ml/node';
 * await fit(model, { ..., callbacks: [new ModelCheckpoint({ path: 'best.safetensors', saveBestOnly: true })] });
 */
export class ModelCheckpoint implements Callback {
  /** The path template. */
  readonly path: string;
  /** The epoch log key watched with saveBestOnly. */
  readonly monitor: string;
  /** Whether lower or higher is better. */
  readonly mode: 'min' | 'max';
  /** Whether only improvements are written. */
  readonly saveBestOnly: boolean;
  /** Whether only the weights are written. */
  readonly weightsOnly: boolean;
  /** Best monitored value so far. */
  bestValue = Number.NaN;
  /** Paths written, in order. */
  readonly saved: string[] = [];

  constructor(options: ModelCheckpointOptions) {
    const op = 'ModelCheckpoint';
    checkOptions(
      op,
      options,
      { path: is.string, monitor: is.string, mode: is.oneOf('min', 'max', 'auto'), saveBestOnly: is.boolean, weightsOnly: is.boolean },
      TrainError,
    );
    if (typeof options?.path !== 'string' || options.path === '') throw new TrainError(op, 'path must be a non-empty string');
    this.path = options.path;
    this.monitor = options.monitor ?? 'valLoss';
    const mode = options.mode ?? 'auto';
    if (mode !== 'min' && mode !== 'max' && mode !== 'auto')
      throw new TrainError(op, `invalid mode: ${textOf(mode)} (valid: 'min', 'max', 'auto')`);
    this.mode = mode === 'auto' ? (/accuracy|precision|recall|f1|r2/i.test(this.monitor) ? 'max' : 'min') : mode;
    this.saveBestOnly = options.saveBestOnly ?? false;
    this.weightsOnly = options.weightsOnly ?? false;
  }

  /** Forgets the best value of an earlier run. */
  onTrainBegin(): void {
    this.bestValue = this.mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  }

  /** Writes the file for this epoch (unless saveBestOnly and no improvement). */
  async onEpochEnd(record: EpochRecord, ctx: TrainContext): Promise<void> {
    // Checked on entry so a hook called by hand (or by a loop other than fit) names itself instead of
    // failing inside with a TypeError, as train's own callbacks do.
    checkArg('ModelCheckpoint.onEpochEnd', 'record', record, isEpochRecord, TrainError);
    checkArg('ModelCheckpoint.onEpochEnd', 'ctx', ctx, isCheckpointContext, TrainError);
    if (this.saveBestOnly) {
      const value = record.logs[this.monitor];
      if (typeof value !== 'number') {
        throw new TrainError(
          'ModelCheckpoint',
          `monitor '${this.monitor}' is not a number in the logs of epoch ${record.epoch} (keys: ${Object.keys(record.logs).join(', ')})`,
        );
      }
      if (!(this.mode === 'min' ? value < this.bestValue : value > this.bestValue)) return;
      this.bestValue = value;
    }
    const path = this.path.replaceAll('{epoch}', String(record.epoch));
    const model = ctx.model as unknown as StateDictModule;
    if (this.weightsOnly) {
      await saveModel(model, path, { metadata: { epoch: String(record.epoch) } });
    } else {
      const numbers = Object.fromEntries(Object.entries(record.logs).filter(([, v]) => typeof v === 'number')) as Record<string, number>;
      const optimizer = ctx.optimizer as unknown as Partial<Stateful>;
      await saveCheckpoint(path, {
        model,
        ...(typeof optimizer.stateDict === 'function' ? { optimizer: optimizer as Stateful } : {}),
        extra: { epoch: record.epoch, logs: numbers },
      });
    }
    this.saved.push(path);
  }
}
