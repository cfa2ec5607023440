import cliProgress from 'cli-progress';

/** Live numbers shown on the bar. */
export interface ProgressStats {
  /** Mean training loss so far in the epoch. */
  loss: number;
  /** Training accuracy so far in the epoch, in [0, 1]. */
  accuracy: number;
  /** Throughput so far in the epoch. */
  examplesPerSecond: number;
}

/** A per-epoch progress display: `update` after each batch, `stop` at the end of the epoch. */
export interface EpochProgress {
  /** Moves the bar to `batchesDone` and refreshes the numbers. */
  update(batchesDone: number, stats: ProgressStats): void;
  /** Ends the epoch's bar (and clears it). */
  stop(): void;
}

/** Options of `epochProgress`. */
export interface EpochProgressOptions {
  /** Epoch number (1-based) and the number of epochs, shown as `epoch 2/5`. */
  epoch: number;
  /** Total number of epochs. */
  epochs: number;
  /** Batches in the epoch (the bar's total). */
  batches: number;
  /**
   * Draw the bar. Default: only when stderr is a terminal, so CI logs and tests get no control codes
   * (the caller prints one line per epoch instead).
   */
  enabled?: boolean;
  /** Where the bar is drawn; default process.stderr. */
  stream?: NodeJS.WritableStream;
}

const NO_PROGRESS: EpochProgress = { update: () => {}, stop: () => {} };

/** True when a progress bar would reach a person: stderr is a terminal. */
export function progressWanted(): boolean {
  return process.stderr.isTTY === true;
}

/**
 * A cli-progress bar for one epoch on stderr:
 * `epoch 2/5 ████████░░░░ 67% | loss 0.1234 | acc 96.10% | 2510 ex/s | eta 3s`. It clears itself on
 * `stop`, leaving room for the caller's one-line summary of the epoch. Does nothing when disabled.
 *
 * @example
 * const bar = epochProgress({ epoch: 1, epochs: 5, batches: loader.length });
 * trainEpoch(model, opt, loader, (p) => bar.update(p.batch, { loss: p.loss, accuracy: p.accuracy, examplesPerSecond: p.examples / p.seconds }));
 * bar.stop();
 */
export function epochProgress(options: EpochProgressOptions): EpochProgress {
  if (!(options.enabled ?? progressWanted())) return NO_PROGRESS;
  const bar = new cliProgress.SingleBar(
    {
      format: `epoch ${options.epoch}/${options.epochs} {bar} {percentage}% | loss {loss} | acc {acc} | {rate} ex/s | eta {eta_formatted}`,
      clearOnComplete: true,
      hideCursor: true,
      ...(options.stream === undefined ? {} : { stream: options.stream, noTTYOutput: true }),
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(options.batches, 0, { loss: '-', acc: '-', rate: '-' });
  return {
    update(batchesDone, stats) {
      bar.update(batchesDone, {
        loss: stats.loss.toFixed(4),
        acc: `${(100 * stats.accuracy).toFixed(2)}%`,
        rate: Number.isFinite(stats.examplesPerSecond) ? stats.examplesPerSecond.toFixed(0) : '-',
      });
    },
    stop() {
      bar.stop();
    },
  };
}
