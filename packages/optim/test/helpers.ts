import { type Tensor, tensor } from '@seedling-ml/autograd';
import { expect } from 'vitest';

/** A float64 parameter. */
export function param(values: number[]): Tensor {
  return tensor(values, { requiresGrad: true, dtype: 'float64' });
}

/** Sets p.grad by hand (no backward needed). */
export function setGrad(p: Tensor, values: number[]): void {
  p.grad = tensor(values, { dtype: 'float64' });
}

/** The values of a 1-D tensor as a number[]. */
export function values(p: Tensor): number[] {
  return Array.from(p.data.data);
}

/** Element-wise |a − e| ≤ atol + rtol·|e|. */
export function expectClose(actual: readonly number[], expected: readonly number[], rtol = 1e-12, atol = 1e-15): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
      throw new Error(`element ${i}: got ${a}, expected ${e} (|diff| ${Math.abs(a - e)})`);
    }
  });
}

/** The fixed small problem of the "first 3 steps" tests: ∇f(θ) = [2θ₀ − 1, 0.5θ₁ + 0.3, 0.25θ₂³]. */
export function problemGrad(theta: readonly number[]): number[] {
  return [2 * theta[0]! - 1, 0.5 * theta[1]! + 0.3, 0.25 * theta[2]! ** 3];
}

/** θ₀ of the fixed problem. */
export const THETA0 = [0.5, -1.5, 2];

/** Runs `steps` optimizer steps on the fixed problem, returning θ after each. */
export function runProblem(make: (p: Tensor) => { step(): unknown }, steps: number): number[][] {
  const p = param([...THETA0]);
  const opt = make(p);
  const out: number[][] = [];
  for (let t = 0; t < steps; t++) {
    setGrad(p, problemGrad(values(p)));
    opt.step();
    out.push(values(p));
  }
  return out;
}
