import type { TypedArray } from '@seedling-ml/tensor';
import { adamF32Simd } from './kernels/optim-f32-simd.ts';

/** The numbers one Adam/AdamW step needs, computed once per parameter outside the loop. */
export interface AdamConstants {
  /** 1, or −1 when maximizing. */
  readonly sign: number;
  /** L2 weight decay λ added to the gradient (Adam); 0 for AdamW. */
  readonly l2: number;
  /** Decoupled decay factor 1 − γλ applied to θ first (AdamW); 1 for Adam. */
  readonly decay: number;
  /** β₁, decay rate of the first moment. */
  readonly beta1: number;
  /** β₂, decay rate of the second moment. */
  readonly beta2: number;
  /** γ / (1 − β₁ᵗ). */
  readonly stepSize: number;
  /** √(1 − β₂ᵗ). */
  readonly bc2Sqrt: number;
  /** ε. */
  readonly eps: number;
}

/**
 * One fused Adam/AdamW pass over a parameter, in place: per element
 * g = sign·∇ + l2·θ; θ ← θ·decay; m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; (AMSGrad: v̂ ← max(v̂, v));
 * θ ← θ − stepSize·m / (√v / √(1−β₂ᵗ) + ε). `vmax` is the AMSGrad buffer, or null.
 *
 * NOTE: the moments in float64; θ, m, v, v̂ round when stored, and each later use reads the stored (rounded)
 * value, exactly as separate passes would. For float32 storage that read is replaced by `Math.fround` (same
 * bits, ≈ 15 % faster than re-loading); other storage re-loads. With decay = 1, θ·decay = θ exactly.
 * For float32 parameters the step itself is float32 arithmetic, as PyTorch's CPU Adam computes it on float32
 * tensors: d = fl(fl(fl(√v) / bc2) + ε), θ ← fl(fl(θ·decay) + fl(fl(−stepSize·m) / d)) with bc2, ε and
 * −stepSize rounded to float32 — four lanes per WebAssembly SIMD instruction instead of two, where float64
 * square roots and divisions took ≈ 70 % of the update. When a constant does not survive that rounding (ε > 0
 * below float32's smallest subnormal, or stepSize beyond FLT_MAX) the float64 step runs instead.
 */
export function adamKernel(p: TypedArray, grad: TypedArray, m: TypedArray, v: TypedArray, vmax: TypedArray | null, k: AdamConstants): void {
  if (p instanceof Float32Array && m instanceof Float32Array && v instanceof Float32Array) {
    const f = float32Step(k);
    if (vmax === null) {
      // The SIMD kernel computes the same operations four at a time (bit-identical); the loop is its fallback.
      if (!(f !== null && grad instanceof Float32Array && adamF32Simd(p, grad, m, v, k, f))) adamF32(p, grad, m, v, k, f);
    } else if (vmax instanceof Float32Array) amsgradF32(p, grad, m, v, vmax, k, f);
    else amsgradAny(p, grad, m, v, vmax, k);
  } else if (vmax === null) adamAny(p, grad, m, v, k);
  else amsgradAny(p, grad, m, v, vmax, k);
}

/** The float32 constants of a float32 parameter step. */
export interface Float32Step {
  /** fl(−stepSize). */
  readonly negStep: number;
  /** fl(√(1−β₂ᵗ)). */
  readonly bc2: number;
  /** fl(ε). */
  readonly eps: number;
}

/** The step's constants rounded to float32, or null when one would change meaning (see `adamKernel`). */
export function float32Step(k: AdamConstants): Float32Step | null {
  const negStep = Math.fround(-k.stepSize);
  const eps = Math.fround(k.eps);
  if (!Number.isFinite(negStep) || (eps === 0 && k.eps !== 0)) return null;
  return { negStep, bc2: Math.fround(k.bc2Sqrt), eps };
}

function adamF32(p: Float32Array, grad: TypedArray, m: Float32Array, v: Float32Array, k: AdamConstants, f: Float32Step | null): void {
  const { sign, l2, decay, beta1, beta2, stepSize, bc2Sqrt, eps } = k;
  const c1 = 1 - beta1;
  const c2 = 1 - beta2;
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const th = p[i]!;
    const g = sign * grad[i]! + l2 * th;
    const mi = Math.fround(beta1 * m[i]! + c1 * g);
    const vi = Math.fround(beta2 * v[i]! + c2 * g * g);
    m[i] = mi;
    v[i] = vi;
    p[i] = f === null ? Math.fround(th * decay) - (stepSize * mi) / (Math.sqrt(vi) / bc2Sqrt + eps) : stepF32(th * decay, mi, vi, f);
  }
}

/** fl(fl(θ·decay) + fl(fl(−stepSize·m) / fl(fl(fl(√v) / bc2) + ε))): each Math.fround is one float32 operation. */
function stepF32(thDecay: number, mi: number, vi: number, f: Float32Step): number {
  const d = Math.fround(Math.fround(Math.fround(Math.sqrt(vi)) / f.bc2) + f.eps);
  return Math.fround(Math.fround(thDecay) + Math.fround(Math.fround(f.negStep * mi) / d));
}

function amsgradF32(
  p: Float32Array,
  grad: TypedArray,
  m: Float32Array,
  v: Float32Array,
  vmax: Float32Array,
  k: AdamConstants,
  f: Float32Step | null,
): void {
  const { sign, l2, decay, beta1, beta2, stepSize, bc2Sqrt, eps } = k;
  const c1 = 1 - beta1;
  const c2 = 1 - beta2;
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const th = p[i]!;
    const g = sign * grad[i]! + l2 * th;
    const mi = Math.fround(beta1 * m[i]! + c1 * g);
    const vi = Math.fround(beta2 * v[i]! + c2 * g * g);
    const si = vi > vmax[i]! ? vi : vmax[i]!;
    m[i] = mi;
    v[i] = vi;
    vmax[i] = si;
    p[i] = f === null ? Math.fround(th * decay) - (stepSize * mi) / (Math.sqrt(si) / bc2Sqrt + eps) : stepF32(th * decay, mi, si, f);
  }
}

function adamAny(p: TypedArray, grad: TypedArray, m: TypedArray, v: TypedArray, k: AdamConstants): void {
  const { sign, l2, decay, beta1, beta2, stepSize, bc2Sqrt, eps } = k;
  const c1 = 1 - beta1;
  const c2 = 1 - beta2;
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const g = sign * grad[i]! + l2 * p[i]!;
    p[i] = p[i]! * decay;
    m[i] = beta1 * m[i]! + c1 * g;
    v[i] = beta2 * v[i]! + c2 * g * g;
    p[i] = p[i]! - (stepSize * m[i]!) / (Math.sqrt(v[i]!) / bc2Sqrt + eps);
  }
}

function amsgradAny(p: TypedArray, grad: TypedArray, m: TypedArray, v: TypedArray, vmax: TypedArray, k: AdamConstants): void {
  const { sign, l2, decay, beta1, beta2, stepSize, bc2Sqrt, eps } = k;
  const c1 = 1 - beta1;
  const c2 = 1 - beta2;
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const g = sign * grad[i]! + l2 * p[i]!;
    p[i] = p[i]! * decay;
    m[i] = beta1 * m[i]! + c1 * g;
    v[i] = beta2 * v[i]! + c2 * g * g;
    if (v[i]! > vmax[i]!) vmax[i] = v[i]!;
    p[i] = p[i]! - (stepSize * m[i]!) / (Math.sqrt(vmax[i]!) / bc2Sqrt + eps);
  }
}
