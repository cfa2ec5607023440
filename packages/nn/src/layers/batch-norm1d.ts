import type { Tensor } from '@seedling-ml/autograd';
import { NDArray, formatShape, full, zeros as zerosArray } from '@seedling-ml/tensor';
import { NNError } from '../errors.ts';
import { ones, zeros } from '../init/index.ts';
import { Module } from '../module.ts';
import { type LayerInitOptions, ParameterFactory } from '../param-factory.ts';
import type { Parameter } from '../parameter.ts';
import { checkPositive, checkPositiveInteger, checkRange } from './validate.ts';
import { checkOptions, is } from '@seedling-ml/tensor';
import { layerInitRules } from '../param-factory.ts';
import { inputTensor } from './validate.ts';
import { batchNormTraining } from './batch-norm-fused.ts';

/** Options of `BatchNorm1d` (PyTorch's names and defaults). */
export interface BatchNorm1dOptions extends LayerInitOptions {
  /** Added to the variance before the square root. Default 1e-5. */
  eps?: number;
  /**
   * Weight of the new batch statistic in the running average: running ← (1 − momentum)·running +
   * momentum·batch. Default 0.1. `null` uses a cumulative average (momentum = 1/numBatchesTracked).
   */
  momentum?: number | null;
  /** Learn a per-channel scale γ (init `ones()`) and shift β (init `zeros()`). Default true. */
  affine?: boolean;
  /** Keep running mean/var for eval mode. Default true; false normalizes with batch stats always. */
  trackRunningStats?: boolean;
}

/**
 * Batch normalization (Ioffe & Szegedy 2015) over the batch axis of `[N, C]` or `[N, C, L]` inputs,
 * per channel C, with PyTorch's semantics:
 * - training: y = (x − μ_B) / √(σ²_B + eps) · γ + β with the batch mean μ_B and the *biased* batch
 *   variance σ²_B (divide by n = N or N·L); then runningMean ← (1 − m)·runningMean + m·μ_B and
 *   runningVar ← (1 − m)·runningVar + m·σ²_B·n/(n − 1) (the *unbiased* variance), m = momentum = 0.1.
 * - eval: y = (x − runningMean) / √(runningVar + eps) · γ + β.
 * Buffers `runningMean` (zeros), `runningVar` (ones) and `numBatchesTracked` are in `stateDict()` under
 * PyTorch's keys `running_mean`, `running_var` and `num_batches_tracked` (the last an integer buffer,
 * saved as I64 in safetensors files).
 *
 * @example
 * const bn = new BatchNorm1d(3);
 * bn.forward(x);            // normalized with batch statistics; running stats updated
 * bn.eval().forward(x);     // normalized with the running statistics
 */
export class BatchNorm1d extends Module {
  /** The class's name, kept through minification (printing, reports, messages, ONNX export). */
  static readonly typeName: string = 'BatchNorm1d';
  /** Number of channels C. */
  readonly numFeatures: number;
  /** Variance offset. */
  readonly eps: number;
  /** Running-average weight, or null for a cumulative average. */
  readonly momentum: number | null;
  /** Whether running statistics are kept and used in eval mode. */
  readonly trackRunningStats: boolean;
  /** γ `[C]`, or null without `affine`. */
  weight: Parameter | null;
  /** β `[C]`, or null without `affine`. */
  bias: Parameter | null;
  /** Running mean `[C]` (buffer; absent without `trackRunningStats`). */
  declare runningMean: NDArray;
  /** Running unbiased variance `[C]` (buffer). */
  declare runningVar: NDArray;
  /** Number of training batches seen, a float64 scalar holding an integer (buffer; int64 in files). */
  declare numBatchesTracked: NDArray;

  constructor(numFeatures: number, options: BatchNorm1dOptions = {}) {
    super();
    checkOptions(
      'BatchNorm1d',
      options,
      { ...layerInitRules, eps: is.any, momentum: is.any, affine: is.boolean, trackRunningStats: is.boolean },
      NNError,
    );
    this.numFeatures = checkPositiveInteger('BatchNorm1d', 'numFeatures', numFeatures);
    this.eps = checkPositive('BatchNorm1d', 'eps', options.eps ?? 1e-5);
    const momentum = options.momentum === undefined ? 0.1 : options.momentum;
    this.momentum = momentum === null ? null : checkRange('BatchNorm1d', 'momentum', momentum, 0, 1);
    this.trackRunningStats = options.trackRunningStats ?? true;
    const affine = options.affine ?? true;
    const params = new ParameterFactory('BatchNorm1d', options);
    this.weight = affine ? params.create([numFeatures], options.weightInit ?? ones()) : null;
    this.bias = affine ? params.create([numFeatures], options.biasInit ?? zeros()) : null;
    if (this.trackRunningStats) {
      // PyTorch's state-dict keys, so checkpoints load strictly both ways.
      this.registerBuffer('runningMean', zerosArray([numFeatures], { dtype: params.dtype }), { key: 'running_mean' });
      this.registerBuffer('runningVar', full([numFeatures], 1, { dtype: params.dtype }), { key: 'running_var' });
      // int64 in PyTorch; a float64 scalar here counts exactly to 2^53 and is written to files as I64.
      this.registerBuffer('numBatchesTracked', zerosArray([], { dtype: 'float64' }), { key: 'num_batches_tracked', integer: true });
    }
  }

  override forward(x: Tensor): Tensor {
    x = inputTensor('BatchNorm1d', 'input', x);
    if ((x.rank !== 2 && x.rank !== 3) || x.shape[1] !== this.numFeatures) {
      throw new NNError(
        'BatchNorm1d',
        `expected input [N, ${this.numFeatures}] or [N, ${this.numFeatures}, L]: input ${formatShape(x.shape)}`,
      );
    }
    const axis = x.rank === 2 ? [0] : [0, 2];
    // Per-channel vectors broadcast against [N, C] as [C] and against [N, C, L] as [C, 1].
    const channelShape = x.rank === 2 ? [this.numFeatures] : [this.numFeatures, 1];
    const useBatchStats = this.training || !this.trackRunningStats;
    let y: Tensor;
    if (useBatchStats) {
      const n = x.size / this.numFeatures;
      if (this.training && n <= 1) {
        throw new NNError('BatchNorm1d', `expected more than 1 value per channel when training: input ${formatShape(x.shape)}`);
      }
      if (this.weight !== null && this.bias !== null) {
        // One fused op (batch-norm-fused.ts): several times faster than the composite below.
        const fused = batchNormTraining(x, this.weight, this.bias, this.eps);
        if (this.training && this.trackRunningStats) this.#updateRunningStats(fused.mean, fused.variance, n);
        return fused.y;
      }
      const mean = x.mean({ axis, keepdims: true });
      const centered = x.sub(mean);
      const variance = centered.square().mean({ axis, keepdims: true });
      y = centered.div(variance.add(this.eps).sqrt());
      if (this.training && this.trackRunningStats) this.#updateRunningStats(mean.data.data, variance.data.data, n);
    } else {
      const mean = this.runningMean.data;
      const std = new Float64Array(this.numFeatures);
      for (let c = 0; c < this.numFeatures; c++) std[c] = Math.sqrt(this.runningVar.data[c]! + this.eps);
      const shift = new NDArray(Float64Array.from(mean), channelShape).astype(x.dtype);
      const scale = new NDArray(std, channelShape).astype(x.dtype);
      y = x.sub(shift).div(scale);
    }
    if (this.weight !== null) y = y.mul(this.weight.reshape(channelShape));
    if (this.bias !== null) y = y.add(this.bias.reshape(channelShape));
    return y;
  }

  #updateRunningStats(mean: ArrayLike<number>, variance: ArrayLike<number>, n: number): void {
    const tracked = this.numBatchesTracked.data;
    tracked[0] = tracked[0]! + 1;
    const m = this.momentum ?? 1 / tracked[0]!;
    const unbias = n / (n - 1);
    const rm = this.runningMean.data;
    const rv = this.runningVar.data;
    for (let c = 0; c < this.numFeatures; c++) {
      rm[c] = (1 - m) * rm[c]! + m * mean[c]!;
      rv[c] = (1 - m) * rv[c]! + m * variance[c]! * unbias;
    }
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.weight !== null}, trackRunningStats=${this.trackRunningStats}`;
  }
}
