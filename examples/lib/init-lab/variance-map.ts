/**
 * The variance map of a tanh MLP (Poole et al. 2016): with Gaussian pre-activations y ~ N(0, v_l), the
 * next layer's pre-activation variance is v_{l+1} = q·E[tanh²(√v_l·z)], z ~ N(0, 1). It predicts the
 * measured per-layer std of the lab's tanh nets to 2–3 digits (docs/initialization.md §6).
 */

/**
 * E[tanh²(s·z)] for z ~ N(0, 1), by Simpson's rule on [−10, 10] (the Gaussian tail beyond is < 10⁻²²).
 *
 * @example
 * Math.sqrt(meanTanhSquared(1)); // 0.6279: what one tanh does to a unit-std signal
 */
export function meanTanhSquared(s: number): number {
  const steps = 2000;
  const h = 20 / steps;
  let sum = 0;
  for (let k = 0; k <= steps; k++) {
    const z = -10 + k * h;
    const weight = k === 0 || k === steps ? 1 : k % 2 === 1 ? 4 : 2;
    sum += weight * Math.tanh(s * z) ** 2 * Math.exp((-z * z) / 2);
  }
  return (sum * h) / 3 / Math.sqrt(2 * Math.PI);
}

/**
 * Predicted pre-activation std of layers 1…depth of an MLP with square layers, q = n·Var(w) and zero
 * biases, for inputs with second moment `inputSecondMoment`: v₁ = q·E[x²], then v_{l+1} = q·g(v_l) with
 * g(v) = E[tanh²(√v z)] for tanh and v/2 for ReLU (the closed form q/2 per layer).
 *
 * @example
 * predictedStds('tanh', 1, 30)[29]; // 0.133 (Xavier, layer 30)
 */
export function predictedStds(activation: 'relu' | 'tanh', q: number, depth: number, inputSecondMoment = 1): number[] {
  const v = [q * inputSecondMoment];
  for (let l = 1; l < depth; l++) {
    const prev = v[l - 1]!;
    v.push(q * (activation === 'relu' ? prev / 2 : meanTanhSquared(Math.sqrt(prev))));
  }
  return v.map(Math.sqrt);
}
