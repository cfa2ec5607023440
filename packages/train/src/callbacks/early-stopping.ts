import { textOf } from '@seedling-ml/tensor';
import { type NDArray, is } from '@seedling-ml/tensor';
import { TrainError, checkInt, checkNumber, checkTrainArg, isHistory, isOptionsObject, isRecord, isTrainContext } from '../errors.ts';
import type { EpochRecord, History } from '../history.ts';
import type { Callback, TrainContext } from './callback.ts';

/** Options of EarlyStopping. */
export interface EarlyStoppingOptions {
  /** Epoch log key watched (default `'valLoss'`; `'loss'` without validation). */
  monitor?: string;
  /** `'min'` (lower is better), `'max'`, or `'auto'` (default): max for accuracy, precision, recall, f1 and r2, else min. */
  mode?: 'min' | 'max' | 'auto';
  /** Training stops once this many epochs in a row have not improved (default 0, which like 1 stops at the first, as in Keras). */
  patience?: number;
  /** An improvement must beat the best value by more than this (default 0). */
  minDelta?: number;
  /**
   * At the end of training, load the weights of the best epoch into the model when the last epoch was not the
   * best (default true; Keras defaults to false). The best weights are copied each time the value improves.
   */
  restoreBestWeights?: boolean;
}

/** What EarlyStopping needs of the model to keep and restore weights (every `nn.Module` fits). */
interface StatefulModel {
  stateDict(): Record<string, NDArray>;
  loadStateDict(dict: Record<string, NDArray>): unknown;
}

/**
 * Stops training when the monitored value has not improved for `patience` epochs, and (by default) puts back
 * the weights of the best epoch. Improvement: value < best − minDelta (min mode) or value > best + minDelta (max).
 *
 * @example
 * const stop = new EarlyStopping({ monitor: 'valLoss', patience: 5, minDelta: 1e-4 });
 * const history = await fit(model, { ..., callbacks: [stop] });
 * stop.bestEpoch; // the epoch whose weights the model now has
 */
export class EarlyStopping implements Callback {
  /** The epoch log key watched. */
  readonly monitor: string;
  /** Whether lower or higher is better. */
  readonly mode: 'min' | 'max';
  /** Epochs without improvement tolerated. */
  readonly patience: number;
  /** Margin an improvement must exceed. */
  readonly minDelta: number;
  /** Whether the best weights are restored at the end. */
  readonly restoreBestWeights: boolean;
  /** Best value seen (NaN before training, ±Infinity before the first epoch). */
  bestValue = Number.NaN;
  /** Epoch of the best value (0 before the first epoch). */
  bestEpoch = 0;
  /** Epoch at which this callback stopped training (0 if it did not). */
  stoppedEpoch = 0;
  private wait = 0;
  private best: Record<string, NDArray> | null = null;

  constructor(options: EarlyStoppingOptions = {}) {
    const op = 'EarlyStopping';
    checkTrainArg(op, 'options', options, isOptionsObject);
    this.monitor = checkTrainArg(op, 'monitor', options.monitor ?? 'valLoss', is.string);
    const mode = options.mode ?? 'auto';
    if (mode !== 'min' && mode !== 'max' && mode !== 'auto')
      throw new TrainError(op, `invalid mode: ${textOf(mode)} (valid: 'min', 'max', 'auto')`);
    this.mode = mode === 'auto' ? (/accuracy|precision|recall|f1|r2/i.test(this.monitor) ? 'max' : 'min') : mode;
    this.patience = checkInt(op, 'patience', options.patience ?? 0, 0);
    this.minDelta = checkNumber(op, 'minDelta', options.minDelta ?? 0, 0);
    this.restoreBestWeights = checkTrainArg(op, 'restoreBestWeights', options.restoreBestWeights ?? true, is.boolean);
  }

  /** Resets the state, so one instance can serve several runs. */
  onTrainBegin(ctx: TrainContext): void {
    checkTrainArg('EarlyStopping.onTrainBegin', 'ctx', ctx, isTrainContext);
    this.bestValue = this.mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    this.bestEpoch = 0;
    this.stoppedEpoch = 0;
    this.wait = 0;
    this.best = null;
    if (this.restoreBestWeights) statefulModel(ctx);
  }

  /** Compares the monitored value with the best, keeps a copy of the weights on improvement, stops when patience runs out. */
  onEpochEnd(record: EpochRecord, ctx: TrainContext): void {
    checkTrainArg('EarlyStopping.onEpochEnd', 'record', record, isRecord);
    checkTrainArg('EarlyStopping.onEpochEnd', 'ctx', ctx, isTrainContext);
    const value = record.logs[this.monitor];
    if (typeof value !== 'number') {
      throw new TrainError(
        'EarlyStopping',
        `monitor '${this.monitor}' is not a number in the logs of epoch ${record.epoch} (keys: ${Object.keys(record.logs).join(', ')}); pass val to fit for val* keys`,
      );
    }
    const improved = this.mode === 'min' ? value < this.bestValue - this.minDelta : value > this.bestValue + this.minDelta;
    if (improved) {
      this.bestValue = value;
      this.bestEpoch = record.epoch;
      this.wait = 0;
      if (this.restoreBestWeights) {
        // stateDict() shares the parameters' storage, which the next steps overwrite: keep copies.
        const dict = statefulModel(ctx).stateDict();
        this.best = Object.fromEntries(Object.entries(dict).map(([k, v]) => [k, v.clone()]));
      }
      return;
    }
    this.wait++;
    if (this.wait >= Math.max(this.patience, 1)) {
      this.stoppedEpoch = record.epoch;
      ctx.stopTraining = `EarlyStopping: ${this.monitor} did not improve on ${Number(this.bestValue.toPrecision(6))} (epoch ${this.bestEpoch}) for ${this.wait} epoch${this.wait === 1 ? '' : 's'}`;
    }
  }

  /** Loads the best epoch's weights when the last epoch was not the best (with restoreBestWeights). */
  onTrainEnd(history: History, ctx: TrainContext): void {
    checkTrainArg('EarlyStopping.onTrainEnd', 'history', history, isHistory);
    checkTrainArg('EarlyStopping.onTrainEnd', 'ctx', ctx, isTrainContext);
    const last = history.epochs.at(-1)?.epoch ?? 0;
    if (this.restoreBestWeights && this.best !== null && this.bestEpoch !== last) statefulModel(ctx).loadStateDict(this.best);
  }
}

function statefulModel(ctx: TrainContext): StatefulModel {
  const m = ctx.model as unknown as Partial<StatefulModel>;
  if (typeof m.stateDict !== 'function' || typeof m.loadStateDict !== 'function') {
    throw new TrainError('EarlyStopping', 'restoreBestWeights needs a model with stateDict() and loadStateDict() (an nn.Module)');
  }
  return m as StatefulModel;
}
