import type { ActivationKind } from '../diagnostics/types.ts';
/**
 * Activation modules: thin, parameter-free wrappers of @seedling-ml/autograd's element-wise functions
 * (and softmax along an axis), so they can sit in a `Sequential`.
 */
import type { GeluOptions, Tensor } from '@seedling-ml/autograd';
import { Module } from '../module.ts';
import { NNError } from '../errors.ts';
import { checkAxisInRange, checkFinite, checkInteger, checkPositive } from './validate.ts';
import { inputTensor } from './validate.ts';
import { checkOptions, is } from '@seedling-ml/tensor';

/**
 * ReLU: y = max(x, 0). NOTE: relu'(0) = 0 by convention.
 * @example new ReLU().forward(tensor([-1, 2])).toArray(); // [0, 2]
 */
export class ReLU extends Module {
  /** The class's name, kept through minification (printing, reports, messages, ONNX export). */
  static readonly typeName: string = 'ReLU';

  override activationKind(): ActivationKind {
    return 'relu';
  }
  override forward(x: Tensor): Tensor {
    x = inputTensor('ReLU', 'input', x);
    return x.relu();
  }
}

/**
 * Leaky ReLU: y = x for x > 0, negativeSlope·x otherwise (default slope 0.01, PyTorch's).
 * @example new LeakyReLU(0.1).forward(tensor([-2, 3])).toArray(); // [-0.2, 3] (float32 rounding aside)
 */
export class LeakyReLU extends Module {
  /** The class's name, kept through minification (printing, reports, messages, ONNX export). */
  static readonly typeName: string = 'LeakyReLU';

  override activationKind(): ActivationKind {
    return 'leakyRelu';
  }
  /** Slope for x ≤ 0. */
  readonly negativeSlope: number;
  constructor(negativeSlope = 0.01) {
    super();
    this.negativeSlope = checkFinite('LeakyReLU', 'negativeSlope', negativeSlope);
  }
  override forward(x: Tensor): Tensor {
    x = inputTensor('LeakyReLU', 'input', x);
    return x.leakyRelu(this.negativeSlope);
  }
  override extraRepr(): string {
    return `negativeSlope=${this.negativeSlope}`;
  }
}

/**
 * Hyperbolic tangent: y = tanh x = (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ).
 * @example new Tanh().forward(tensor([0])).toArray(); // [0]
 */
export class Tanh extends Module {
  /** The class's name, kept through minification (printing, reports, messages, ONNX export). */
  static readonly typeName: string = 'Tanh';

  override activationKind(): ActivationKind {
    return 'tanh';
  }
  override forward(x: Tensor): Tensor {
    x = inputTensor('Tanh', 'input', x);
    return x.tanh();
  }
}

/**
 * Logistic sigmoid: y = 1 / (1 + e⁻ˣ).
 * @example new Sigmoid().forward(tensor([0])).toArray(); // [0.5]
 */
export class Sigmoid extends Module {
  /** The class's name, kept through minification (printing, reports, messages, ONNX export). */
  static readonly typeName: string = 'Sigmoid';

  override activationKind(): ActivationKind {
    return 'sigmoid';
  }
  override forward(x: Tensor): Tensor {
    x = inputTensor('Sigmoid', 'input', x);
    return x.sigmoid();
  }
}

/**
 * GELU (Hendrycks & Gimpel 2016): y = x·Φ(x) = ½x(1 + erf(x/√2)); with `approximate: 'tanh'`,
 * y = ½x(1 + tanh(√(2/π)(x + 0.044715x³))).
 * @example new GELU().forward(tensor([0])).toArray(); // [0]
 */
export class GELU extends Module {
  /** The class's name, kept through minification (printing, reports, messages, ONNX export). */
  static readonly typeName: string = 'GELU';

  override activationKind(): ActivationKind {
    return 'other';
  }
  /** 'none' (exact, default) or 'tanh'. */
  readonly approximate: 'none' | 'tanh';
  constructor(options: GeluOptions = {}) {
    super();
    checkOptions('GELU', options, { approximate: is.any }, NNError);
    const approximate = options.approximate ?? 'none';
    if (approximate !== 'none' && approximate !== 'tanh') {
      throw new NNError('GELU', `approximate must be one of 'none', 'tanh', got ${JSON.stringify(approximate)}`);
    }
    this.approximate = approximate;
  }
  override forward(x: Tensor): Tensor {
    x = inputTensor('GELU', 'input', x);
    return x.gelu({ approximate: this.approximate });
  }
  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

/**
 * SELU (Klambauer et al. 2017): y = λ·x for x > 0, λ·α(eˣ − 1) otherwise, α ≈ 1.6733, λ ≈ 1.0507.
 * Pair it with `lecunNormal()` weights for self-normalizing networks.
 * @example new SELU().forward(tensor([1])).toArray(); // [1.0507010221481323] (float32)
 */
export class SELU extends Module {
  /** The class's name, kept through minification (printing, reports, messages, ONNX export). */
  static readonly typeName: string = 'SELU';

  override activationKind(): ActivationKind {
    return 'other';
  }
  override forward(x: Tensor): Tensor {
    x = inputTensor('SELU', 'input', x);
    return x.selu();
  }
}

/**
 * ELU (Clevert et al. 2015): y = x for x > 0, α(eˣ − 1) otherwise (default α = 1).
 * @example new ELU().forward(tensor([0, 1])).toArray(); // [0, 1]
 */
export class ELU extends Module {
  /** The class's name, kept through minification (printing, reports, messages, ONNX export). */
  static readonly typeName: string = 'ELU';

  override activationKind(): ActivationKind {
    return 'other';
  }
  /** α, the negative saturation value's magnitude. */
  readonly alpha: number;
  constructor(alpha = 1) {
    super();
    this.alpha = checkFinite('ELU', 'alpha', alpha);
  }
  override forward(x: Tensor): Tensor {
    x = inputTensor('ELU', 'input', x);
    return x.elu(this.alpha);
  }
  override extraRepr(): string {
    return `alpha=${this.alpha}`;
  }
}

/**
 * Softplus: y = ln(1 + e^(βx)) / β (default β = 1), computed stably (no overflow for large x, so
 * PyTorch's `threshold` switch is unnecessary).
 * @example new Softplus().forward(tensor([0])).toArray(); // [0.6931471824645996] (ln 2, float32)
 */
export class Softplus extends Module {
  /** The class's name, kept through minification (printing, reports, messages, ONNX export). */
  static readonly typeName: string = 'Softplus';

  override activationKind(): ActivationKind {
    return 'other';
  }
  /** Sharpness β > 0. */
  readonly beta: number;
  constructor(options: { beta?: number } = {}) {
    super();
    checkOptions('Softplus', options, { beta: is.any }, NNError);
    this.beta = checkPositive('Softplus', 'beta', options.beta ?? 1);
  }
  override forward(x: Tensor): Tensor {
    x = inputTensor('Softplus', 'input', x);
    return x.softplus({ beta: this.beta });
  }
  override extraRepr(): string {
    return `beta=${this.beta}`;
  }
}

/**
 * Softmax along `axis` (default −1): yᵢ = e^(xᵢ) / Σⱼ e^(xⱼ), computed as e^(x − logsumexp(x)) (stable).
 * @example new Softmax().forward(tensor([1, 1])).toArray(); // [0.5, 0.5]
 */
export class Softmax extends Module {
  /** The class's name, kept through minification (printing, reports, messages, ONNX export). */
  static readonly typeName: string = 'Softmax';
  /** Axis the probabilities sum to 1 along. */
  readonly axis: number;
  constructor(axis = -1) {
    super();
    this.axis = checkInteger('Softmax', 'axis', axis);
  }
  override forward(x: Tensor): Tensor {
    x = inputTensor('Softmax', 'input', x);
    checkAxisInRange('Softmax', this.axis, x.shape);
    return x.softmax(this.axis);
  }
  override extraRepr(): string {
    return `axis=${this.axis}`;
  }
}

/**
 * Log-softmax along `axis` (default −1): yᵢ = xᵢ − logsumexp(x) (stable for any finite x).
 * Pair it with `nllLoss`; `crossEntropyLoss` on raw logits does both.
 * @example new LogSoftmax().forward(tensor([0, 0])).toArray(); // [-0.693…, -0.693…]
 */
export class LogSoftmax extends Module {
  /** The class's name, kept through minification (printing, reports, messages, ONNX export). */
  static readonly typeName: string = 'LogSoftmax';
  /** Axis to normalize along. */
  readonly axis: number;
  constructor(axis = -1) {
    super();
    this.axis = checkInteger('LogSoftmax', 'axis', axis);
  }
  override forward(x: Tensor): Tensor {
    x = inputTensor('LogSoftmax', 'input', x);
    checkAxisInRange('LogSoftmax', this.axis, x.shape);
    return x.logSoftmax(this.axis);
  }
  override extraRepr(): string {
    return `axis=${this.axis}`;
  }
}
