/**
 * The hooks of the library's fit callbacks, called directly (as a custom training loop, or a JavaScript
 * caller, would): on what fit passes they work; on anything else they throw a TrainError naming the hook,
 * never a TypeError from inside (issue 11). fuzz-methods (packages/seedling/test) fuzzes the same hooks.
 */
import { Linear } from '@seedling-ml/nn';
import { SGD, StepLR } from '@seedling-ml/optim';
import { describe, expect, test } from 'vitest';
import {
  EarlyStopping,
  type EpochRecord,
  EpochLogger,
  LRSchedulerStep,
  type Progress,
  ProgressCallback,
  type TrainContext,
  TrainError,
  accuracy,
} from '../src/index.ts';
import { ProgressBar } from '../src/node.ts';

const record = (epoch: number, loss: number): EpochRecord => ({ epoch, logs: { loss }, lr: 0.1, seconds: 0.5 });

function context(): TrainContext {
  const model = new Linear(2, 1, { seed: 0 });
  return {
    model,
    optimizer: new SGD(model.parameters(), { lr: 0.1 }),
    epochs: 3,
    batches: 2,
    metrics: [accuracy()],
    history: { epochs: [], stopReason: null },
    stopTraining: undefined,
  };
}

const batchLogs = { batch: 1, loss: 0.5, size: 4, meanLoss: 0.5, examples: 4 };

describe('callback hooks on what fit passes', () => {
  test('EarlyStopping stops after patience epochs without improvement and restores the best weights', () => {
    const ctx = context();
    const stop = new EarlyStopping({ monitor: 'loss', patience: 1 });
    stop.onTrainBegin(ctx);
    const best = (ctx.model as Linear).stateDict().weight!.toArray();
    stop.onEpochEnd(record(1, 1), ctx);
    (ctx.model as Linear).stateDict().weight!.data.fill(7);
    stop.onEpochEnd(record(2, 2), ctx);
    expect(ctx.stopTraining).toBe('EarlyStopping: loss did not improve on 1 (epoch 1) for 1 epoch');
    stop.onTrainEnd({ epochs: [record(1, 1), record(2, 2)], stopReason: ctx.stopTraining ?? null }, ctx);
    expect((ctx.model as Linear).stateDict().weight!.toArray()).toEqual(best);
  });

  test('EpochLogger, ProgressCallback, LRSchedulerStep and ProgressBar', () => {
    const ctx = context();
    const lines: string[] = [];
    new EpochLogger({ log: (l) => lines.push(l), showTime: false }).onEpochEnd(record(1, 0.25), ctx);
    expect(lines).toEqual(['epoch 1/3  loss 0.2500']);

    const seen: Progress[] = [];
    const progress = new ProgressCallback((p) => void seen.push(p));
    progress.onEpochBegin(2);
    progress.onBatchEnd(batchLogs, ctx);
    // Epoch 2 of 3, batch 1 of 2: (2 − 1 + 1/2) / 3 of the run.
    expect(seen.map((p) => [p.kind, p.epoch, p.batch, p.fraction])).toEqual([['batch', 2, 1, 0.5]]);

    const schedule = new StepLR(ctx.optimizer as SGD, { stepSize: 1, gamma: 0.5 });
    new LRSchedulerStep(schedule).onEpochEnd(record(1, 1));
    expect((ctx.optimizer as SGD).getLr()).toBe(0.05);

    const bar = new ProgressBar({ enabled: false, log: (l) => lines.push(l) });
    bar.onEpochBegin(1, ctx);
    bar.onBatchEnd(batchLogs, ctx);
    bar.onEpochEnd(record(1, 0.25), ctx);
    expect(lines).toHaveLength(2);
  });
});

describe('callback hooks refuse what fit never passes, naming the hook', () => {
  const ctx = context();
  const cases: [string, () => unknown][] = [
    ['EarlyStopping.onTrainBegin', () => new EarlyStopping().onTrainBegin(undefined as never)],
    ['EarlyStopping.onEpochEnd', () => new EarlyStopping().onEpochEnd({ epoch: 1 } as never, ctx)],
    ['EarlyStopping.onEpochEnd', () => new EarlyStopping().onEpochEnd(record(1, 1), {} as never)],
    ['EarlyStopping.onTrainEnd', () => new EarlyStopping().onTrainEnd({} as never, ctx)],
    ['EpochLogger.onEpochEnd', () => new EpochLogger({ log: () => {} }).onEpochEnd(record(1, 1), { ...ctx, epochs: 0 })],
    ['ProgressCallback.onEpochBegin', () => new ProgressCallback(() => {}).onEpochBegin(Symbol('e') as never)],
    ['ProgressCallback.onBatchEnd', () => new ProgressCallback(() => {}).onBatchEnd({ ...batchLogs, batch: 1n } as never, ctx)],
    ['ProgressCallback.onEpochEnd', () => new ProgressCallback(() => {}).onEpochEnd(record(1, 1), { ...ctx, metrics: [1] } as never)],
    ['LRSchedulerStep.onEpochEnd', () => new LRSchedulerStep(new StepLR(ctx.optimizer as SGD, { stepSize: 1 })).onEpochEnd(null as never)],
    ['ProgressBar.onEpochBegin', () => new ProgressBar({ enabled: false, log: null }).onEpochBegin(1, undefined as never)],
    ['ProgressBar.onBatchEnd', () => new ProgressBar({ enabled: false, log: null }).onBatchEnd(undefined as never, ctx)],
    ['ProgressBar.onEpochEnd', () => new ProgressBar({ enabled: false, log: null }).onEpochEnd(record(1, 1), null as never)],
  ];
  test.each(cases)('%s', (hook, call) => {
    expect(call).toThrow(TrainError);
    expect(call).toThrow(new RegExp(`^${hook.replace('.', '\\.')}: (ctx|record|history|logs|epoch) must be `));
  });

  test('the message says what fit passes', () => {
    expect(() => new EarlyStopping().onTrainBegin(undefined as never)).toThrow(
      'EarlyStopping.onTrainBegin: ctx must be a training context { model, optimizer, epochs, batches, metrics, history, stopTraining } as fit passes, got undefined',
    );
  });
});
