import type { Tensor } from '@seedling-ml/autograd';
import { formatShape } from '@seedling-ml/tensor';
import { NNError } from '../errors.ts';
import { ones, zeros } from '../init/index.ts';
import { Module } from '../module.ts';
import { type LayerInitOptions, ParameterFactory } from '../param-factory.ts';
import type { Parameter } from '../parameter.ts';
import { checkPositive, checkPositiveInteger } from './validate.ts';
import { checkOptions, describeValue, is } from '@seedling-ml/tensor';
import { layerInitRules } from '../param-factory.ts';
import { inputTensor } from './validate.ts';

/** Options of `LayerNorm`. */
export interface LayerNormOptions extends LayerInitOptions {
  /** Added to the variance before the square root. Default 1e-5. */
  eps?: number;
  /** Learn a per-element scale γ (init `ones()`) and shift β (init `zeros()`). Default true. */
  elementwiseAffine?: boolean;
  /** With `elementwiseAffine`, also learn β. Default true. */
  bias?: boolean;
}

/**
 * Layer normalization (Ba et al. 2016) over the trailing `normalizedShape` axes of each sample:
 * y = (x − E[x]) / √(Var[x] + eps) · γ + β, with the biased variance (divide by n), as PyTorch.
 * The same in training and eval. γ defaults to ones and β to zeros.
 *
 * @example
 * const ln = new LayerNorm(4);
 * ln.forward(tensor([[1, 2, 3, 4]])).toArray(); // [[-1.342, -0.447, 0.447, 1.342]] (approximately)
 */
export class LayerNorm extends Module {
  /** The class's name, kept through minification (printing, reports, messages, ONNX export). */
  static readonly typeName: string = 'LayerNorm';
  /** The trailing shape normalized over. */
  readonly normalizedShape: readonly number[];
  /** Variance offset. */
  readonly eps: number;
  /** γ, of `normalizedShape`, or null without `elementwiseAffine`. */
  weight: Parameter | null;
  /** β, of `normalizedShape`, or null. */
  bias: Parameter | null;

  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super();
    checkOptions('LayerNorm', options, { ...layerInitRules, eps: is.any, elementwiseAffine: is.boolean, bias: is.boolean }, NNError);
    if (typeof normalizedShape !== 'number' && !Array.isArray(normalizedShape)) {
      throw new NNError('LayerNorm', `normalizedShape must be an integer or an array of integers, got ${describeValue(normalizedShape)}`);
    }
    const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    if (shape.length === 0) throw new NNError('LayerNorm', 'normalizedShape must have at least one axis');
    shape.forEach((d, i) => checkPositiveInteger('LayerNorm', `normalizedShape[${i}]`, d));
    this.normalizedShape = Object.freeze(shape);
    this.eps = checkPositive('LayerNorm', 'eps', options.eps ?? 1e-5);
    const affine = options.elementwiseAffine ?? true;
    const params = new ParameterFactory('LayerNorm', options);
    this.weight = affine ? params.create(shape, options.weightInit ?? ones()) : null;
    this.bias = affine && (options.bias ?? true) ? params.create(shape, options.biasInit ?? zeros()) : null;
  }

  override forward(x: Tensor): Tensor {
    x = inputTensor('LayerNorm', 'input', x);
    const k = this.normalizedShape.length;
    const tail = x.shape.slice(x.rank - k);
    if (x.rank < k || tail.some((d, i) => d !== this.normalizedShape[i])) {
      throw new NNError(
        'LayerNorm',
        `input's trailing shape does not match normalizedShape ${formatShape(this.normalizedShape)}: input ${formatShape(x.shape)}`,
      );
    }
    const axis = Array.from({ length: k }, (_, i) => x.rank - k + i);
    const centered = x.sub(x.mean({ axis, keepdims: true }));
    const variance = centered.square().mean({ axis, keepdims: true });
    let y = centered.div(variance.add(this.eps).sqrt());
    if (this.weight !== null) y = y.mul(this.weight);
    if (this.bias !== null) y = y.add(this.bias);
    return y;
  }

  override extraRepr(): string {
    return `normalizedShape=${formatShape(this.normalizedShape)}, eps=${this.eps}, elementwiseAffine=${this.weight !== null}`;
  }
}
