import type { TypedArray } from '@seedling-ml/tensor';
import { sgdF32Simd } from './kernels/optim-f32-simd.ts';

/**
 * Plain SGD over a parameter in one pass, in place: θ ← θ − γ·(sign·∇ + λθ) per element.
 *
 * NOTE: g is formed inline in float64 (sign = 1 and λ = 0 make it ∇ bit for bit, signed zeros included, which
 * reading ∇ directly would not), so no copy of the gradient is made.
 */
export function sgdPlain(p: TypedArray, grad: TypedArray, sign: number, wd: number, lr: number): void {
  // Float32: the SIMD kernel does the same float64 operations two at a time (bit-identical).
  if (p instanceof Float32Array && grad instanceof Float32Array && sgdF32Simd(p, grad, sign, wd, lr)) return;
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const th = p[i]!;
    p[i] = th - lr * (sign * grad[i]! + wd * th);
  }
}

/**
 * SGD with momentum over a parameter in one pass, in place: g = sign·∇ + λθ; b ← g at the first step
 * (`first`), else b ← μb + (1 − τ)g; θ ← θ − γ·(g + μb) with Nesterov, θ ← θ − γ·b without.
 *
 * NOTE: b rounds when stored and θ's update reads the stored value, as the separate passes did. The loop
 * variant is chosen here, outside the loops.
 */
export function sgdMomentum(
  p: TypedArray,
  grad: TypedArray,
  b: TypedArray,
  sign: number,
  wd: number,
  lr: number,
  mu: number,
  tau: number,
  first: boolean,
  nesterov: boolean,
): void {
  if (first) {
    if (nesterov) firstNesterov(p, grad, b, sign, wd, lr, mu);
    else firstHeavyBall(p, grad, b, sign, wd, lr);
  } else if (nesterov) nesterovLoop(p, grad, b, sign, wd, lr, mu, 1 - tau);
  else heavyBall(p, grad, b, sign, wd, lr, mu, 1 - tau);
}

function firstHeavyBall(p: TypedArray, grad: TypedArray, b: TypedArray, sign: number, wd: number, lr: number): void {
  const n = p.length;
  for (let i = 0; i < n; i++) {
    b[i] = sign * grad[i]! + wd * p[i]!;
    p[i] = p[i]! - lr * b[i]!;
  }
}

function firstNesterov(p: TypedArray, grad: TypedArray, b: TypedArray, sign: number, wd: number, lr: number, mu: number): void {
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const g = sign * grad[i]! + wd * p[i]!;
    b[i] = g;
    p[i] = p[i]! - lr * (g + mu * b[i]!);
  }
}

function heavyBall(p: TypedArray, grad: TypedArray, b: TypedArray, sign: number, wd: number, lr: number, mu: number, damp: number): void {
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const g = sign * grad[i]! + wd * p[i]!;
    b[i] = mu * b[i]! + damp * g;
    p[i] = p[i]! - lr * b[i]!;
  }
}

function nesterovLoop(
  p: TypedArray,
  grad: TypedArray,
  b: TypedArray,
  sign: number,
  wd: number,
  lr: number,
  mu: number,
  damp: number,
): void {
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const g = sign * grad[i]! + wd * p[i]!;
    b[i] = mu * b[i]! + damp * g;
    p[i] = p[i]! - lr * (g + mu * b[i]!);
  }
}
