import { textOf } from '@seedling-ml/tensor';
import { clipGradNorm as clipGradients } from '@seedling-ml/optim';
import { formatShape } from '@seedling-ml/tensor';
import type { Callback, TrainContext } from './callbacks/callback.ts';
import { LRSchedulerStep, type SchedulerLike, type SchedulerStepOptions } from './callbacks/lr-scheduler-step.ts';
import { TrainError, checkInt, checkNumber, checkTrainArg, isBatches, isMetricList, isModel, isOptionsObject } from './errors.ts';
import { batchSize, evaluate, splitBatch } from './evaluate.ts';
import type { EpochRecord, History } from './history.ts';
import type { Metric } from './metrics/metric.ts';
import { type Batches, type Logs, type LossFn, type StepOptimizer, type TrainableModel, valKey } from './types.ts';

/** Options of fit. */
export interface FitOptions {
  /** Training batches `[input, target]`, iterated once per epoch (a DataLoader reshuffles each time). */
  train: Batches;
  /** Validation batches, evaluated after every epoch (eval mode, no grad) into `valLoss` and `val<Metric>`. */
  val?: Batches;
  /** The loss minimized, e.g. `crossEntropyLoss` or `mseLoss`. */
  loss: LossFn;
  /** Updates the parameters; its first group's `lr` is recorded per epoch. */
  optimizer: StepOptimizer;
  /** Number of passes over `train` (an integer ≥ 1). */
  epochs: number;
  /** Streaming metrics, measured on the training batches (before each update) and on `val`. */
  metrics?: readonly Metric[];
  /** Callbacks, run in this order within each hook (see Callback for the order of the hooks). */
  callbacks?: readonly Callback[];
  /**
   * A learning-rate scheduler stepped once per epoch after validation — or `{ scheduler, interval: 'batch' }`
   * to step after every batch, `{ scheduler, monitor: 'valLoss' }` for ReduceLROnPlateau. Runs before `callbacks`.
   */
  scheduler?: SchedulerLike | ({ scheduler: SchedulerLike } & SchedulerStepOptions);
  /** Clip the gradients' global L2 norm to this value before each step (clipGradNorm). */
  clipGradNorm?: number;
  /**
   * What a NaN or infinite batch loss does — it is caught before backward, so the weights stay those after the
   * previous batch: `'throw'` (default) rejects with a TrainError naming epoch and batch; `'stop'` ends training
   * and returns the history with the same message as `stopReason`.
   */
  onNonFinite?: 'throw' | 'stop';
}

function isSchedulerLike(x: unknown): x is SchedulerLike {
  return typeof x === 'object' && x !== null && typeof (x as SchedulerLike).step === 'function';
}

/**
 * Trains `model`: for each epoch, every batch of `train` runs forward, loss, backward, optional gradient
 * clipping and `optimizer.step()` in training mode; then `val` is evaluated; callbacks run at the documented
 * points (see Callback). Resolves to the history: per epoch the mean training loss, the metrics, the
 * validation loss and metrics, the learning rate and the seconds taken.
 *
 * @example
 * const history = await fit(model, {
 *   train: new DataLoader(trainSet, { batchSize: 32, shuffle: true, seed: 0 }),
 *   val: new DataLoader(valSet, { batchSize: 256 }),
 *   loss: crossEntropyLoss, optimizer: new Adam(model.parameters(), { lr: 0.01 }), epochs: 20,
 *   metrics: [accuracy()], callbacks: [new EarlyStopping({ monitor: 'valLoss', patience: 3 })],
 * });
 * history.epochs.at(-1)?.logs; // { loss: 0.05, accuracy: 0.99, valLoss: 0.08, valAccuracy: 0.97 }
 */
export async function fit(model: TrainableModel, options: FitOptions): Promise<History> {
  const op = 'fit';
  checkTrainArg(op, 'model', model, isModel);
  checkTrainArg(op, 'options', options, isOptionsObject);
  checkTrainArg(op, 'options.train', options.train, isBatches);
  if (options.val !== undefined) checkTrainArg(op, 'options.val', options.val, isBatches);
  const epochs = checkInt(op, 'epochs', options.epochs, 1);
  if (typeof options.loss !== 'function') throw new TrainError(op, 'loss must be a function (output, target) => scalar Tensor');
  if (typeof options.optimizer?.step !== 'function') throw new TrainError(op, 'optimizer must have step() and zeroGrad()');
  const clip = options.clipGradNorm === undefined ? undefined : checkNumber(op, 'clipGradNorm', options.clipGradNorm, 0);
  const onNonFinite = options.onNonFinite ?? 'throw';
  if (onNonFinite !== 'throw' && onNonFinite !== 'stop')
    throw new TrainError(op, `invalid onNonFinite: ${textOf(onNonFinite)} (valid: 'throw', 'stop')`);
  const metrics = checkTrainArg<readonly Metric[]>(op, 'options.metrics', options.metrics ?? [], isMetricList);
  const callbacks: Callback[] = [];
  if (options.scheduler !== undefined) {
    const s = options.scheduler;
    callbacks.push(isSchedulerLike(s) ? new LRSchedulerStep(s) : new LRSchedulerStep(s.scheduler, s));
  }
  callbacks.push(...(options.callbacks ?? []));
  const length = (options.train as { length?: unknown }).length;
  const history: History = { epochs: [], stopReason: null };
  const ctx: TrainContext = {
    model,
    optimizer: options.optimizer,
    epochs,
    batches: typeof length === 'number' ? length : undefined,
    metrics,
    history,
    stopTraining: undefined,
  };

  for (const c of callbacks) await c.onTrainBegin?.(ctx);
  const wasTraining = model.training;
  let nonFinite = false;
  try {
    for (let epoch = 1; epoch <= epochs && ctx.stopTraining === undefined; epoch++) {
      const start = performance.now();
      const lr = options.optimizer.paramGroups?.[0]?.lr ?? null;
      for (const c of callbacks) await c.onEpochBegin?.(epoch, ctx);
      for (const m of metrics) m.reset();
      model.train(true);
      let lossSum = 0;
      let examples = 0;
      let batch = 0;
      for (const b of options.train) {
        batch++;
        for (const c of callbacks) await c.onBatchBegin?.(batch, ctx);
        const [x, y] = splitBatch(op, b, `epoch ${epoch}, batch ${batch}`);
        model.train(true);
        const output = model.forward(x);
        const loss = options.loss(output, y);
        if (loss.size !== 1)
          throw new TrainError(
            op,
            `the loss must be a scalar, got shape ${formatShape(loss.shape)} at epoch ${epoch}, batch ${batch} (use a 'mean' or 'sum' reduction)`,
          );
        const value = loss.item();
        if (!Number.isFinite(value)) {
          const message = `${op}: the loss is ${value} at epoch ${epoch}, batch ${batch}; training stopped before its update, so the weights are those after the previous batch`;
          if (onNonFinite === 'throw') throw new TrainError(op, message.slice(op.length + 2));
          ctx.stopTraining = message;
          nonFinite = true;
          break;
        }
        options.optimizer.zeroGrad();
        loss.backward();
        if (clip !== undefined) clipGradients(model.parameters(), clip);
        options.optimizer.step();
        const n = batchSize(y);
        lossSum += value * n;
        examples += n;
        for (const m of metrics) m.update(output, y);
        for (const c of callbacks) await c.onBatchEnd?.({ batch, loss: value, size: n, meanLoss: lossSum / examples, examples }, ctx);
      }
      if (batch === 0) throw new TrainError(op, `the training batches are empty at epoch ${epoch}`);
      if (nonFinite) break;
      const logs: Logs = { loss: lossSum / examples };
      for (const m of metrics) logs[m.name] = m.compute();
      if (options.val !== undefined) {
        const val = evaluate(model, options.val, { loss: options.loss, metrics });
        for (const [k, v] of Object.entries(val)) logs[valKey(k)] = v;
      }
      const record: EpochRecord = { epoch, logs, lr, seconds: (performance.now() - start) / 1000 };
      history.epochs.push(record);
      for (const c of callbacks) await c.onEpochEnd?.(record, ctx);
    }
  } finally {
    model.train(wasTraining);
  }
  history.stopReason = ctx.stopTraining ?? null;
  for (const c of callbacks) await c.onTrainEnd?.(history, ctx);
  return history;
}
