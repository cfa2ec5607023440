import type { TypedArray } from '@seedling/tensor';

/**
 * The gradient an update rule works with: g = ±∇ + λθ (minus when maximizing, λ the L2 weight decay), as a
 * fresh Float64Array. The stored gradient is never written.
 *
 * NOTE: kept in float64 whatever the parameter's dtype, so float32 parameters round once, on store.
 */
export function effectiveGrad(grad: TypedArray, param: TypedArray, maximize: boolean, weightDecay: number): Float64Array {
  const n = grad.length;
  const g = new Float64Array(n);
  const sign = maximize ? -1 : 1;
  for (let i = 0; i < n; i++) g[i] = sign * grad[i]! + weightDecay * param[i]!;
  return g;
}

/** θ ← θ − step·g, element-wise. */
export function descend(param: TypedArray, g: Float64Array, step: number): void {
  for (let i = 0; i < g.length; i++) param[i] = param[i]! - step * g[i]!;
}
