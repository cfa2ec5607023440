import type { Tensor } from '@seedling-ml/autograd';
import { NDArray, type Rng, allocate } from '@seedling-ml/tensor';
import { Module } from '../module.ts';
import { type RandomOptions, resolveRng } from '../param-factory.ts';
import { checkRange } from './validate.ts';
import { checkOptions, is } from '@seedling-ml/tensor';
import { NNError } from '../errors.ts';
import { inputTensor } from './validate.ts';

/**
 * Dropout (Srivastava et al. 2014), inverted: in training each element is zeroed with probability
 * `p` and the survivors are scaled by 1/(1 − p), so E[y] = x and eval needs no rescaling; in eval
 * mode it is the identity. Masks come from the layer's own generator (a fork of `rng`, of
 * `new Rng(seed)`, or of the default generator), so runs with one seed drop the same units.
 *
 * @example
 * const drop = new Dropout(0.5, { seed: 0 });
 * drop.forward(Tensor.ones([8])).toArray(); // each entry 0 or 2
 * drop.eval().forward(x) === x;             // true
 */
export class Dropout extends Module {
  /** The class's name, kept through minification (printing, reports, messages, ONNX export). */
  static readonly typeName: string = 'Dropout';
  /** Probability of zeroing an element, in [0, 1]. */
  readonly p: number;
  readonly #rng: Rng;

  constructor(p = 0.5, options: Omit<RandomOptions, 'dtype'> = {}) {
    super();
    checkOptions('Dropout', options, { rng: is.any, seed: is.anyOf(is.finite, is.string) }, NNError);
    this.p = checkRange('Dropout', 'p', p, 0, 1);
    this.#rng = resolveRng('Dropout', options).fork();
  }

  override forward(x: Tensor): Tensor {
    x = inputTensor('Dropout', 'input', x);
    if (!this.training || this.p === 0) return x;
    const n = x.size;
    const mask = allocate(x.dtype, n);
    // NOTE: p = 1 zeroes everything (PyTorch's behaviour) instead of scaling by 1/0.
    if (this.p < 1) {
      const u = this.#rng.uniform([n], 0, 1, { dtype: 'float64' }).data;
      const scale = 1 / (1 - this.p);
      for (let i = 0; i < n; i++) mask[i] = u[i]! < this.p ? 0 : scale;
    }
    return x.mul(new NDArray(mask, x.shape));
  }

  override extraRepr(): string {
    return `p=${this.p}`;
  }
}
