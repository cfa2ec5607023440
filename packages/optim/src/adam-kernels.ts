import type { TypedArray } from '@seedling-ml/tensor';
import { adamF32Simd, amsgradF32Simd } from './kernels/optim-f32-simd.ts';

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
 * Float32 parameters with float32 state: float32 arithmetic in PyTorch's order of operations on float32 tensors
 * (see `adamF32`), the SIMD kernel four lanes at a time with this loop as its bit-identical fallback — unless a
 * constant changes meaning when rounded to float32 (see `float32Constants`). Otherwise float64 maths: θ, m, v, v̂
 * round when stored, and each later use reads the stored (rounded) value, exactly as separate passes would.
 */
export function adamKernel(p: TypedArray, grad: TypedArray, m: TypedArray, v: TypedArray, vmax: TypedArray | null, k: AdamConstants): void {
  const f = p instanceof Float32Array && m instanceof Float32Array && v instanceof Float32Array ? float32Constants(k) : null;
  if (f !== null && vmax === null) {
    if (!(grad instanceof Float32Array && adamF32Simd(p as Float32Array, grad, m as Float32Array, v as Float32Array, f))) {
      adamF32(p as Float32Array, grad, m as Float32Array, v as Float32Array, f);
    }
  } else if (f !== null && vmax instanceof Float32Array) {
    const [p32, m32, v32] = [p as Float32Array, m as Float32Array, v as Float32Array];
    if (!(grad instanceof Float32Array && amsgradF32Simd(p32, grad, m32, v32, vmax, f))) amsgradF32(p32, grad, m32, v32, vmax, f);
  } else if (vmax === null) adamAny(p, grad, m, v, k);
  else amsgradAny(p, grad, m, v, vmax, k);
}

/** Adam's constants rounded to float32 (PyTorch casts a Python float to the tensor's float32 the same way). */
export interface AdamF32Constants {
  /** 1, or −1 when maximizing (exact in float32). */
  readonly sign: number;
  /** fl(λ), Adam's L2 weight decay added to the gradient; 0 for AdamW. */
  readonly l2: number;
  /** fl(1 − γλ), AdamW's decoupled decay factor; 1 for Adam. */
  readonly decay: number;
  /** fl(β₂). */
  readonly beta2: number;
  /** fl(1 − β₁), the lerp weight. */
  readonly c1: number;
  /** fl(1 − β₂). */
  readonly c2: number;
  /** fl(−stepSize). */
  readonly negStep: number;
  /** fl(√(1−β₂ᵗ)). */
  readonly bc2: number;
  /** fl(ε). */
  readonly eps: number;
}

/**
 * The float32 constants, or null when rounding would change what the update does — a nonzero constant that
 * becomes 0 (ε or λ below float32's smallest subnormal: ε = 0 turns 0/0 into NaN) or one that overflows — where
 * the float64 loop runs instead. An AdamW decay 1 − γλ within 2⁻²⁵ of 1 rounds to 1, as in PyTorch; θ stored in
 * float32 would not have changed anyway (fl(θ·(1 − δ)) = θ for δ below half an ulp, 2⁻²⁵ relative).
 */
export function float32Constants(k: AdamConstants): AdamF32Constants | null {
  const f = {
    sign: k.sign,
    l2: Math.fround(k.l2),
    decay: Math.fround(k.decay),
    beta2: Math.fround(k.beta2),
    c1: Math.fround(1 - k.beta1),
    c2: Math.fround(1 - k.beta2),
    negStep: Math.fround(-k.stepSize),
    bc2: Math.fround(k.bc2Sqrt),
    eps: Math.fround(k.eps),
  };
  const lost = (x: number, exact: number) => !Number.isFinite(x) || (x === 0 && exact !== 0);
  if (lost(f.l2, k.l2) || lost(f.c1, 1 - k.beta1) || lost(f.c2, 1 - k.beta2) || lost(f.negStep, k.stepSize) || lost(f.eps, k.eps))
    return null;
  return f;
}

/**
 * Float32 Adam, PyTorch's order (each `fr` one float32 operation, no fused multiply-add): g = sign·∇ + fl(l2·θ);
 * θ ← fl(θ·decay); m ← m + fl(c₁·(g − m)) (lerp); v ← fl(v·β₂) + fl(fl(c₂·g)·g); d = fl(√v) / bc2 + ε;
 * θ ← θ + fl(fl(−step·m) / d). Restates optim-f32.wat's `adam` bit for bit.
 */
function adamF32(p: Float32Array, grad: TypedArray, m: Float32Array, v: Float32Array, f: AdamF32Constants): void {
  const fr = Math.fround;
  const { sign, l2, decay, beta2, c1, c2, negStep, bc2, eps } = f;
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const th = p[i]!;
    const g = fr(fr(sign * fr(grad[i]!)) + fr(l2 * th));
    const mi = fr(m[i]! + fr(c1 * fr(g - m[i]!)));
    const vi = fr(fr(v[i]! * beta2) + fr(fr(c2 * g) * g));
    m[i] = mi;
    v[i] = vi;
    const d = fr(fr(fr(Math.sqrt(vi)) / bc2) + eps);
    p[i] = fr(fr(th * decay) + fr(fr(negStep * mi) / d));
  }
}

/** `adamF32` with AMSGrad's running maximum v̂ in the denominator. */
function amsgradF32(p: Float32Array, grad: TypedArray, m: Float32Array, v: Float32Array, vmax: Float32Array, f: AdamF32Constants): void {
  const fr = Math.fround;
  const { sign, l2, decay, beta2, c1, c2, negStep, bc2, eps } = f;
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const th = p[i]!;
    const g = fr(fr(sign * fr(grad[i]!)) + fr(l2 * th));
    const mi = fr(m[i]! + fr(c1 * fr(g - m[i]!)));
    const vi = fr(fr(v[i]! * beta2) + fr(fr(c2 * g) * g));
    const si = vi > vmax[i]! ? vi : vmax[i]!;
    m[i] = mi;
    v[i] = vi;
    vmax[i] = si;
    const d = fr(fr(fr(Math.sqrt(si)) / bc2) + eps);
    p[i] = fr(fr(th * decay) + fr(fr(negStep * mi) / d));
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
