import { type Tensor, convTranspose2d } from '@seedling-ml/autograd';
import { checkOutputPadding, describeValue } from '@seedling-ml/tensor';
import { computeFans, xavierUniform, zeros } from '../init/index.ts';
import { NNError } from '../errors.ts';
import { type InitTarget, Module } from '../module.ts';
import { type LayerInitOptions, ParameterFactory } from '../param-factory.ts';
import type { Parameter } from '../parameter.ts';
import { asLayerError, checkChannels, pairArg } from './conv-checks.ts';
import { checkPositiveInteger, inputTensor } from './validate.ts';

/** One size for both spatial axes, or `[height, width]`. */
export type PairArg = number | readonly [number, number];

/** Options of `ConvTranspose2d` (PyTorch's `nn.ConvTranspose2d` arguments, camelCase). */
export interface ConvTranspose2dLayerOptions extends LayerInitOptions {
  /** Upsampling step. Default 1. */
  stride?: PairArg;
  /** Rows/columns trimmed from each side of the output. Default 0. */
  padding?: PairArg;
  /** Extra rows/columns on one side of the output; smaller than stride or dilation on each axis (PyTorch's rule). Default 0. */
  outputPadding?: PairArg;
  /** Spacing between kernel taps. Default 1. */
  dilation?: PairArg;
  /** Channel groups. Default 1. */
  groups?: number;
  /** Add a learnable bias. Default true. */
  bias?: boolean;
  /** Only 'zeros' (as PyTorch's `nn.ConvTranspose2d`: its padding trims the output, there is no border to fill). */
  paddingMode?: 'zeros';
}

/**
 * Transposed 2-D convolution layer (the adjoint of `Conv2d`, used to upsample) with weight
 * `[inChannels, outChannels/groups, kH, kW]` and bias `[outChannels]` — PyTorch's layout and keys.
 * Default init as `Conv2d` (`xavierUniform()`, bias `zeros()`), with the fans read from the swapped
 * axes: `computeFans(weight.shape, { inAxis: 0, outAxis: 1 })` scaled for groups, i.e. fanIn =
 * inChannels/groups·kH·kW (inputs feeding one output) and fanOut = outChannels/groups·kH·kW.
 *
 * @example
 * new ConvTranspose2d(8, 4, 2, { stride: 2 }).forward(Tensor.zeros([1, 8, 7, 7])).shape; // [1, 4, 14, 14]
 */
export class ConvTranspose2d extends Module {
  /** Minification-safe class name. */
  static readonly typeName = 'ConvTranspose2d';
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly outputPadding: [number, number];
  readonly dilation: [number, number];
  readonly groups: number;
  /** `[inChannels, outChannels/groups, kH, kW]`. */
  weight: Parameter;
  /** `[outChannels]`, or null with `bias: false`. */
  bias: Parameter | null;
  readonly #fans: { fanIn: number; fanOut: number };

  constructor(inChannels: number, outChannels: number, kernelSize: PairArg, options: ConvTranspose2dLayerOptions = {}) {
    super();
    const name = 'ConvTranspose2d';
    this.inChannels = checkPositiveInteger(name, 'inChannels', inChannels);
    this.outChannels = checkPositiveInteger(name, 'outChannels', outChannels);
    this.kernelSize = pairArg(name, 'kernelSize', kernelSize);
    this.stride = pairArg(name, 'stride', options.stride ?? 1);
    this.padding = pairArg(name, 'padding', options.padding ?? 0, 0);
    this.outputPadding = pairArg(name, 'outputPadding', options.outputPadding ?? 0, 0);
    this.dilation = pairArg(name, 'dilation', options.dilation ?? 1);
    this.groups = checkPositiveInteger(name, 'groups', options.groups ?? 1);
    if (options.paddingMode !== undefined && options.paddingMode !== 'zeros') {
      throw new NNError(name, `only paddingMode 'zeros' is supported (as in PyTorch), got ${describeValue(options.paddingMode)}`);
    }
    if (inChannels % this.groups !== 0 || outChannels % this.groups !== 0) {
      throw new NNError(name, `inChannels ${inChannels} and outChannels ${outChannels} must both be divisible by groups ${this.groups}`);
    }
    checkOutputPadding(name, this.outputPadding, this.stride, this.dilation, NNError);
    const shape = [inChannels, outChannels / this.groups, ...this.kernelSize];
    const params = new ParameterFactory(name, options);
    // Axis 0 holds the inputs; one output channel is fed by inChannels/groups of them.
    const { fanOut } = computeFans(shape, { inAxis: 0, outAxis: 1 });
    const fans = { fanIn: (inChannels / this.groups) * this.kernelSize[0] * this.kernelSize[1], fanOut };
    this.#fans = fans;
    this.weight = params.create(shape, options.weightInit ?? xavierUniform(), fans);
    this.bias = (options.bias ?? true) ? params.create([outChannels], options.biasInit ?? zeros(), fans) : null;
  }

  /** `convTranspose2d(x, weight, bias)` for `x` [N, inChannels, H, W]. */
  override forward(x: Tensor): Tensor {
    x = inputTensor('ConvTranspose2d', 'input', x);
    checkChannels('ConvTranspose2d', x.shape, 4, this.inChannels, '[N,C,H,W]');
    const options = {
      stride: this.stride,
      padding: this.padding,
      outputPadding: this.outputPadding,
      dilation: this.dilation,
      groups: this.groups,
    };
    return asLayerError('ConvTranspose2d', () => convTranspose2d(x, this.weight, this.bias, options));
  }

  /** The weight `lsuv` rescales, with the fans it was initialized with. */
  override initTarget(): InitTarget {
    return { weight: this.weight, ...this.#fans };
  }

  override extraRepr(): string {
    return `${this.inChannels}, ${this.outChannels}, kernelSize=[${this.kernelSize}], stride=[${this.stride}], padding=[${this.padding}], outputPadding=[${this.outputPadding}], groups=${this.groups}, bias=${this.bias !== null}`;
  }
}
