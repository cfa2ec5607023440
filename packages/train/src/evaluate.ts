import { type Tensor, noGrad } from '@seedling-ml/autograd';
import { describeValue, is } from '@seedling-ml/tensor';
import { TrainError, checkTrainArg, isBatches, isMetricList, isModel, isOptionsObject } from './errors.ts';
import type { Metric } from './metrics/metric.ts';
import type { Batches, Logs, LossFn, TrainableModel } from './types.ts';

/** Options of evaluate. */
export interface EvaluateOptions {
  /** Loss to average over the examples (as `loss` in the result); omit to compute only metrics. */
  loss?: LossFn;
  /** Streaming metrics; each is reset first, so instances can be shared with fit. */
  metrics?: readonly Metric[];
}

/** The `[input, target]` pair of a batch, or a TrainError naming `op`. */
export function splitBatch(op: string, batch: readonly Tensor[], where: string): [Tensor, Tensor] {
  if (!Array.isArray(batch)) throw new TrainError(op, `expected [input, target] batches, got ${describeValue(batch)} at ${where}`);
  const [x, y] = batch;
  if (batch.length < 2 || x === undefined || y === undefined) {
    throw new TrainError(op, `expected [input, target] batches, got an array of ${batch.length} at ${where}`);
  }
  return [x, y];
}

/** Number of examples in a batch: the target's first dimension (1 for a scalar target). */
export function batchSize(target: Tensor): number {
  return target.shape[0] ?? 1;
}

/**
 * Loss and metrics of `model` over every batch of `batches`, in evaluation mode and without recording a graph;
 * the model's previous mode is restored. The loss is the mean over examples (each batch's mean loss weighted
 * by its size), the metrics are streamed over all batches.
 *
 * @example
 * evaluate(model, testLoader, { loss: crossEntropyLoss, metrics: [accuracy()] });
 * // { loss: 0.083, accuracy: 0.975 }
 */
export function evaluate(model: TrainableModel, batches: Batches, options: EvaluateOptions = {}): Logs {
  const op = 'evaluate';
  checkTrainArg(op, 'model', model, isModel);
  checkTrainArg(op, 'batches', batches, isBatches);
  checkTrainArg(op, 'options', options, isOptionsObject);
  if (options.loss !== undefined) checkTrainArg(op, 'options.loss', options.loss, is.function);
  if (options.metrics !== undefined) checkTrainArg(op, 'options.metrics', options.metrics, isMetricList);
  const metrics = options.metrics ?? [];
  for (const m of metrics) m.reset();
  const wasTraining = model.training;
  model.train(false);
  let lossSum = 0;
  let examples = 0;
  let index = 0;
  try {
    noGrad(() => {
      for (const batch of batches) {
        index++;
        const [x, y] = splitBatch(op, batch, `batch ${index}`);
        const output = model.forward(x);
        const n = batchSize(y);
        if (options.loss !== undefined) lossSum += options.loss(output, y).item() * n;
        for (const m of metrics) m.update(output, y);
        examples += n;
      }
    });
  } finally {
    model.train(wasTraining);
  }
  if (index === 0) throw new TrainError(op, 'the batches are empty');
  const logs: Logs = {};
  if (options.loss !== undefined) logs.loss = lossSum / examples;
  for (const m of metrics) logs[m.name] = m.compute();
  return logs;
}
