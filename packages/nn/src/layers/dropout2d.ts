import type { Tensor } from '@seedling-ml/autograd';
import { NDArray, type Rng, allocate, checkOptions, formatShape, is } from '@seedling-ml/tensor';
import { NNError } from '../errors.ts';
import { Module } from '../module.ts';
import { type RandomOptions, resolveRng } from '../param-factory.ts';
import { checkRange, inputTensor } from './validate.ts';

/**
 * Channel dropout (Tompson et al. 2015), PyTorch's `nn.Dropout2d`: in training each channel of each
 * sample of `[N, C, H, W]` is zeroed as a whole with probability `p` and the survivors are scaled by
 * 1/(1 − p); identity in eval mode. Neighbouring pixels are correlated, so dropping single pixels
 * would barely regularize a conv net.
 *
 * @example
 * const drop = new Dropout2d(0.2, { seed: 0 });
 * drop.forward(Tensor.ones([8, 16, 4, 4])); // every 4×4 plane all 0 or all 1.25
 */
export class Dropout2d extends Module {
  /** Minification-safe class name. */
  static readonly typeName = 'Dropout2d';
  /** Probability of zeroing a channel, in [0, 1]. */
  readonly p: number;
  readonly #rng: Rng;

  constructor(p = 0.5, options: Omit<RandomOptions, 'dtype'> = {}) {
    super();
    checkOptions('Dropout2d', options, { rng: is.any, seed: is.anyOf(is.finite, is.string) }, NNError);
    this.p = checkRange('Dropout2d', 'p', p, 0, 1);
    this.#rng = resolveRng('Dropout2d', options).fork();
  }

  override forward(x: Tensor): Tensor {
    x = inputTensor('Dropout2d', 'input', x);
    if (x.rank !== 4) throw new NNError('Dropout2d', `expected a 4-D input [N,C,H,W]: input ${formatShape(x.shape)}`);
    if (!this.training || this.p === 0) return x;
    const [n, c] = x.shape as [number, number];
    const mask = allocate(x.dtype, n * c);
    // NOTE: p = 1 zeroes everything (PyTorch's behaviour) instead of scaling by 1/0.
    if (this.p < 1) {
      const u = this.#rng.uniform([n * c], 0, 1, { dtype: 'float64' }).data;
      const scale = 1 / (1 - this.p);
      for (let i = 0; i < n * c; i++) mask[i] = u[i]! < this.p ? 0 : scale;
    }
    return x.mul(new NDArray(mask, [n, c, 1, 1]));
  }

  override extraRepr(): string {
    return `p=${this.p}`;
  }
}
