import { textOf } from '@seedling-ml/tensor';
import { type Tensor, conv1d, pad } from '@seedling-ml/autograd';
import { computeFans, xavierUniform, zeros } from '../init/index.ts';
import { NNError } from '../errors.ts';
import { type InitTarget, Module } from '../module.ts';
import { type LayerInitOptions, ParameterFactory } from '../param-factory.ts';
import type { Parameter } from '../parameter.ts';
import { type PaddingMode, asLayerError, checkChannels, paddingModeArg, spatialPadWidths } from './conv-checks.ts';
import { checkPositiveInteger, inputTensor } from './validate.ts';

/** Options of `Conv1d` (PyTorch's `nn.Conv1d` arguments, camelCase). */
export interface Conv1dLayerOptions extends LayerInitOptions {
  /** Window step. Default 1. */
  stride?: number;
  /** Elements added on each side, `'valid'` or `'same'` (stride 1). Default 0. */
  padding?: number | 'same' | 'valid';
  /** What the padding holds: 'zeros', 'reflect', 'replicate' or 'circular' (as `Conv2d`'s). Default 'zeros'. */
  paddingMode?: PaddingMode;
  /** Spacing between kernel taps. Default 1. */
  dilation?: number;
  /** Channel groups. Default 1. */
  groups?: number;
  /** Add a learnable bias. Default true. */
  bias?: boolean;
}

function nonNegative(name: string, v: number, min: number): number {
  if (!Number.isSafeInteger(v) || v < min) throw new NNError('Conv1d', `${name} must be an integer ≥ ${min}, got ${textOf(v)}`);
  return v;
}

/**
 * 1-D convolution layer over `[N, C, L]` inputs with weight `[outChannels, inChannels/groups, k]` and
 * bias `[outChannels]` (PyTorch's layout and keys). Default init as `Linear`/`Conv2d`: `xavierUniform()`
 * with fans from `computeFans(weight.shape, { groups })`, bias `zeros()`.
 *
 * @example
 * new Conv1d(4, 8, 3, { padding: 1 }).forward(Tensor.zeros([2, 4, 16])).shape; // [2, 8, 16]
 */
export class Conv1d extends Module {
  /** Minification-safe class name. */
  static readonly typeName = 'Conv1d';
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number;
  readonly stride: number;
  readonly padding: number | 'same' | 'valid';
  /** What the padding holds. */
  readonly paddingMode: PaddingMode;
  readonly dilation: number;
  readonly groups: number;
  /** `[outChannels, inChannels/groups, k]`. */
  weight: Parameter;
  /** `[outChannels]`, or null with `bias: false`. */
  bias: Parameter | null;
  readonly #fans: { fanIn: number; fanOut: number };

  constructor(inChannels: number, outChannels: number, kernelSize: number, options: Conv1dLayerOptions = {}) {
    super();
    this.inChannels = checkPositiveInteger('Conv1d', 'inChannels', inChannels);
    this.outChannels = checkPositiveInteger('Conv1d', 'outChannels', outChannels);
    this.kernelSize = checkPositiveInteger('Conv1d', 'kernelSize', kernelSize);
    this.stride = nonNegative('stride', options.stride ?? 1, 1);
    this.dilation = nonNegative('dilation', options.dilation ?? 1, 1);
    const padding = options.padding ?? 0;
    this.padding = typeof padding === 'string' ? padding : nonNegative('padding', padding, 0);
    this.paddingMode = paddingModeArg('Conv1d', options.paddingMode);
    // conv1d refuses 'same' with a stride, but a non-zeros mode hands it padding 0: check here.
    if (this.padding === 'same' && this.paddingMode !== 'zeros' && this.stride !== 1) {
      throw new NNError('Conv1d', `padding 'same' needs stride 1, got stride ${this.stride}`);
    }
    this.groups = checkPositiveInteger('Conv1d', 'groups', options.groups ?? 1);
    if (inChannels % this.groups !== 0 || outChannels % this.groups !== 0) {
      throw new NNError(
        'Conv1d',
        `inChannels ${inChannels} and outChannels ${outChannels} must both be divisible by groups ${this.groups}`,
      );
    }
    const shape = [outChannels, inChannels / this.groups, kernelSize];
    const params = new ParameterFactory('Conv1d', options);
    const fans = computeFans(shape, { groups: this.groups });
    this.#fans = fans;
    this.weight = params.create(shape, options.weightInit ?? xavierUniform(), fans);
    this.bias = (options.bias ?? true) ? params.create([outChannels], options.biasInit ?? zeros(), fans) : null;
  }

  /** `conv1d(x, weight, bias)` for `x` [N, inChannels, L]. */
  override forward(x: Tensor): Tensor {
    x = inputTensor('Conv1d', 'input', x);
    checkChannels('Conv1d', x.shape, 3, this.inChannels, '[N,C,L]');
    const options = { stride: this.stride, dilation: this.dilation, groups: this.groups };
    if (this.paddingMode === 'zeros')
      return asLayerError('Conv1d', () => conv1d(x, this.weight, this.bias, { ...options, padding: this.padding }));
    // PyTorch's order: pad the input in the mode, then convolve without padding.
    const widths = spatialPadWidths(this.padding, [this.kernelSize], [this.dilation]);
    return asLayerError('Conv1d', () =>
      conv1d(pad(x, [[0, 0], [0, 0], ...widths], { mode: this.paddingMode as Exclude<PaddingMode, 'zeros'> }), this.weight, this.bias, {
        ...options,
        padding: 0,
      }),
    );
  }

  /** The weight `lsuv` rescales, with the fans it was initialized with. */
  override initTarget(): InitTarget {
    return { weight: this.weight, ...this.#fans };
  }

  override extraRepr(): string {
    return `${this.inChannels}, ${this.outChannels}, kernelSize=${this.kernelSize}, stride=${this.stride}, padding=${JSON.stringify(this.padding)}, dilation=${this.dilation}, groups=${this.groups}, bias=${this.bias !== null}${this.paddingMode === 'zeros' ? '' : `, paddingMode=${this.paddingMode}`}`;
  }
}
