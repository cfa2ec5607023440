import type { TypedArray } from '@seedling-ml/tensor';

/** The numbers one RMSprop step needs, computed once per parameter outside the loop. */
export interface RMSpropConstants {
  /** 1, or −1 when maximizing. */
  readonly sign: number;
  /** L2 weight decay λ. */
  readonly wd: number;
  /** Learning rate γ. */
  readonly lr: number;
  /** Smoothing constant α. */
  readonly alpha: number;
  /** ε. */
  readonly eps: number;
  /** Momentum factor μ (used only when a momentum buffer is given). */
  readonly mu: number;
}

/**
 * One fused RMSprop pass over a parameter, in place: per element g = sign·∇ + λθ; v ← αv + (1−α)g²;
 * d = √v + ε, or, centered (`ga` given), gᵃᵛᵍ ← αgᵃᵛᵍ + (1−α)g and d = √(v − (gᵃᵛᵍ)²) + ε; with momentum
 * (`b` given) b ← μb + g/d and θ ← θ − γb, else θ ← θ − γ·g/d.
 *
 * NOTE: buffers round when stored and later uses read the stored value, as separate passes would. The loop
 * variant is chosen here, outside the loops.
 */
export function rmspropKernel(
  p: TypedArray,
  grad: TypedArray,
  v: TypedArray,
  ga: TypedArray | null,
  b: TypedArray | null,
  k: RMSpropConstants,
): void {
  if (ga === null) {
    if (b === null) plain(p, grad, v, k);
    else momentum(p, grad, v, b, k);
  } else if (b === null) centered(p, grad, v, ga, k);
  else centeredMomentum(p, grad, v, ga, b, k);
}

function plain(p: TypedArray, grad: TypedArray, v: TypedArray, k: RMSpropConstants): void {
  const { sign, wd, lr, alpha, eps } = k;
  const c = 1 - alpha;
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const g = sign * grad[i]! + wd * p[i]!;
    v[i] = alpha * v[i]! + c * g * g;
    p[i] = p[i]! - lr * (g / (Math.sqrt(v[i]!) + eps));
  }
}

function momentum(p: TypedArray, grad: TypedArray, v: TypedArray, b: TypedArray, k: RMSpropConstants): void {
  const { sign, wd, lr, alpha, eps, mu } = k;
  const c = 1 - alpha;
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const g = sign * grad[i]! + wd * p[i]!;
    v[i] = alpha * v[i]! + c * g * g;
    b[i] = mu * b[i]! + g / (Math.sqrt(v[i]!) + eps);
    p[i] = p[i]! - lr * b[i]!;
  }
}

function centered(p: TypedArray, grad: TypedArray, v: TypedArray, ga: TypedArray, k: RMSpropConstants): void {
  const { sign, wd, lr, alpha, eps } = k;
  const c = 1 - alpha;
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const g = sign * grad[i]! + wd * p[i]!;
    v[i] = alpha * v[i]! + c * g * g;
    ga[i] = alpha * ga[i]! + c * g;
    p[i] = p[i]! - lr * (g / (Math.sqrt(v[i]! - ga[i]! * ga[i]!) + eps));
  }
}

function centeredMomentum(p: TypedArray, grad: TypedArray, v: TypedArray, ga: TypedArray, b: TypedArray, k: RMSpropConstants): void {
  const { sign, wd, lr, alpha, eps, mu } = k;
  const c = 1 - alpha;
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const g = sign * grad[i]! + wd * p[i]!;
    v[i] = alpha * v[i]! + c * g * g;
    ga[i] = alpha * ga[i]! + c * g;
    b[i] = mu * b[i]! + g / (Math.sqrt(v[i]! - ga[i]! * ga[i]!) + eps);
    p[i] = p[i]! - lr * b[i]!;
  }
}
