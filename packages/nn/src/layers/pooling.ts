import { Tensor, adaptiveAvgPool2d, avgPool2d, maxPool2d, maxUnpool2d } from '@seedling-ml/autograd';
import {
  type AvgPool2dOptions,
  type MaxPool2dOptions,
  NDArray,
  type Pair,
  avgPool2dOptionRules,
  checkArg,
  checkOptions,
  is,
  maxPool2dOptionRules,
} from '@seedling-ml/tensor';
import { NNError } from '../errors.ts';
import { inputTensor } from './validate.ts';
import { Module } from '../module.ts';
import { asLayerError, checkChannels, pairArg } from './conv-checks.ts';

/*
 * The 2-D pooling layers: parameter-free modules holding their options and calling the ops. Options
 * are checked at construction (PyTorch checks them only at the first call).
 */

/** `x` as a Tensor (an NDArray is a constant), 4-D. */
function checkInput(layer: string, x: Tensor): Tensor {
  const t = inputTensor(layer, 'input', x);
  checkChannels(layer, t.shape, 4, t.shape[1] ?? 0, '[N,C,H,W]');
  return t;
}

// The layers take kernelSize as their first argument: their options are the functional ones without it.
const { kernelSize: _mk, ...maxPoolLayerRules } = maxPool2dOptionRules;
const { kernelSize: _ak, ...avgPoolLayerRules } = avgPool2dOptionRules;

/**
 * 2-D max pooling (PyTorch's `nn.MaxPool2d`; `stride` defaults to `kernelSize`). PyTorch's `return_indices=True`
 * is the method `forwardWithIndices` here (`forward` returns one Tensor, as every Module's).
 * @example new MaxPool2d(2).forward(Tensor.zeros([1, 3, 28, 28])).shape; // [1, 3, 14, 14]
 */
export class MaxPool2d extends Module {
  /** Minification-safe class name. */
  static readonly typeName = 'MaxPool2d';
  /** The resolved options passed to `maxPool2d`. */
  readonly options: Readonly<MaxPool2dOptions>;
  constructor(kernelSize: Pair, options: Omit<MaxPool2dOptions, 'kernelSize'> = {}) {
    super();
    // PyTorch's return_indices=True changes what forward returns; here a Module's forward returns one Tensor.
    if (typeof options === 'object' && options !== null && 'returnIndices' in options) {
      throw new NNError(
        'MaxPool2d',
        'returnIndices is not an option of the layer (forward returns one Tensor): call forwardWithIndices(x) for [values, indices]',
      );
    }
    checkOptions('MaxPool2d', options, maxPoolLayerRules, NNError);
    const k = pairArg('MaxPool2d', 'kernelSize', kernelSize);
    this.options = {
      kernelSize: k,
      stride: pairArg('MaxPool2d', 'stride', options.stride ?? k),
      padding: pairArg('MaxPool2d', 'padding', options.padding ?? 0, 0),
      dilation: pairArg('MaxPool2d', 'dilation', options.dilation ?? 1),
      ceilMode: options.ceilMode ?? false,
    };
  }
  override forward(x: Tensor): Tensor {
    x = checkInput('MaxPool2d', x);
    return asLayerError('MaxPool2d', () => maxPool2d(x, this.options));
  }
  /**
   * The pooled values and where each maximum is (`maxPool2d` with `returnIndices`): the flat position in its
   * input plane, for `MaxUnpool2d`. Hooks do not see this call (it is not `forward`).
   * @example const [y, indices] = new MaxPool2d(2).forwardWithIndices(x);
   */
  forwardWithIndices(x: Tensor): [Tensor, Tensor] {
    x = checkInput('MaxPool2d', x);
    return asLayerError('MaxPool2d', () => maxPool2d(x, { ...this.options, returnIndices: true }));
  }
  override extraRepr(): string {
    const o = this.options;
    return `kernelSize=[${o.kernelSize}], stride=[${o.stride}], padding=[${o.padding}], dilation=[${o.dilation}], ceilMode=${o.ceilMode}`;
  }
}

/** Options of `MaxUnpool2d`: the pooling's geometry (PyTorch's `nn.MaxUnpool2d` arguments). */
export interface MaxUnpool2dLayerOptions {
  /** The pooling's step. Default `kernelSize`. */
  stride?: Pair;
  /** The pooling's padding. Default 0. */
  padding?: Pair;
}

/**
 * 2-D max unpooling (PyTorch's `nn.MaxUnpool2d`, SegNet's decoder): `forward(x, indices, outputSize?)` writes
 * `x` into zeros at the positions `MaxPool2d.forwardWithIndices` returned. `outputSize` `[H, W]` recovers the
 * pooled input's size where floor rounding lost it.
 * @example
 * const pool = new MaxPool2d(2);
 * const unpool = new MaxUnpool2d(2);
 * const [y, indices] = pool.forwardWithIndices(x);
 * unpool.forward(y, indices, [x.shape[2], x.shape[3]]); // x's maxima in place, zeros elsewhere
 */
export class MaxUnpool2d extends Module {
  /** Minification-safe class name. */
  static readonly typeName = 'MaxUnpool2d';
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  constructor(kernelSize: Pair, options: MaxUnpool2dLayerOptions = {}) {
    super();
    checkOptions('MaxUnpool2d', options, { stride: maxPool2dOptionRules.stride, padding: maxPool2dOptionRules.padding }, NNError);
    this.kernelSize = pairArg('MaxUnpool2d', 'kernelSize', kernelSize);
    this.stride = pairArg('MaxUnpool2d', 'stride', options.stride ?? this.kernelSize);
    this.padding = pairArg('MaxUnpool2d', 'padding', options.padding ?? 0, 0);
  }
  override forward(x: Tensor, indices: Tensor | NDArray, outputSize?: readonly [number, number]): Tensor {
    x = checkInput('MaxUnpool2d', x);
    checkArg('MaxUnpool2d', 'indices', indices, is.anyOf(is.instance(Tensor, 'a Tensor'), is.instance(NDArray, 'an NDArray')), NNError);
    if (outputSize !== undefined) checkArg('MaxUnpool2d', 'outputSize', outputSize, is.arrayOf(is.positiveInteger, 2), NNError);
    const options = { kernelSize: this.kernelSize, stride: this.stride, padding: this.padding };
    return asLayerError('MaxUnpool2d', () => maxUnpool2d(x, indices, outputSize === undefined ? options : { ...options, outputSize }));
  }
  override extraRepr(): string {
    return `kernelSize=[${this.kernelSize}], stride=[${this.stride}], padding=[${this.padding}]`;
  }
}

/**
 * 2-D average pooling (PyTorch's `nn.AvgPool2d`: `countIncludePad` true by default, `ceilMode`,
 * `divisorOverride`; `stride` defaults to `kernelSize`).
 * @example new AvgPool2d(2).forward(Tensor.zeros([1, 3, 28, 28])).shape; // [1, 3, 14, 14]
 */
export class AvgPool2d extends Module {
  /** Minification-safe class name. */
  static readonly typeName = 'AvgPool2d';
  /** The resolved options passed to `avgPool2d`. */
  readonly options: Readonly<AvgPool2dOptions>;
  constructor(kernelSize: Pair, options: Omit<AvgPool2dOptions, 'kernelSize'> = {}) {
    super();
    checkOptions('AvgPool2d', options, avgPoolLayerRules, NNError);
    const k = pairArg('AvgPool2d', 'kernelSize', kernelSize);
    this.options = {
      kernelSize: k,
      stride: pairArg('AvgPool2d', 'stride', options.stride ?? k),
      padding: pairArg('AvgPool2d', 'padding', options.padding ?? 0, 0),
      ceilMode: options.ceilMode ?? false,
      countIncludePad: options.countIncludePad ?? true,
      ...(options.divisorOverride === undefined ? {} : { divisorOverride: options.divisorOverride }),
    };
  }
  override forward(x: Tensor): Tensor {
    x = checkInput('AvgPool2d', x);
    return asLayerError('AvgPool2d', () => avgPool2d(x, this.options));
  }
  override extraRepr(): string {
    const o = this.options;
    return `kernelSize=[${o.kernelSize}], stride=[${o.stride}], padding=[${o.padding}], ceilMode=${o.ceilMode}, countIncludePad=${o.countIncludePad}`;
  }
}

/**
 * Adaptive 2-D average pooling to a fixed `outputSize` (PyTorch's `nn.AdaptiveAvgPool2d`); `1` gives
 * global average pooling.
 * @example new AdaptiveAvgPool2d(1).forward(Tensor.zeros([2, 64, 7, 7])).shape; // [2, 64, 1, 1]
 */
export class AdaptiveAvgPool2d extends Module {
  /** Minification-safe class name. */
  static readonly typeName = 'AdaptiveAvgPool2d';
  /** Output `[H, W]`. */
  readonly outputSize: [number, number];
  constructor(outputSize: Pair) {
    super();
    this.outputSize = pairArg('AdaptiveAvgPool2d', 'outputSize', outputSize);
  }
  override forward(x: Tensor): Tensor {
    x = checkInput('AdaptiveAvgPool2d', x);
    return asLayerError('AdaptiveAvgPool2d', () => adaptiveAvgPool2d(x, this.outputSize));
  }
  override extraRepr(): string {
    return `outputSize=[${this.outputSize}]`;
  }
}
