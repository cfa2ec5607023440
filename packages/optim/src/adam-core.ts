import { NDArray, allocate } from '@seedling/tensor';
import { checkBoolean, checkNumber, describe } from './check.ts';
import { OptimError } from './errors.ts';
import type { Hyperparameters } from './optimizer.ts';

/** Hyperparameters shared by Adam and AdamW (per group). */
export interface AdamHyperparameters extends Hyperparameters {
  /** Learning rate γ ≥ 0; default 1e-3. */
  lr: number;
  /** Decay rates (β₁, β₂) ∈ [0, 1)² of the first and second moment estimates; default [0.9, 0.999]. */
  betas: readonly [number, number];
  /** ε ≥ 0 added to the denominator; default 1e-8. */
  eps: number;
  /** Weight decay λ ≥ 0: L2 added to the gradient (Adam, default 0) or decoupled (AdamW, default 1e-2). */
  weightDecay: number;
  /** Use the AMSGrad variant (running maximum of the second moment); default false. */
  amsgrad: boolean;
  /** Maximize the objective instead of minimizing; default false. */
  maximize: boolean;
}

/** Adam's and AdamW's per-parameter state. */
export type AdamState = { step?: number; expAvg?: NDArray; expAvgSq?: NDArray; maxExpAvgSq?: NDArray };

/** State entries Adam and AdamW keep. */
export const adamStateKeys = { step: 'number', expAvg: 'array', expAvgSq: 'array', maxExpAvgSq: 'array' } as const;

/** Checks Adam/AdamW hyperparameters, naming the bad value and its range. */
export function validateAdam(op: string, h: Readonly<AdamHyperparameters>): void {
  checkNumber(op, 'lr', h.lr, { min: 0 });
  if (!Array.isArray(h.betas) || h.betas.length !== 2) {
    throw new OptimError(op, `invalid betas: ${describe(h.betas)} (valid: [beta1, beta2], each in [0, 1))`);
  }
  checkNumber(op, 'betas[0]', h.betas[0], { min: 0, max: 1, maxOpen: true });
  checkNumber(op, 'betas[1]', h.betas[1], { min: 0, max: 1, maxOpen: true });
  checkNumber(op, 'eps', h.eps, { min: 0 });
  checkNumber(op, 'weightDecay', h.weightDecay, { min: 0 });
  checkBoolean(op, 'amsgrad', h.amsgrad);
  checkBoolean(op, 'maximize', h.maximize);
}

function buffer(param: NDArray): NDArray {
  return new NDArray(allocate(param.dtype, param.size), param.shape);
}

/**
 * The Adam moment update and step, shared by Adam and AdamW (g already holds ±∇ (+ λθ for Adam's L2)):
 * m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; m̂ = m/(1−β₁ᵗ); v̂ = v/(1−β₂ᵗ) (AMSGrad: v̂ = max_{s≤t} v_s/(1−β₂ᵗ));
 * θ ← θ − γ·m̂/(√v̂ + ε).
 */
export function adamMoments(param: NDArray, g: Float64Array, state: AdamState, h: Readonly<AdamHyperparameters>): void {
  const [beta1, beta2] = h.betas;
  const step = (state.step ?? 0) + 1;
  state.step = step;
  const m = (state.expAvg ??= buffer(param)).data;
  const v = (state.expAvgSq ??= buffer(param)).data;
  const n = g.length;
  for (let i = 0; i < n; i++) {
    m[i] = beta1 * m[i]! + (1 - beta1) * g[i]!;
    v[i] = beta2 * v[i]! + (1 - beta2) * g[i]! * g[i]!;
  }
  let second = v;
  if (h.amsgrad) {
    second = (state.maxExpAvgSq ??= buffer(param)).data;
    for (let i = 0; i < n; i++) if (v[i]! > second[i]!) second[i] = v[i]!;
  }
  const bc1 = 1 - beta1 ** step;
  const bc2Sqrt = Math.sqrt(1 - beta2 ** step);
  const stepSize = h.lr / bc1;
  const p = param.data;
  // NOTE: √v / √(1−β₂ᵗ) + ε, the order PyTorch evaluates √v̂ + ε in.
  for (let i = 0; i < n; i++) p[i] = p[i]! - (stepSize * m[i]!) / (Math.sqrt(second[i]!) / bc2Sqrt + h.eps);
}
