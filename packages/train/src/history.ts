import { is } from '@seedling-ml/tensor';
import { checkTrainArg, isHistory } from './errors.ts';
import type { Logs } from './types.ts';

/** One finished epoch in the history. */
export interface EpochRecord {
  /** 1-based epoch number. */
  epoch: number;
  /**
   * `loss` (mean training loss over the epoch's examples, each batch's loss taken before its update), the
   * training metrics by name, and with validation `valLoss` and the validation metrics (`valAccuracy`, …).
   */
  logs: Logs;
  /** Learning rate of the optimizer's first param group at the epoch's first batch. */
  lr: number | null;
  /** Wall-clock seconds of the epoch, validation included. */
  seconds: number;
}

/**
 * What fit returns: one record per finished epoch, and why training stopped. Plain data:
 * `JSON.stringify(history)` round-trips (a NaN loss becomes null, as JSON has no NaN).
 */
export interface History {
  /** The finished epochs, in order. */
  epochs: EpochRecord[];
  /** Why training ended before `epochs` (early stopping, a non-finite loss with `onNonFinite: 'stop'`); else null. */
  stopReason: string | null;
}

/**
 * The values of one key across epochs — `'lr'`, `'seconds'` or any log key (`'loss'`, `'valAccuracy'`, …) — for plotting. Epochs
 * without the key give NaN.
 *
 * @example
 * historySeries(history, 'valAccuracy'); // [0.61, 0.8, 0.93]
 */
export function historySeries(history: History, key: string): number[] {
  checkTrainArg('historySeries', 'history', history, isHistory);
  checkTrainArg('historySeries', 'key', key, is.string);
  return history.epochs.map((e) => {
    const v = key === 'lr' ? e.lr : key === 'seconds' ? e.seconds : e.logs[key];
    return typeof v === 'number' ? v : Number.NaN;
  });
}
