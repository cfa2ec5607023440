import type { Tensor } from '@seedling-ml/autograd';
import { is } from '@seedling-ml/tensor';
import { checkTrainArg } from './errors.ts';
import type { MetricValue } from './metrics/metric.ts';

/** What fit, evaluate and predict need of a model (every `nn.Module` fits). */
export interface TrainableModel {
  /** Computes the output of a batch of inputs. */
  forward(input: Tensor): Tensor;
  /** Every trainable parameter (for gradient clipping). */
  parameters(): Tensor[];
  /** Training mode on or off (Dropout, BatchNorm). */
  train(mode?: boolean): unknown;
  /** True in training mode. */
  readonly training: boolean;
}

/** What fit needs of an optimizer (every `@seedling-ml/optim` optimizer fits). */
export interface StepOptimizer {
  /** Clears the gradients of its parameters. */
  zeroGrad(): void;
  /** Updates the parameters from their gradients. */
  step(): unknown;
  /** Param groups; the history records the first group's `lr`. */
  readonly paramGroups?: readonly { lr: number }[];
}

/** A loss: model output and target in, a scalar tensor out (`crossEntropyLoss`, `mseLoss`, … fit). */
export type LossFn = (output: Tensor, target: Tensor) => Tensor;

/** Batches as `[input, target]` tensors: a DataLoader, or any (re-iterable) iterable of such arrays. */
export type Batches = Iterable<readonly Tensor[]>;

/**
 * Named numbers of one batch, epoch or evaluation: `loss`, each metric by name, and with validation the same
 * keys prefixed `val` (`valLoss`, `valAccuracy`). Confusion matrices are tables.
 */
export type Logs = Record<string, MetricValue>;

/** `val` + the name with its first letter upper-cased: `accuracy` → `valAccuracy`. */
export function valKey(name: string): string {
  checkTrainArg('valKey', 'name', name, is.string);
  return `val${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}
