import { type Module, Linear } from '@seedling-ml/nn';
import { type NDArray, matmul } from '@seedling-ml/tensor';

/**
 * Singular values of a square float64 matrix (row-major, n×n), ascending, by one-sided Jacobi rotations
 * of its columns (accurate relative to the largest singular value, which is all the lab prints).
 *
 * @example
 * singularValues(Float64Array.of(3, 0, 0, 4), 2); // [3, 4]
 */
export function singularValues(a: Float64Array, n: number): number[] {
  const m = Float64Array.from(a);
  for (let sweep = 0; sweep < 30; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < n; i++) {
          const x = m[i * n + p]!;
          const y = m[i * n + q]!;
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        // Columns p and q already orthogonal to working precision: nothing to rotate.
        if (Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < n; i++) {
          const x = m[i * n + p]!;
          const y = m[i * n + q]!;
          m[i * n + p] = c * x - s * y;
          m[i * n + q] = s * x + c * y;
        }
      }
    }
    if (!rotated) break;
  }
  const out: number[] = [];
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += m[i * n + j]! ** 2;
    out.push(Math.sqrt(s));
  }
  return out.sort((u, v) => u - v);
}

/** Summary of the end-to-end spectrum of a stack of square weights. */
export interface SpectrumSummary {
  largest: number;
  median: number;
  /** Fraction of singular values below 10⁻³ (directions the stack all but erases). */
  belowMilli: number;
}

/**
 * Singular values of W_L⋯W_1 over the square hidden-to-hidden weights of `model` (its Linear layers
 * whose weight is n×n; the read-out is skipped), in float64: the linear part of the network, which is
 * where orthogonal and Gaussian weights of equal variance differ (Saxe et al. 2014).
 */
export function endToEndSpectrum(model: Module): SpectrumSummary {
  const weights = [...model.modules()]
    .filter((m): m is Linear => m instanceof Linear)
    .map((l) => l.weight.data)
    .filter((w) => w.shape[0] === w.shape[1]);
  const n = weights[0]!.shape[0]!;
  let product: NDArray | null = null;
  for (const w of weights) {
    const w64 = w.astype('float64');
    product = product === null ? w64 : matmul(w64, product);
  }
  const s = singularValues(product!.data as Float64Array, n);
  return {
    largest: s[n - 1]!,
    median: (s[Math.floor((n - 1) / 2)]! + s[Math.ceil((n - 1) / 2)]!) / 2,
    belowMilli: s.filter((v) => v < 1e-3).length / n,
  };
}
