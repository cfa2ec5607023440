/**
 * A fraction as a percentage with two decimals.
 *
 * @example
 * percent(0.96125); // '96.13%'
 */
export function percent(fraction: number): string {
  return `${(100 * fraction).toFixed(2)}%`;
}
