import { NDArray, type TypedArray, allocate } from '@seedling-ml/tensor';
import { checkBoolean, checkNumber } from './check.ts';
import { OptimError } from './errors.ts';
import { type Hyperparameters, Optimizer, type OptimizerOptions, type OptimizerSpec, type ParamGroup } from './optimizer.ts';
import type { ParamsInput } from './params.ts';
import { sgdMomentum, sgdPlain } from './sgd-kernels.ts';

/** SGD's hyperparameters (per group). */
export interface SGDHyperparameters extends Hyperparameters {
  /** Learning rate γ ≥ 0; default 1e-3. */
  lr: number;
  /** Momentum factor μ ≥ 0; default 0 (plain SGD). */
  momentum: number;
  /** Dampening τ ∈ [0, 1] of the momentum; default 0. */
  dampening: number;
  /** L2 penalty λ ≥ 0 added to the gradient; default 0. */
  weightDecay: number;
  /** Nesterov momentum (needs μ > 0 and τ = 0); default false. */
  nesterov: boolean;
  /** Maximize the objective instead of minimizing; default false. */
  maximize: boolean;
}

/** SGD's per-parameter state. */
export type SGDState = { momentumBuffer?: NDArray };

/** Options of `new SGD(params, options)`: defaults for every group, plus OptimizerOptions. */
export type SGDOptions = Partial<SGDHyperparameters> & OptimizerOptions;

const spec: OptimizerSpec<SGDHyperparameters> = {
  defaults: { lr: 1e-3, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false },
  validate(op, h, where) {
    checkNumber(op, 'lr', h.lr, { min: 0 });
    checkNumber(op, 'momentum', h.momentum, { min: 0 });
    checkNumber(op, 'dampening', h.dampening, { min: 0, max: 1 });
    checkNumber(op, 'weightDecay', h.weightDecay, { min: 0 });
    checkBoolean(op, 'nesterov', h.nesterov);
    checkBoolean(op, 'maximize', h.maximize);
    if (h.nesterov && (h.momentum <= 0 || h.dampening !== 0)) {
      throw new OptimError(
        op,
        `nesterov requires momentum > 0 and dampening = 0, got momentum ${h.momentum} and dampening ${h.dampening} in ${where}`,
      );
    }
  },
  stateKeys: { momentumBuffer: 'array' },
};

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay,
 * following PyTorch's `torch.optim.SGD` exactly (Sutskever et al. 2013 for the Nesterov form).
 *
 * Update rule, per parameter θ with gradient ∇ at step t (γ lr, μ momentum, τ dampening, λ weightDecay):
 * ```
 * g ← ∇                          (g ← −∇ when maximize)
 * g ← g + λθ                     (when λ ≠ 0)
 * if μ ≠ 0:
 *   b₁ = g;  b_t = μ·b_{t−1} + (1 − τ)·g   (t > 1)
 *   g ← g + μ·b_t  if nesterov,  else g ← b_t
 * θ ← θ − γ·g
 * ```
 * Defaults: lr 1e-3, momentum 0, dampening 0, weightDecay 0, nesterov false, maximize false.
 * The momentum buffer lives in the optimizer's state (`momentumBuffer`), created at a parameter's first step.
 * Each step is one pass over the parameter (`sgd-kernels.ts`) and allocates nothing after the first.
 *
 * @example
 * const w = tensor([1, 2], { requiresGrad: true, dtype: 'float64' });
 * const opt = new SGD([w], { lr: 0.1, momentum: 0.9 });
 * w.grad = tensor([1, 1], { dtype: 'float64' });
 * opt.step();
 * w.toArray(); // [0.9, 1.9]
 */
export class SGD extends Optimizer<SGDHyperparameters, SGDState> {
  /** The class's name, kept through minification (toString, reports, messages). */
  static readonly typeName = 'SGD';
  constructor(params: ParamsInput<SGDHyperparameters>, options: SGDOptions = {}) {
    super('SGD', params, options, spec);
  }

  protected override update(param: NDArray, grad: TypedArray, state: SGDState, group: Readonly<ParamGroup<SGDHyperparameters>>): void {
    const { lr, momentum: mu, dampening: tau, weightDecay, nesterov, maximize } = group;
    const sign = maximize ? -1 : 1;
    if (mu === 0) {
      sgdPlain(param.data, grad, sign, weightDecay, lr);
      return;
    }
    const first = state.momentumBuffer === undefined;
    const b = (state.momentumBuffer ??= new NDArray(allocate(param.dtype, param.size), param.shape)).data;
    sgdMomentum(param.data, grad, b, sign, weightDecay, lr, mu, tau, first, nesterov);
  }
}
