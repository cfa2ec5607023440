import { NDArray, type TypedArray, allocate } from '@seedling-ml/tensor';
import { checkBoolean, checkNumber } from './check.ts';
import { type Hyperparameters, Optimizer, type OptimizerOptions, type OptimizerSpec, type ParamGroup } from './optimizer.ts';
import type { ParamsInput } from './params.ts';
import { rmspropKernel } from './rmsprop-kernels.ts';

/** RMSprop's hyperparameters (per group). */
export interface RMSpropHyperparameters extends Hyperparameters {
  /** Learning rate γ ≥ 0; default 1e-2. */
  lr: number;
  /** Smoothing constant α ∈ [0, 1] of the squared-gradient average; default 0.99. */
  alpha: number;
  /** ε ≥ 0 added to the denominator; default 1e-8. */
  eps: number;
  /** L2 penalty λ ≥ 0 added to the gradient; default 0. */
  weightDecay: number;
  /** Momentum factor μ ≥ 0; default 0. */
  momentum: number;
  /** Normalize by the estimated variance (subtract the squared mean gradient); default false. */
  centered: boolean;
  /** Maximize the objective instead of minimizing; default false. */
  maximize: boolean;
}

/** RMSprop's per-parameter state. */
export type RMSpropState = { step?: number; squareAvg?: NDArray; gradAvg?: NDArray; momentumBuffer?: NDArray };

/** Options of `new RMSprop(params, options)`: defaults for every group, plus OptimizerOptions. */
export type RMSpropOptions = Partial<RMSpropHyperparameters> & OptimizerOptions;

const spec: OptimizerSpec<RMSpropHyperparameters> = {
  defaults: { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false },
  validate(op, h) {
    checkNumber(op, 'lr', h.lr, { min: 0 });
    checkNumber(op, 'alpha', h.alpha, { min: 0, max: 1 });
    checkNumber(op, 'eps', h.eps, { min: 0 });
    checkNumber(op, 'weightDecay', h.weightDecay, { min: 0 });
    checkNumber(op, 'momentum', h.momentum, { min: 0 });
    checkBoolean(op, 'centered', h.centered);
    checkBoolean(op, 'maximize', h.maximize);
  },
  stateKeys: { step: 'step', squareAvg: 'nonNegativeArray', gradAvg: 'array', momentumBuffer: 'array' },
};

function buffer(param: NDArray): NDArray {
  return new NDArray(allocate(param.dtype, param.size), param.shape);
}

/**
 * RMSprop (Hinton, Coursera lecture 6e, 2012; centered form from Graves, 2013), following PyTorch's
 * `torch.optim.RMSprop` exactly.
 *
 * Update rule (γ lr, α alpha, λ weightDecay, μ momentum; v₀ = g₀ᵃᵛᵍ = b₀ = 0):
 * ```
 * g ← ∇  (−∇ when maximize);   g ← g + λθ
 * v_t = α·v_{t−1} + (1 − α)·g²
 * ṽ = v_t;   centered: gᵃᵛᵍ_t = α·gᵃᵛᵍ_{t−1} + (1 − α)·g,  ṽ = v_t − (gᵃᵛᵍ_t)²
 * μ > 0:  b_t = μ·b_{t−1} + g / (√ṽ + ε);   θ ← θ − γ·b_t
 * μ = 0:  θ ← θ − γ·g / (√ṽ + ε)
 * ```
 * Defaults: lr 1e-2, alpha 0.99, eps 1e-8, weightDecay 0, momentum 0, centered false, maximize false.
 * State per parameter: `step`, `squareAvg` (v), `gradAvg` (centered), `momentumBuffer` (μ > 0).
 * Each step is one pass over the parameter (`rmsprop-kernels.ts`) and allocates nothing after the first.
 *
 * @example
 * const w = tensor([1], { requiresGrad: true, dtype: 'float64' });
 * const opt = new RMSprop([w], { lr: 0.01, alpha: 0.75 });
 * w.grad = tensor([2], { dtype: 'float64' });
 * opt.step();
 * w.item(); // ≈ 0.98: v = 0.25·4 = 1, θ = 1 − 0.01·2/(1 + 1e-8)
 */
export class RMSprop extends Optimizer<RMSpropHyperparameters, RMSpropState> {
  /** The class's name, kept through minification (toString, reports, messages). */
  static readonly typeName = 'RMSprop';
  constructor(params: ParamsInput<RMSpropHyperparameters>, options: RMSpropOptions = {}) {
    super('RMSprop', params, options, spec);
  }

  protected override update(
    param: NDArray,
    grad: TypedArray,
    state: RMSpropState,
    group: Readonly<ParamGroup<RMSpropHyperparameters>>,
  ): void {
    const { lr, alpha, eps, weightDecay, momentum: mu, centered, maximize } = group;
    state.step = (state.step ?? 0) + 1;
    const v = (state.squareAvg ??= buffer(param)).data;
    const ga = centered ? (state.gradAvg ??= buffer(param)).data : null;
    const b = mu > 0 ? (state.momentumBuffer ??= buffer(param)).data : null;
    rmspropKernel(param.data, grad, v, ga, b, { sign: maximize ? -1 : 1, wd: weightDecay, lr, alpha, eps, mu });
  }
}
