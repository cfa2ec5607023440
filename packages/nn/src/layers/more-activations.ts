/**
 * Activation modules added for PyTorch parity: SiLU, Mish, Hardtanh, Hardsigmoid, Hardswish, LogSigmoid
 * (thin wrappers of @seedling-ml/autograd's functions of the same names, in camelCase).
 */
import { textOf } from '@seedling-ml/tensor';
import type { Tensor } from '@seedling-ml/autograd';
import { NNError } from '../errors.ts';
import type { ActivationKind } from '../diagnostics/types.ts';
import { Module } from '../module.ts';
import { checkFinite, inputTensor } from './validate.ts';

/**
 * SiLU / swish: y = x · σ(x).
 * @example new SiLU().forward(tensor([0])).toArray(); // [0]
 */
export class SiLU extends Module {
  /** The class's name, kept through minification (printing, reports, messages, ONNX export). */
  static readonly typeName: string = 'SiLU';

  /** An activation the diagnostics measure without kind-specific rules (no closed form, no dead/saturated test). */
  override activationKind(): ActivationKind {
    return 'other';
  }
  override forward(x: Tensor): Tensor {
    x = inputTensor('SiLU', 'input', x);
    return x.silu();
  }
}

/**
 * Mish: y = x · tanh(softplus(x)).
 * @example new Mish().forward(tensor([0])).toArray(); // [0]
 */
export class Mish extends Module {
  /** The class's name, kept through minification (printing, reports, messages, ONNX export). */
  static readonly typeName: string = 'Mish';

  /** An activation the diagnostics measure without kind-specific rules (no closed form, no dead/saturated test). */
  override activationKind(): ActivationKind {
    return 'other';
  }
  override forward(x: Tensor): Tensor {
    x = inputTensor('Mish', 'input', x);
    return x.mish();
  }
}

/**
 * Hardtanh: y = x limited to [minVal, maxVal] (PyTorch's defaults −1, 1); gradient 0 on the bounds.
 * @example new Hardtanh().forward(tensor([-2, 0.5])).toArray(); // [-1, 0.5]
 */
export class Hardtanh extends Module {
  /** The class's name, kept through minification (printing, reports, messages, ONNX export). */
  static readonly typeName: string = 'Hardtanh';

  /** An activation the diagnostics measure without kind-specific rules (no closed form, no dead/saturated test). */
  override activationKind(): ActivationKind {
    return 'other';
  }
  /** Lower bound. */
  readonly minVal: number;
  /** Upper bound (> minVal). */
  readonly maxVal: number;
  constructor(minVal = -1, maxVal = 1) {
    super();
    this.minVal = checkFinite('Hardtanh', 'minVal', minVal);
    this.maxVal = checkFinite('Hardtanh', 'maxVal', maxVal);
    if (!(minVal < maxVal)) throw new NNError('Hardtanh', `minVal must be less than maxVal, got ${textOf(minVal)} and ${textOf(maxVal)}`);
  }
  override forward(x: Tensor): Tensor {
    x = inputTensor('Hardtanh', 'input', x);
    return x.hardtanh(this.minVal, this.maxVal);
  }
  override extraRepr(): string {
    return `minVal=${this.minVal}, maxVal=${this.maxVal}`;
  }
}

/**
 * Hard sigmoid: y = relu6(x + 3) / 6.
 * @example new Hardsigmoid().forward(tensor([0])).toArray(); // [0.5]
 */
export class Hardsigmoid extends Module {
  /** The class's name, kept through minification (printing, reports, messages, ONNX export). */
  static readonly typeName: string = 'Hardsigmoid';

  /** An activation the diagnostics measure without kind-specific rules (no closed form, no dead/saturated test). */
  override activationKind(): ActivationKind {
    return 'other';
  }
  override forward(x: Tensor): Tensor {
    x = inputTensor('Hardsigmoid', 'input', x);
    return x.hardsigmoid();
  }
}

/**
 * Hard swish: y = x · relu6(x + 3) / 6.
 * @example new Hardswish().forward(tensor([4])).toArray(); // [4]
 */
export class Hardswish extends Module {
  /** The class's name, kept through minification (printing, reports, messages, ONNX export). */
  static readonly typeName: string = 'Hardswish';

  /** An activation the diagnostics measure without kind-specific rules (no closed form, no dead/saturated test). */
  override activationKind(): ActivationKind {
    return 'other';
  }
  override forward(x: Tensor): Tensor {
    x = inputTensor('Hardswish', 'input', x);
    return x.hardswish();
  }
}

/**
 * Log-sigmoid: y = ln σ(x) = −softplus(−x), stable for any x.
 * @example new LogSigmoid().forward(tensor([0])).toArray(); // [-0.6931471824645996] (float32)
 */
export class LogSigmoid extends Module {
  /** The class's name, kept through minification (printing, reports, messages, ONNX export). */
  static readonly typeName: string = 'LogSigmoid';

  /** An activation the diagnostics measure without kind-specific rules (no closed form, no dead/saturated test). */
  override activationKind(): ActivationKind {
    return 'other';
  }
  override forward(x: Tensor): Tensor {
    x = inputTensor('LogSigmoid', 'input', x);
    return x.logsigmoid();
  }
}
