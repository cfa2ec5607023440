/**
 * @seedling-ml/train — training without boilerplate, above nn, optim and data: `fit` / `evaluate` / `predict`,
 * streaming metrics, callbacks (early stopping, LR scheduling, progress, logging) and `summary`.
 * Browser-safe; the terminal progress bar is in `@seedling-ml/train/node`, the checkpoint callback in
 * `seedling-ml/node`.
 * @packageDocumentation
 */
export { TrainError } from './errors.ts';
export type { Batches, Logs, LossFn, StepOptimizer, TrainableModel } from './types.ts';
export { valKey } from './types.ts';
export { fit, type FitOptions } from './fit.ts';
export { evaluate, type EvaluateOptions } from './evaluate.ts';
export { predict, type PredictOptions } from './predict.ts';
export { historySeries, type EpochRecord, type History } from './history.ts';

// Metrics.
export { type Metric, type MetricValue } from './metrics/metric.ts';
export { accuracy, topKAccuracy } from './metrics/accuracy.ts';
export { confusionMatrix } from './metrics/confusion-matrix.ts';
export { f1, precision, recall, type Average, type AverageOptions } from './metrics/precision-recall.ts';
export { meanAbsoluteError, meanSquaredError, r2Score } from './metrics/regression.ts';

// Callbacks.
export type { BatchLogs, Callback, TrainContext } from './callbacks/callback.ts';
export { EarlyStopping, type EarlyStoppingOptions } from './callbacks/early-stopping.ts';
export { LRSchedulerStep, type SchedulerLike, type SchedulerStepOptions } from './callbacks/lr-scheduler-step.ts';
export {
  EpochLogger,
  ProgressCallback,
  formatEpoch,
  runningMetrics,
  type EpochLoggerOptions,
  type Progress,
} from './callbacks/progress.ts';

// Model summary.
export { formatBytes, formatSummary, summary, typeNameOf, type ModelSummary, type SummaryOptions, type SummaryRow } from './summary.ts';
