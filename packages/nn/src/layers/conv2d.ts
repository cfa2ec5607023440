import { type Tensor, conv2d, pad } from '@seedling-ml/autograd';
import type { Conv2dPadding } from '@seedling-ml/tensor';
import { computeFans, xavierUniform, zeros } from '../init/index.ts';
import { type InitTarget, Module } from '../module.ts';
import { type LayerInitOptions, ParameterFactory } from '../param-factory.ts';
import type { Parameter } from '../parameter.ts';
import { NNError } from '../errors.ts';
import { type PaddingMode, asLayerError, checkChannels, pairArg, paddingModeArg, spatialPadWidths } from './conv-checks.ts';
import { checkPositiveInteger, inputTensor } from './validate.ts';

/** Options of `Conv2d` (PyTorch's `nn.Conv2d` arguments, camelCase). */
export interface Conv2dLayerOptions extends LayerInitOptions {
  /** Window step. Default 1. */
  stride?: number | readonly [number, number];
  /** Rows/columns added on each side (int or pair), `'valid'` or `'same'` (stride 1). Default 0. */
  padding?: Conv2dPadding;
  /**
   * What the padding holds (PyTorch's `padding_mode`): 'zeros', or the input's border in `pad`'s mode
   * 'reflect', 'replicate' or 'circular' — the input is padded so, then convolved with padding 0. The
   * state dict is the same in every mode. Default 'zeros'.
   */
  paddingMode?: PaddingMode;
  /** Spacing between kernel taps. Default 1. */
  dilation?: number | readonly [number, number];
  /** Channel groups (`groups = inChannels` is a depthwise convolution). Default 1. */
  groups?: number;
  /** Add a learnable bias. Default true. */
  bias?: boolean;
}

/**
 * 2-D convolution layer over NCHW inputs: `y = conv2d(x, weight, bias)` with weight
 * `[outChannels, inChannels/groups, kH, kW]` and bias `[outChannels]` (PyTorch's layout and state-dict
 * keys `weight`, `bias`).
 *
 * Defaults, the same rule as `Linear`: weight `xavierUniform()` and bias `zeros()`, with the fans of
 * `computeFans(weight.shape, { groups })` — fanIn = inChannels/groups·kH·kW, fanOut =
 * outChannels/groups·kH·kW. `torchDefault()` gives PyTorch's init; `dirac()` and `deltaOrthogonal()` apply.
 *
 * @example
 * const conv = new Conv2d(1, 6, 5, { padding: 2, seed: 0 });
 * conv.forward(Tensor.zeros([8, 1, 28, 28])).shape; // [8, 6, 28, 28]
 * new Conv2d(3, 8, 3, { padding: 1, paddingMode: 'reflect' }); // pads by mirroring the image's border
 */
export class Conv2d extends Module {
  /** Minification-safe class name. */
  static readonly typeName = 'Conv2d';
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: Conv2dPadding;
  /** What the padding holds. */
  readonly paddingMode: PaddingMode;
  readonly dilation: [number, number];
  readonly groups: number;
  /** `[outChannels, inChannels/groups, kH, kW]`. */
  weight: Parameter;
  /** `[outChannels]`, or null with `bias: false`. */
  bias: Parameter | null;
  readonly #fans: { fanIn: number; fanOut: number };

  constructor(inChannels: number, outChannels: number, kernelSize: number | readonly [number, number], options: Conv2dLayerOptions = {}) {
    super();
    const name = 'Conv2d';
    this.inChannels = checkPositiveInteger(name, 'inChannels', inChannels);
    this.outChannels = checkPositiveInteger(name, 'outChannels', outChannels);
    this.kernelSize = pairArg(name, 'kernelSize', kernelSize);
    this.stride = pairArg(name, 'stride', options.stride ?? 1);
    this.dilation = pairArg(name, 'dilation', options.dilation ?? 1);
    const padding = options.padding ?? 0;
    this.padding = typeof padding === 'string' ? padding : pairArg(name, 'padding', padding, 0);
    this.paddingMode = paddingModeArg(name, options.paddingMode);
    // conv2d refuses 'same' with a stride, but a non-zeros mode hands it padding 0: check here.
    if (this.padding === 'same' && this.paddingMode !== 'zeros' && (this.stride[0] !== 1 || this.stride[1] !== 1)) {
      throw new NNError(name, `padding 'same' needs stride 1, got stride [${this.stride}]`);
    }
    this.groups = checkPositiveInteger(name, 'groups', options.groups ?? 1);
    if (inChannels % this.groups !== 0 || outChannels % this.groups !== 0) {
      throw new NNError(name, `inChannels ${inChannels} and outChannels ${outChannels} must both be divisible by groups ${this.groups}`);
    }
    const shape = [outChannels, inChannels / this.groups, ...this.kernelSize];
    const params = new ParameterFactory(name, options);
    const fans = computeFans(shape, { groups: this.groups });
    this.#fans = fans;
    this.weight = params.create(shape, options.weightInit ?? xavierUniform(), fans);
    this.bias = (options.bias ?? true) ? params.create([outChannels], options.biasInit ?? zeros(), fans) : null;
  }

  /** `conv2d(x, weight, bias)` for `x` [N, inChannels, H, W]. */
  override forward(x: Tensor): Tensor {
    x = inputTensor('Conv2d', 'input', x);
    checkChannels('Conv2d', x.shape, 4, this.inChannels, '[N,C,H,W]');
    const options = { stride: this.stride, dilation: this.dilation, groups: this.groups };
    if (this.paddingMode === 'zeros')
      return asLayerError('Conv2d', () => conv2d(x, this.weight, this.bias, { ...options, padding: this.padding }));
    // PyTorch's order: pad the input in the mode, then convolve without padding.
    const widths = spatialPadWidths(this.padding, this.kernelSize, this.dilation);
    return asLayerError('Conv2d', () =>
      conv2d(pad(x, [[0, 0], [0, 0], ...widths], { mode: this.paddingMode as Exclude<PaddingMode, 'zeros'> }), this.weight, this.bias, {
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
    return `${this.inChannels}, ${this.outChannels}, kernelSize=[${this.kernelSize}], stride=[${this.stride}], padding=${JSON.stringify(this.padding)}, dilation=[${this.dilation}], groups=${this.groups}, bias=${this.bias !== null}${this.paddingMode === 'zeros' ? '' : `, paddingMode=${this.paddingMode}`}`;
  }
}
