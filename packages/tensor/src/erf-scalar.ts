/** 2 / sqrt(pi). */
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
/** sqrt(pi). */
const SQRT_PI = Math.sqrt(Math.PI);
/** Below this |x| the series is used; above it the continued fraction for erfc. */
const SERIES_LIMIT = 2.5;
/** Terms of the erfc continued fraction; at x >= 2.5 forty give full float64 precision of erf. */
const CF_TERMS = 40;
/** erfc(6) ~ 2.2e-17 < eps/2, so erf rounds to exactly ±1 beyond this. */
const SATURATION = 6;

/**
 * The error function of one float64 number: erf(x) = 2/sqrt(pi) * integral from 0 to x of exp(-t^2) dt.
 *
 * NOTE: two expansions, each used where it converges fast and without cancellation (max relative error
 * about 2e-15, checked against 40-digit arithmetic):
 * - |x| < 2.5: erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_{n>=0} 2^n x^(2n+1) / (1*3*5*...*(2n+1)), a series of
 *   terms of one sign (no cancellation, unlike the Maclaurin series);
 * - |x| >= 2.5: erf(x) = 1 - erfc(x), erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))),
 *   Laplace's continued fraction evaluated backwards from a fixed depth.
 *
 * @example
 * erfScalar(1); // 0.8427007929497149
 */
export function erfScalar(x: number): number {
  if (x !== x) return x;
  const ax = x < 0 ? -x : x;
  if (ax >= SATURATION) return x < 0 ? -1 : 1;
  if (ax < SERIES_LIMIT) {
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 100; n++) {
      term *= (2 * x2) / (2 * n + 1);
      sum += term;
      if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
    }
    return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
  }
  let f = ax;
  for (let k = CF_TERMS; k >= 1; k--) f = ax + k / 2 / f;
  const erfc = Math.exp(-ax * ax) / (SQRT_PI * f);
  return x < 0 ? erfc - 1 : 1 - erfc;
}
