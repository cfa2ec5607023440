import type { NDArray, TypedArray } from '@seedling-ml/tensor';
import { type AdamHyperparameters, type AdamState, adamStateKeys, adamUpdate, validateAdam } from './adam-core.ts';
import { Optimizer, type OptimizerOptions, type OptimizerSpec, type ParamGroup } from './optimizer.ts';
import type { ParamsInput } from './params.ts';

export type { AdamHyperparameters, AdamState } from './adam-core.ts';

/** Options of `new Adam(params, options)`: defaults for every group, plus OptimizerOptions. */
export type AdamOptions = Partial<AdamHyperparameters> & OptimizerOptions;

const spec: OptimizerSpec<AdamHyperparameters> = {
  defaults: { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false },
  validate: validateAdam,
  stateKeys: adamStateKeys,
};

/**
 * Adam (Kingma & Ba, 2015, "Adam: A Method for Stochastic Optimization"), following PyTorch's
 * `torch.optim.Adam` exactly, with bias correction and optional AMSGrad (Reddi et al., 2018).
 *
 * Update rule at step t = 1, 2, … (γ lr, λ weightDecay as L2, m₀ = v₀ = v₀ᵐᵃˣ = 0):
 * ```
 * g ← ∇  (−∇ when maximize);   g ← g + λθ
 * m_t = β₁·m_{t−1} + (1 − β₁)·g
 * v_t = β₂·v_{t−1} + (1 − β₂)·g²
 * m̂ = m_t / (1 − β₁ᵗ)
 * v̂ = v_t / (1 − β₂ᵗ)                 AMSGrad: v_tᵐᵃˣ = max(v_{t−1}ᵐᵃˣ, v_t), v̂ = v_tᵐᵃˣ / (1 − β₂ᵗ)
 * θ ← θ − γ·m̂ / (√v̂ + ε)
 * ```
 * Defaults: lr 1e-3, betas [0.9, 0.999], eps 1e-8, weightDecay 0, amsgrad false, maximize false.
 * State per parameter: `step`, `expAvg` (m), `expAvgSq` (v), `maxExpAvgSq` (AMSGrad).
 *
 * @example
 * const w = tensor([1], { requiresGrad: true, dtype: 'float64' });
 * const opt = new Adam([w], { lr: 0.1 });
 * w.grad = tensor([5], { dtype: 'float64' });
 * opt.step();
 * w.item(); // ≈ 0.9 (the first step moves every coordinate by ≈ γ, whatever the gradient's scale)
 */
export class Adam extends Optimizer<AdamHyperparameters, AdamState> {
  /** The class's name, kept through minification (toString, reports, messages). */
  static readonly typeName = 'Adam';
  constructor(params: ParamsInput<AdamHyperparameters>, options: AdamOptions = {}) {
    super('Adam', params, options, spec);
  }

  protected override update(param: NDArray, grad: TypedArray, state: AdamState, group: Readonly<ParamGroup<AdamHyperparameters>>): void {
    adamUpdate(param, grad, state, group, group.weightDecay, 1);
  }
}
