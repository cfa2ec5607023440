/**
 * `@seedling-ml/train/node` — the terminal progress bar (Node only: it draws on stderr with cli-progress).
 * Browsers use ProgressCallback from `@seedling-ml/train`.
 * @packageDocumentation
 */
import { checkOptions, is, rule } from '@seedling-ml/tensor';
import cliProgress from 'cli-progress';
import { TrainError, checkTrainArg, isBatchLogs, isRecord, isTrainContext } from './errors.ts';
import type { BatchLogs, Callback, TrainContext } from './callbacks/callback.ts';
import { formatEpoch, runningMetrics } from './callbacks/progress.ts';
import type { EpochRecord } from './history.ts';

/** Options of ProgressBar. */
export interface ProgressBarOptions {
  /** Draw the bar (default: only when the stream is a terminal, so CI logs get no control codes). */
  enabled?: boolean;
  /** Where the bar is drawn (default process.stderr). */
  stream?: NodeJS.WritableStream;
  /** Where the one-line epoch summaries go (default console.log; null for none). */
  log?: ((line: string) => void) | null;
}

/**
 * A cli-progress bar per epoch — `epoch 2/5 ████░░░░ 50% | loss 0.4123 | accuracy 0.8812 | 12/24 batches | eta 3s`
 * (the running training loss and numeric metrics) — cleared at
 * the end of the epoch and replaced by its one-line summary (formatEpoch). Without a terminal only the
 * summaries are printed.
 *
 * @example
 * import { ProgressBar } from '@seedling-ml/train/node';
 * await fit(model, { ..., callbacks: [new ProgressBar()] });
 */
export class ProgressBar implements Callback {
  private readonly enabled: boolean;
  private readonly stream: NodeJS.WritableStream | undefined;
  private readonly log: ((line: string) => void) | null;
  private bar: cliProgress.SingleBar | null = null;

  constructor(options: ProgressBarOptions = {}) {
    checkOptions(
      'ProgressBar',
      options,
      {
        enabled: is.boolean,
        stream: rule('a writable stream', (v) => typeof (v as { write?: unknown } | null)?.write === 'function'),
        log: rule('a function or null', (v) => v === null || typeof v === 'function'),
      },
      TrainError,
    );
    this.stream = options.stream;
    this.enabled = options.enabled ?? ((options.stream ?? process.stderr) as { isTTY?: boolean }).isTTY === true;
    this.log = options.log === undefined ? (line) => console.log(line) : options.log;
  }

  /** Starts the epoch's bar. */
  onEpochBegin(epoch: number, ctx: TrainContext): void {
    checkTrainArg('ProgressBar.onEpochBegin', 'epoch', epoch, is.positiveInteger);
    checkTrainArg('ProgressBar.onEpochBegin', 'ctx', ctx, isTrainContext);
    if (!this.enabled) return;
    this.bar = new cliProgress.SingleBar(
      {
        format: `epoch ${epoch}/${ctx.epochs} {bar} {percentage}% | loss {loss}{metrics} | {value}/{total} batches | eta {eta_formatted}`,
        clearOnComplete: true,
        hideCursor: true,
        ...(this.stream === undefined ? {} : { stream: this.stream, noTTYOutput: true }),
      },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(ctx.batches ?? 0, 0, { loss: '-', metrics: '' });
  }

  /** Advances the bar and shows the running mean loss and metrics. */
  onBatchEnd(logs: BatchLogs, ctx: TrainContext): void {
    checkTrainArg('ProgressBar.onBatchEnd', 'logs', logs, isBatchLogs);
    checkTrainArg('ProgressBar.onBatchEnd', 'ctx', ctx, isTrainContext);
    if (this.bar === null) return;
    const metrics = Object.entries(runningMetrics(ctx))
      .map(([k, v]) => ` | ${k} ${v.toFixed(4)}`)
      .join('');
    this.bar.update(logs.batch, { loss: logs.meanLoss.toFixed(4), metrics });
  }

  /** Clears the bar and prints the epoch's line. */
  onEpochEnd(record: EpochRecord, ctx: TrainContext): void {
    checkTrainArg('ProgressBar.onEpochEnd', 'record', record, isRecord);
    checkTrainArg('ProgressBar.onEpochEnd', 'ctx', ctx, isTrainContext);
    this.bar?.stop();
    this.bar = null;
    this.log?.(formatEpoch(record, ctx.epochs));
  }

  /** Clears a bar left open (training stopped mid-epoch). */
  onTrainEnd(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
