import { type NDArray, type TypedArray, full } from '@seedling-ml/tensor';
import { checkBoolean, checkNumber } from './check.ts';
import { type Hyperparameters, Optimizer, type OptimizerOptions, type OptimizerSpec, type ParamGroup } from './optimizer.ts';
import type { ParamsInput } from './params.ts';

/** Adagrad's hyperparameters (per group). */
export interface AdagradHyperparameters extends Hyperparameters {
  /** Learning rate γ ≥ 0; default 1e-2. */
  lr: number;
  /** Learning-rate decay η ≥ 0: step t uses γ / (1 + (t − 1)·η); default 0. */
  lrDecay: number;
  /** L2 penalty λ ≥ 0 added to the gradient; default 0. */
  weightDecay: number;
  /** Starting value ≥ 0 of the sum of squared gradients; default 0. */
  initialAccumulatorValue: number;
  /** ε ≥ 0 added to the denominator; default 1e-10. */
  eps: number;
  /** Maximize the objective instead of minimizing; default false. */
  maximize: boolean;
}

/** Adagrad's per-parameter state. */
export type AdagradState = { step?: number; sum?: NDArray };

/** Options of `new Adagrad(params, options)`: defaults for every group, plus OptimizerOptions. */
export type AdagradOptions = Partial<AdagradHyperparameters> & OptimizerOptions;

const spec: OptimizerSpec<AdagradHyperparameters> = {
  defaults: { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false },
  validate(op, h) {
    checkNumber(op, 'lr', h.lr, { min: 0 });
    checkNumber(op, 'lrDecay', h.lrDecay, { min: 0 });
    checkNumber(op, 'weightDecay', h.weightDecay, { min: 0 });
    checkNumber(op, 'initialAccumulatorValue', h.initialAccumulatorValue, { min: 0 });
    checkNumber(op, 'eps', h.eps, { min: 0 });
    checkBoolean(op, 'maximize', h.maximize);
  },
  stateKeys: { step: 'step', sum: 'nonNegativeArray' },
};

/**
 * Adagrad (Duchi, Hazan & Singer, 2011, "Adaptive Subgradient Methods for Online Learning and Stochastic
 * Optimization"), following PyTorch's `torch.optim.Adagrad` exactly.
 *
 * Update rule at step t = 1, 2, … (γ lr, η lrDecay, λ weightDecay; s₀ = initialAccumulatorValue):
 * ```
 * g ← ∇  (−∇ when maximize)
 * γ̃ = γ / (1 + (t − 1)·η)
 * g ← g + λθ
 * s_t = s_{t−1} + g²
 * θ ← θ − γ̃·g / (√s_t + ε)
 * ```
 * Defaults: lr 1e-2, lrDecay 0, weightDecay 0, initialAccumulatorValue 0, eps 1e-10, maximize false.
 * State per parameter: `step`, `sum` (s). Each step is one pass over the parameter; nothing is allocated after the first.
 *
 * @example
 * const w = tensor([1], { requiresGrad: true, dtype: 'float64' });
 * const opt = new Adagrad([w], { lr: 0.5 });
 * w.grad = tensor([3], { dtype: 'float64' });
 * opt.step();
 * w.item(); // ≈ 0.5: s = 9, θ = 1 − 0.5·3/3
 */
export class Adagrad extends Optimizer<AdagradHyperparameters, AdagradState> {
  /** The class's name, kept through minification (toString, reports, messages). */
  static readonly typeName = 'Adagrad';
  constructor(params: ParamsInput<AdagradHyperparameters>, options: AdagradOptions = {}) {
    super('Adagrad', params, options, spec);
  }

  protected override update(
    param: NDArray,
    grad: TypedArray,
    state: AdagradState,
    group: Readonly<ParamGroup<AdagradHyperparameters>>,
  ): void {
    const { lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize } = group;
    const p = param.data;
    const step = (state.step ?? 0) + 1;
    state.step = step;
    const clr = lr / (1 + (step - 1) * lrDecay);
    const sign = maximize ? -1 : 1;
    const sum = (state.sum ??= full(param.shape, initialAccumulatorValue, { dtype: param.dtype })).data;
    const n = p.length;
    // One pass, g formed inline; s rounds when stored and the update reads the stored value.
    for (let i = 0; i < n; i++) {
      const g = sign * grad[i]! + weightDecay * p[i]!;
      sum[i] = sum[i]! + g * g;
      p[i] = p[i]! - clr * (g / (Math.sqrt(sum[i]!) + eps));
    }
  }
}
