import { type Tensor, linear } from '@seedling-ml/autograd';
import { formatShape } from '@seedling-ml/tensor';
import { NNError } from '../errors.ts';
import { xavierUniform, zeros } from '../init/index.ts';
import { type InitTarget, Module } from '../module.ts';
import { type LayerInitOptions, ParameterFactory } from '../param-factory.ts';
import type { Parameter } from '../parameter.ts';
import { checkPositiveInteger } from './validate.ts';
import { checkOptions, is } from '@seedling-ml/tensor';
import { layerInitRules } from '../param-factory.ts';
import { inputTensor } from './validate.ts';

/** Options of `Linear`. */
export interface LinearOptions extends LayerInitOptions {
  /** Add a learnable bias. Default true. */
  bias?: boolean;
}

/**
 * Fully connected layer: y = x·Wᵀ + b, with W of shape `[outFeatures, inFeatures]` (PyTorch's layout)
 * and b of shape `[outFeatures]`. Accepts any input `[..., inFeatures]` and returns `[..., outFeatures]`.
 *
 * Defaults: weight `xavierUniform()` (U(±√(6/(in+out)))), bias `zeros()`. The initializers receive
 * fanIn = inFeatures and fanOut = outFeatures — the bias too, so `torchDefault()` gives it U(±1/√in).
 *
 * @example
 * const fc = new Linear(3, 2, { seed: 0 });
 * fc.forward(tensor([[1, 2, 3]])).shape; // [1, 2]
 * fc.weight.shape;                       // [2, 3]
 */
export class Linear extends Module {
  /** The class's name, kept through minification (printing, reports, messages, ONNX export). */
  static readonly typeName: string = 'Linear';
  /** Size of each input sample's last axis. */
  readonly inFeatures: number;
  /** Size of each output sample's last axis. */
  readonly outFeatures: number;
  /** W, `[outFeatures, inFeatures]`. */
  weight: Parameter;
  /** b, `[outFeatures]`, or null when built with `bias: false`. */
  bias: Parameter | null;

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    checkOptions('Linear', options, { ...layerInitRules, bias: is.boolean }, NNError);
    this.inFeatures = checkPositiveInteger('Linear', 'inFeatures', inFeatures);
    this.outFeatures = checkPositiveInteger('Linear', 'outFeatures', outFeatures);
    const params = new ParameterFactory('Linear', options);
    const fans = { fanIn: inFeatures, fanOut: outFeatures };
    this.weight = params.create([outFeatures, inFeatures], options.weightInit ?? xavierUniform(), fans);
    this.bias = (options.bias ?? true) ? params.create([outFeatures], options.biasInit ?? zeros(), fans) : null;
  }

  /** y = x·Wᵀ + b over the last axis of `x`. */
  override forward(x: Tensor): Tensor {
    // One fused op (bias added as the product leaves the GEMM, bias gradient as one column sum); the values
    // equal x.matmul(weight, { transposeB: true }).add(bias).
    return linear(checkedInput(this, x), this.weight, this.bias);
  }

  /** The weight `lsuv` rescales, with the fans it was initialized with. */
  override initTarget(): InitTarget {
    return { weight: this.weight, fanIn: this.inFeatures, fanOut: this.outFeatures };
  }

  override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}

/** `x` as a Tensor whose last axis is `layer`'s inFeatures, else an NNError naming both. */
function checkedInput(layer: Linear, input: Tensor): Tensor {
  const x = inputTensor('Linear', 'input', input);
  const last = x.shape[x.rank - 1];
  if (x.rank === 0 || last !== layer.inFeatures) {
    throw new NNError(
      'Linear',
      `input feature size ${last ?? 'none'} does not match inFeatures ${layer.inFeatures}: input ${formatShape(x.shape)}`,
    );
  }
  return x;
}

/**
 * `relu(layer.forward(x))` as one op, for `Sequential` when a `Linear` is followed by a `ReLU` and both are
 * `fusible`: the ReLU runs in place on the layer's fresh output, and its backward mask is read from that output
 * (same values and gradients as the two modules; the step of the 784-256-128-10 MLP: see docs/benchmarks.md).
 */
export function linearRelu(layer: Linear, x: Tensor): Tensor {
  return linear(checkedInput(layer, x), layer.weight, layer.bias, { activation: 'relu' });
}
