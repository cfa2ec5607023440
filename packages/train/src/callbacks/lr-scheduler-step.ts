import { textOf } from '@seedling-ml/tensor';
import type { EpochRecord } from '../history.ts';
import { is } from '@seedling-ml/tensor';
import { TrainError, checkTrainArg, isOptionsObject, isRecord } from '../errors.ts';
import type { Callback } from './callback.ts';

/** What LRSchedulerStep needs of a scheduler (every `@seedling-ml/optim` scheduler fits, ReduceLROnPlateau too). */
export interface SchedulerLike {
  /** Advances the schedule; ReduceLROnPlateau takes the monitored value. */
  step(metric?: number): void;
}

/** Options of LRSchedulerStep. */
export interface SchedulerStepOptions {
  /** Step after every epoch (default, after validation) or after every batch (after `optimizer.step()`). */
  interval?: 'epoch' | 'batch';
  /** Pass this epoch log value to `step` (`'valLoss'` for ReduceLROnPlateau); epoch interval only. */
  monitor?: string;
}

/**
 * Steps a learning-rate scheduler during fit: `scheduler.step()` after every epoch (or every batch), or
 * `scheduler.step(logs[monitor])` for schedules that react to a metric. fit's `scheduler` option builds one.
 *
 * @example
 * const schedule = new OneCycleLR(optimizer, { maxLr: 0.1, totalSteps: epochs * loader.length });
 * await fit(model, { ..., callbacks: [new LRSchedulerStep(schedule, { interval: 'batch' })] });
 */
export class LRSchedulerStep implements Callback {
  /** The scheduler stepped. */
  readonly scheduler: SchedulerLike;
  /** When it steps. */
  readonly interval: 'epoch' | 'batch';
  /** The log key passed to `step`, if any. */
  readonly monitor: string | undefined;

  constructor(scheduler: SchedulerLike, options: SchedulerStepOptions = {}) {
    const op = 'LRSchedulerStep';
    if (typeof scheduler?.step !== 'function') throw new TrainError(op, 'expected a scheduler (an object with step())');
    this.scheduler = scheduler;
    checkTrainArg(op, 'options', options, isOptionsObject);
    this.interval = options.interval ?? 'epoch';
    if (this.interval !== 'epoch' && this.interval !== 'batch')
      throw new TrainError(op, `invalid interval: ${textOf(this.interval)} (valid: 'epoch', 'batch')`);
    this.monitor = options.monitor === undefined ? undefined : checkTrainArg(op, 'monitor', options.monitor, is.string);
    if (this.monitor !== undefined && this.interval === 'batch')
      throw new TrainError(op, `monitor '${this.monitor}' needs interval 'epoch' (batches have no validation logs)`);
  }

  /** Steps the scheduler when the interval is 'batch'. */
  onBatchEnd(): void {
    if (this.interval === 'batch') this.scheduler.step();
  }

  /** Steps the scheduler (with the monitored value, if any) when the interval is 'epoch'. */
  onEpochEnd(record: EpochRecord): void {
    checkTrainArg('LRSchedulerStep.onEpochEnd', 'record', record, isRecord);
    if (this.interval !== 'epoch') return;
    if (this.monitor === undefined) {
      this.scheduler.step();
      return;
    }
    const value = record.logs[this.monitor];
    if (typeof value !== 'number') {
      throw new TrainError(
        'LRSchedulerStep',
        `monitor '${this.monitor}' is not a number in the epoch logs (keys: ${Object.keys(record.logs).join(', ')})`,
      );
    }
    this.scheduler.step(value);
  }
}
