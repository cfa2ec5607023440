import type { EpochRecord, History } from '../history.ts';
import type { Metric } from '../metrics/metric.ts';
import type { StepOptimizer, TrainableModel } from '../types.ts';

/** What every callback sees: the run and a way to stop it. */
export interface TrainContext {
  /** The model being trained. */
  readonly model: TrainableModel;
  /** Its optimizer. */
  readonly optimizer: StepOptimizer;
  /** Number of epochs asked for. */
  readonly epochs: number;
  /** Batches per epoch, when the training batches have a `length` (a DataLoader, an array); else undefined. */
  readonly batches: number | undefined;
  /**
   * fit's metrics. During an epoch's batches their `compute()` gives the running training values (what a
   * progress display shows); read, don't reset or update them.
   */
  readonly metrics: readonly Metric[];
  /** The history so far (one entry per finished epoch). */
  readonly history: History;
  /**
   * Set to a reason (e.g. `'earlyStopping: valLoss did not improve for 5 epochs'`) to end training after the
   * current epoch; fit records it as `history.stopReason`.
   */
  stopTraining: string | undefined;
}

/** What onBatchEnd receives. */
export interface BatchLogs {
  /** 1-based batch number within the epoch. */
  batch: number;
  /** Loss of this batch (computed before its update). */
  loss: number;
  /** Examples in this batch. */
  size: number;
  /** Mean loss over the epoch's batches so far, weighted by batch size. */
  meanLoss: number;
  /** Examples seen so far this epoch. */
  examples: number;
}

/**
 * A training callback: any subset of the hooks below. fit awaits each hook (it may return a Promise, e.g. to
 * let a browser repaint). The order, for each epoch e = 1…epochs:
 *
 * 1. `onTrainBegin` (once, before epoch 1)
 * 2. `onEpochBegin(e)`
 * 3. per batch b = 1…: `onBatchBegin(b)`, then fit runs forward, loss, the non-finite-loss check, backward,
 *    gradient clipping and `optimizer.step()`, then `onBatchEnd(b, logs)`
 * 4. validation (when `val` is given), then `onEpochEnd(record)` with the epoch's logs (`loss`, metrics,
 *    `val*` values), `lr` and `seconds`; the record is already the last entry of `ctx.history`
 * 5. `onTrainEnd(history)` (once, also after an early stop)
 *
 * Within one hook, callbacks run in the order of the `callbacks` array; fit's own `scheduler` option is a
 * callback placed first. Setting `ctx.stopTraining` ends the run after the current epoch's `onEpochEnd`.
 */
export interface Callback {
  /** Before the first epoch. */
  onTrainBegin?(ctx: TrainContext): void | Promise<void>;
  /** Before epoch `epoch` (1-based). */
  onEpochBegin?(epoch: number, ctx: TrainContext): void | Promise<void>;
  /** Before batch `batch` (1-based) of the current epoch. */
  onBatchBegin?(batch: number, ctx: TrainContext): void | Promise<void>;
  /** After the optimizer step of a batch. */
  onBatchEnd?(logs: BatchLogs, ctx: TrainContext): void | Promise<void>;
  /** After an epoch and its validation. */
  onEpochEnd?(record: EpochRecord, ctx: TrainContext): void | Promise<void>;
  /** After the last epoch (or an early stop). */
  onTrainEnd?(history: History, ctx: TrainContext): void | Promise<void>;
}
