import type { NDArray, TypedArray } from '@seedling-ml/tensor';
import { type AdamHyperparameters, type AdamState, adamStateKeys, adamUpdate, validateAdam } from './adam-core.ts';
import { Optimizer, type OptimizerOptions, type OptimizerSpec, type ParamGroup } from './optimizer.ts';
import type { ParamsInput } from './params.ts';

/** Options of `new AdamW(params, options)`: defaults for every group, plus OptimizerOptions. */
export type AdamWOptions = Partial<AdamHyperparameters> & OptimizerOptions;

const spec: OptimizerSpec<AdamHyperparameters> = {
  defaults: { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, maximize: false },
  validate: validateAdam,
  stateKeys: adamStateKeys,
};

/**
 * AdamW: Adam with decoupled weight decay (Loshchilov & Hutter, 2019, "Decoupled Weight Decay
 * Regularization"), following PyTorch's `torch.optim.AdamW` exactly.
 *
 * Update rule at step t (γ lr, λ weightDecay, m₀ = v₀ = 0):
 * ```
 * g ← ∇  (−∇ when maximize)           (no L2 term in g)
 * θ ← θ·(1 − γλ)                      (decoupled decay)
 * m_t = β₁·m_{t−1} + (1 − β₁)·g;   v_t = β₂·v_{t−1} + (1 − β₂)·g²
 * m̂ = m_t / (1 − β₁ᵗ);   v̂ = v_t / (1 − β₂ᵗ)   (AMSGrad: v̂ = max(v_{t−1}ᵐᵃˣ, v_t) / (1 − β₂ᵗ))
 * θ ← θ − γ·m̂ / (√v̂ + ε)
 * ```
 * Defaults: lr 1e-3, betas [0.9, 0.999], eps 1e-8, weightDecay 1e-2, amsgrad false, maximize false.
 *
 * @example
 * const w = tensor([1], { requiresGrad: true, dtype: 'float64' });
 * const opt = new AdamW([w], { lr: 0.1, weightDecay: 0.5 });
 * w.grad = tensor([0], { dtype: 'float64' });
 * opt.step();
 * w.item(); // 0.95 (only the decay acts: 1·(1 − 0.1·0.5))
 */
export class AdamW extends Optimizer<AdamHyperparameters, AdamState> {
  /** The class's name, kept through minification (toString, reports, messages). */
  static readonly typeName = 'AdamW';
  constructor(params: ParamsInput<AdamHyperparameters>, options: AdamWOptions = {}) {
    super('AdamW', params, options, spec);
  }

  protected override update(param: NDArray, grad: TypedArray, state: AdamState, group: Readonly<ParamGroup<AdamHyperparameters>>): void {
    // No L2 term in g; the decay multiplies θ inside the same pass.
    adamUpdate(param, grad, state, group, 0, 1 - group.lr * group.weightDecay);
  }
}
