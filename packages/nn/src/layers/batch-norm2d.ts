import type { Tensor } from '@seedling-ml/autograd';
import { formatShape } from '@seedling-ml/tensor';
import { NNError } from '../errors.ts';
import { inputTensor } from './validate.ts';
import { BatchNorm1d, type BatchNorm1dOptions } from './batch-norm1d.ts';

/** Options of `BatchNorm2d` (PyTorch's names and defaults: eps 1e-5, momentum 0.1, affine, trackRunningStats). */
export type BatchNorm2dOptions = BatchNorm1dOptions;

/**
 * Batch normalization over `[N, C, H, W]` inputs, per channel over batch and space (PyTorch's
 * `nn.BatchNorm2d`): the statistics, running averages (unbiased variance, momentum 0.1), parameters
 * and state-dict keys are `BatchNorm1d`'s, applied to the input viewed as `[N, C, H·W]`.
 *
 * @example
 * const bn = new BatchNorm2d(16);
 * bn.forward(x).shape;  // x's shape; each channel has mean 0, variance ≈ 1 over the batch
 */
export class BatchNorm2d extends BatchNorm1d {
  /** Minification-safe class name. */
  static override readonly typeName: string = 'BatchNorm2d';

  constructor(numFeatures: number, options: BatchNorm2dOptions = {}) {
    super(numFeatures, options);
  }

  override forward(x: Tensor): Tensor {
    x = inputTensor('BatchNorm2d', 'input', x);
    if (x.rank !== 4 || x.shape[1] !== this.numFeatures) {
      throw new NNError('BatchNorm2d', `expected input [N, ${this.numFeatures}, H, W]: input ${formatShape(x.shape)}`);
    }
    const [n, c, h, w] = x.shape as [number, number, number, number];
    if (this.training && n * h * w <= 1) {
      throw new NNError('BatchNorm2d', `expected more than 1 value per channel when training: input ${formatShape(x.shape)}`);
    }
    return super.forward(x.reshape([n, c, h * w])).reshape([n, c, h, w]);
  }
}
