import type { Tensor } from '@seedling-ml/autograd';
import { formatShape } from '@seedling-ml/tensor';
import { NNError } from '../errors.ts';
import { ones, zeros } from '../init/index.ts';
import { Module } from '../module.ts';
import { type LayerInitOptions, ParameterFactory } from '../param-factory.ts';
import type { Parameter } from '../parameter.ts';
import { checkPositive, checkPositiveInteger, inputTensor } from './validate.ts';

/** Options of `GroupNorm` (PyTorch's names and defaults). */
export interface GroupNormOptions extends LayerInitOptions {
  /** Added to the variance before the square root. Default 1e-5. */
  eps?: number;
  /** Learn a per-channel scale γ (init `ones()`) and shift β (init `zeros()`). Default true. */
  affine?: boolean;
}

/**
 * Group normalization (Wu & He 2018), PyTorch's `nn.GroupNorm`: the C channels of `[N, C, *]` are
 * split into `numGroups` groups; each sample's group is normalized by its own mean and biased
 * variance, y = (x − μ) / √(σ² + eps) · γ_c + β_c. Independent of the batch size; same in train and eval.
 *
 * @example
 * new GroupNorm(4, 32).forward(Tensor.zeros([2, 32, 8, 8])).shape; // [2, 32, 8, 8]
 */
export class GroupNorm extends Module {
  /** Minification-safe class name. */
  static readonly typeName = 'GroupNorm';
  readonly numGroups: number;
  readonly numChannels: number;
  readonly eps: number;
  /** γ `[C]`, or null without `affine`. */
  weight: Parameter | null;
  /** β `[C]`, or null without `affine`. */
  bias: Parameter | null;

  constructor(numGroups: number, numChannels: number, options: GroupNormOptions = {}) {
    super();
    this.numGroups = checkPositiveInteger('GroupNorm', 'numGroups', numGroups);
    this.numChannels = checkPositiveInteger('GroupNorm', 'numChannels', numChannels);
    if (numChannels % numGroups !== 0)
      throw new NNError('GroupNorm', `numChannels ${numChannels} must be divisible by numGroups ${numGroups}`);
    this.eps = checkPositive('GroupNorm', 'eps', options.eps ?? 1e-5);
    const affine = options.affine ?? true;
    const params = new ParameterFactory('GroupNorm', options);
    this.weight = affine ? params.create([numChannels], options.weightInit ?? ones()) : null;
    this.bias = affine ? params.create([numChannels], options.biasInit ?? zeros()) : null;
  }

  override forward(x: Tensor): Tensor {
    x = inputTensor('GroupNorm', 'input', x);
    if (x.rank < 2 || x.shape[1] !== this.numChannels) {
      throw new NNError('GroupNorm', `expected input [N, ${this.numChannels}, *]: input ${formatShape(x.shape)}`);
    }
    const n = x.shape[0]!;
    const g = x.reshape([n, this.numGroups, -1]);
    const mean = g.mean({ axis: 2, keepdims: true });
    const centered = g.sub(mean);
    const variance = centered.square().mean({ axis: 2, keepdims: true });
    let y = centered.div(variance.add(this.eps).sqrt()).reshape(x.shape);
    // Per-channel vectors broadcast as [C, 1, …, 1] against [N, C, *].
    const channelShape = [this.numChannels, ...x.shape.slice(2).map(() => 1)];
    if (this.weight !== null) y = y.mul(this.weight.reshape(channelShape));
    if (this.bias !== null) y = y.add(this.bias.reshape(channelShape));
    return y;
  }

  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${this.eps}, affine=${this.weight !== null}`;
  }
}
