/**
 * @seedling-ml/optim — optimizers (SGD, Adam, AdamW, RMSprop, Adagrad) with PyTorch's exact update rules and
 * defaults, learning-rate schedules and gradient clipping. Browser-safe; depends on autograd and tensor only.
 * @packageDocumentation
 */
export { OptimError } from './errors.ts';
export type { Range } from './check.ts';
export type { NamedParameter, ParamsLike, ParamGroupInput, ParamsInput } from './params.ts';
export {
  Optimizer,
  type Hyperparameters,
  type ParamGroup,
  type ParamState,
  type NonFiniteGradPolicy,
  type OptimizerOptions,
  type StepReport,
  type SavedParamGroup,
  type OptimizerStateDict,
  type JsonValue,
  type StateSpec,
  type OptimizerSpec,
} from './optimizer.ts';
export { SGD, type SGDHyperparameters, type SGDState, type SGDOptions } from './sgd.ts';
export { Adam, type AdamHyperparameters, type AdamState, type AdamOptions } from './adam.ts';
export { AdamW, type AdamWOptions } from './adamw.ts';
export { RMSprop, type RMSpropHyperparameters, type RMSpropState, type RMSpropOptions } from './rmsprop.ts';
export { Adagrad, type AdagradHyperparameters, type AdagradState, type AdagradOptions } from './adagrad.ts';
export { LRScheduler, type SchedulableGroup, type SchedulableOptimizer, type SchedulerStateDict } from './lr-scheduler.ts';
export { StepLR, type StepLROptions } from './step-lr.ts';
export { MultiStepLR, type MultiStepLROptions } from './multi-step-lr.ts';
export { ExponentialLR, type ExponentialLROptions } from './exponential-lr.ts';
export { CosineAnnealingLR, type CosineAnnealingLROptions } from './cosine-annealing-lr.ts';
export { LinearLR, type LinearLROptions } from './linear-lr.ts';
export { LinearWarmup, type LinearWarmupOptions } from './linear-warmup.ts';
export { LambdaLR, type LambdaLROptions, type LrLambda } from './lambda-lr.ts';
export { OneCycleLR, type OneCycleLROptions } from './one-cycle-lr.ts';
export { SequentialLR, type SequentialLROptions } from './sequential-lr.ts';
export { ChainedScheduler } from './chained-scheduler.ts';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions, type PlateauStateDict } from './reduce-lr-on-plateau.ts';
export { clipGradNorm, clipGradValue, type ClipGradNormOptions } from './clip-grad.ts';
