import { NDArray, type TypedArray, allocate } from '@seedling-ml/tensor';
import { adamKernel } from './adam-kernels.ts';
import { isResident, residentMoments } from './kernels/optim-f32-simd.ts';
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
export const adamStateKeys = { step: 'step', expAvg: 'array', expAvgSq: 'nonNegativeArray', maxExpAvgSq: 'nonNegativeArray' } as const;

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
 * The two moment buffers for a parameter: for float32 ones, resident in the SIMD kernel's memory when it runs here
 * (see `residentMoments`); otherwise ordinary arrays. A state loaded by `loadStateDict` (ordinary arrays) is moved
 * in at its next step, once. NOTE: not for AMSGrad, whose update is a JS loop: a loop that meets typed arrays on
 * WebAssembly memory as well as ordinary ones runs ≈ 2–3× slower in V8 (polymorphic), on one kind alone as fast.
 */
function moments(param: NDArray, state: AdamState, amsgrad: boolean): [TypedArray, TypedArray] {
  const m = state.expAvg;
  const v = state.expAvgSq;
  if (!amsgrad && param.dtype === 'float32' && (m === undefined || !isResident(m.data)) && (v === undefined || !isResident(v.data))) {
    const pair = residentMoments(param.size);
    if (pair !== null) {
      if (m !== undefined) pair[0].set(m.data);
      if (v !== undefined) pair[1].set(v.data);
      state.expAvg = new NDArray(pair[0], param.shape);
      state.expAvgSq = new NDArray(pair[1], param.shape);
    }
  }
  return [(state.expAvg ??= buffer(param)).data, (state.expAvgSq ??= buffer(param)).data];
}

/**
 * One Adam step for one parameter, shared by Adam and AdamW, in one fused pass (see `adamKernel`):
 * g = ±∇ + l2·θ; θ ← θ·decay; m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; m̂ = m/(1−β₁ᵗ); v̂ = v/(1−β₂ᵗ)
 * (AMSGrad: v̂ = max_{s≤t} v_s/(1−β₂ᵗ)); θ ← θ − γ·m̂/(√v̂ + ε). Adam passes l2 = λ, decay = 1; AdamW l2 = 0,
 * decay = 1 − γλ. Buffers are created at the parameter's first step; nothing else is allocated.
 */
export function adamUpdate(
  param: NDArray,
  grad: TypedArray,
  state: AdamState,
  h: Readonly<AdamHyperparameters>,
  l2: number,
  decay: number,
): void {
  const [beta1, beta2] = h.betas;
  const step = (state.step ?? 0) + 1;
  state.step = step;
  const [m, v] = moments(param, state, h.amsgrad);
  const vmax = h.amsgrad ? (state.maxExpAvgSq ??= buffer(param)).data : null;
  // NOTE: √v / √(1−β₂ᵗ) + ε inside the kernel, the order PyTorch evaluates √v̂ + ε in.
  const stepSize = h.lr / (1 - beta1 ** step);
  const bc2Sqrt = Math.sqrt(1 - beta2 ** step);
  const sign = h.maximize ? -1 : 1;
  adamKernel(param.data, grad, m, v, vmax, { sign, l2, decay, beta1, beta2, stepSize, bc2Sqrt, eps: h.eps });
}
