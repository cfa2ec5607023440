import { is, rule } from '@seedling-ml/tensor';
import { checkNumber, checkTrainArg, isBatchLogs, isMetricList, isOptionsObject, isRecord, isTrainContext } from '../errors.ts';
import type { EpochRecord } from '../history.ts';
import type { Logs } from '../types.ts';
import type { BatchLogs, Callback, TrainContext } from './callback.ts';

/** What a ProgressCallback reports after every batch and every epoch. */
export interface Progress {
  /** `'batch'` after each batch, `'epoch'` after each epoch (with its logs). */
  kind: 'batch' | 'epoch';
  /** 1-based epoch. */
  epoch: number;
  /** Number of epochs asked for. */
  epochs: number;
  /** Batches done in this epoch. */
  batch: number;
  /** Batches per epoch, when known. */
  batches: number | undefined;
  /** Mean training loss of the epoch so far. */
  loss: number;
  /** Examples seen in this epoch. */
  examples: number;
  /** Seconds since the epoch began. */
  seconds: number;
  /** Fraction of the whole run done, in [0, 1] (NaN when the batch count is unknown, until each epoch ends). */
  fraction: number;
  /** Running training values of fit's numeric metrics, by name (batch reports; `{}` without metrics). */
  metrics: Record<string, number>;
  /** The epoch's logs (epoch reports only). */
  logs?: Logs;
}

/** The numeric metrics' current values, by name (tables such as confusion matrices are left out). */
export function runningMetrics(ctx: TrainContext): Record<string, number> {
  checkTrainArg(
    'runningMetrics',
    'ctx',
    ctx,
    rule(
      'a training context with metrics',
      (v) => typeof v === 'object' && v !== null && isMetricList.test((v as { metrics?: unknown }).metrics),
    ),
  );
  const out: Record<string, number> = {};
  for (const m of ctx.metrics) {
    const v = m.compute();
    if (typeof v === 'number') out[m.name] = v;
  }
  return out;
}

/**
 * Calls `onProgress` after every batch and every epoch with plain numbers — for browsers (update a
 * `<progress>` element; return a Promise that resolves on the next animation frame to let the page repaint) and
 * for any custom display. The Node terminal bar is `ProgressBar` from `@seedling-ml/train/node`.
 *
 * @example
 * const bar = document.querySelector('progress')!;
 * new ProgressCallback((p) => { bar.value = p.fraction; return new Promise(requestAnimationFrame); });
 */
export class ProgressCallback implements Callback {
  private readonly onProgress: (p: Progress) => void | Promise<void>;
  private epoch = 0;
  private start = 0;

  constructor(onProgress: (p: Progress) => void | Promise<void>) {
    this.onProgress = checkTrainArg('ProgressCallback', 'onProgress', onProgress, is.function);
  }

  /** Starts the epoch's clock. */
  onEpochBegin(epoch: number): void {
    checkTrainArg('ProgressCallback.onEpochBegin', 'epoch', epoch, is.positiveInteger);
    this.epoch = epoch;
    this.start = performance.now();
  }

  /** Reports a batch (kind 'batch'). */
  onBatchEnd(logs: BatchLogs, ctx: TrainContext): void | Promise<void> {
    checkTrainArg('ProgressCallback.onBatchEnd', 'logs', logs, isBatchLogs);
    checkTrainArg('ProgressCallback.onBatchEnd', 'ctx', ctx, isTrainContext);
    const n = ctx.batches;
    return this.onProgress({
      kind: 'batch',
      epoch: this.epoch,
      epochs: ctx.epochs,
      batch: logs.batch,
      batches: n,
      loss: logs.meanLoss,
      examples: logs.examples,
      seconds: (performance.now() - this.start) / 1000,
      fraction: n === undefined ? Number.NaN : (this.epoch - 1 + Math.min(logs.batch / n, 1)) / ctx.epochs,
      metrics: runningMetrics(ctx),
    });
  }

  /** Reports an epoch with its logs (kind 'epoch'). */
  onEpochEnd(record: EpochRecord, ctx: TrainContext): void | Promise<void> {
    checkTrainArg('ProgressCallback.onEpochEnd', 'record', record, isRecord);
    checkTrainArg('ProgressCallback.onEpochEnd', 'ctx', ctx, isTrainContext);
    const loss = record.logs.loss;
    return this.onProgress({
      kind: 'epoch',
      epoch: record.epoch,
      epochs: ctx.epochs,
      batch: ctx.batches ?? Number.NaN,
      batches: ctx.batches,
      loss: typeof loss === 'number' ? loss : Number.NaN,
      examples: Number.NaN,
      seconds: record.seconds,
      fraction: record.epoch / ctx.epochs,
      metrics: Object.fromEntries(ctx.metrics.map((m) => [m.name, record.logs[m.name]]).filter(([, v]) => typeof v === 'number')),
      logs: record.logs,
    });
  }
}

/**
 * Formats one epoch's record as a line: `epoch  3/20  loss 0.4120  accuracy 0.8810  valLoss 0.4410  (0.21 s)`
 * (numbers with 4 decimals; tables such as confusion matrices are left out; the time unless `showTime` is false).
 */
export function formatEpoch(record: EpochRecord, epochs: number, showTime = true): string {
  checkTrainArg('formatEpoch', 'record', record, isRecord);
  checkTrainArg('formatEpoch', 'epochs', epochs, is.positiveInteger);
  checkTrainArg('formatEpoch', 'showTime', showTime, is.boolean);
  const width = String(epochs).length;
  const parts = [`epoch ${String(record.epoch).padStart(width)}/${epochs}`];
  for (const [k, v] of Object.entries(record.logs)) if (typeof v === 'number') parts.push(`${k} ${v.toFixed(4)}`);
  return showTime ? `${parts.join('  ')}  (${record.seconds.toFixed(2)} s)` : parts.join('  ');
}

/** Options of EpochLogger. */
export interface EpochLoggerOptions {
  /** Where lines go (default console.log). */
  log?: (line: string) => void;
  /** Print every n-th epoch, plus the first and the last (default 1). */
  every?: number;
  /** Append the epoch's seconds (default true; false gives reproducible output). */
  showTime?: boolean;
}

/**
 * Prints one line per epoch (formatEpoch): the logged numbers and the time. Works anywhere.
 *
 * @example
 * await fit(model, { ..., callbacks: [new EpochLogger({ every: 10 })] });
 * // epoch  1/50  loss 1.0712  accuracy 0.4133  (0.02 s)
 */
export class EpochLogger implements Callback {
  private readonly log: (line: string) => void;
  private readonly every: number;
  private readonly showTime: boolean;

  constructor(options: EpochLoggerOptions = {}) {
    const op = 'EpochLogger';
    checkTrainArg(op, 'options', options, isOptionsObject);
    // Look console.log up at each call, so a console replaced later (a test, a browser panel) is honoured.
    this.log = options.log === undefined ? (line) => console.log(line) : checkTrainArg(op, 'log', options.log, is.function);
    // A fractional every (epochs / 4) is floored, as before; NaN, Infinity and < 1 are refused.
    this.every = Math.floor(checkNumber(op, 'every', options.every ?? 1, 1));
    this.showTime = checkTrainArg(op, 'showTime', options.showTime ?? true, is.boolean);
  }

  /** Prints the epoch's line when it is the first, the last, a multiple of `every`, or the run is stopping. */
  onEpochEnd(record: EpochRecord, ctx: TrainContext): void {
    checkTrainArg('EpochLogger.onEpochEnd', 'record', record, isRecord);
    checkTrainArg('EpochLogger.onEpochEnd', 'ctx', ctx, isTrainContext);
    const e = record.epoch;
    if (e === 1 || e === ctx.epochs || e % this.every === 0 || ctx.stopTraining !== undefined)
      this.log(formatEpoch(record, ctx.epochs, this.showTime));
  }
}
