/**
 * Reading the PyTorch golden fixtures (written by scripts/golden/generate.py) and comparing against them.
 * NOTE: the same small file sits in autograd, nn, optim and seedling test/golden/: a test may import only inside its
 * own package (scripts/dependency-rules.ts), and this has no dependencies to share through a package.
 */
import { readFileSync } from 'node:fs';

/** A tensor as stored in a fixture: exact doubles (float32 values are exact in a double). */
export interface Encoded {
  shape: number[];
  dtype: 'float32' | 'float64';
  data: number[];
}

/** One fixture file: the generator, the PyTorch version that wrote it, and its cases. */
export interface FixtureFile<C> {
  generator: string;
  torch: string;
  cases: C[];
}

/** Reads `test/golden/<file>` next to this helper. */
export function loadFixture<C>(file: string): FixtureFile<C> {
  return JSON.parse(readFileSync(new URL(`./${file}`, import.meta.url), 'utf8')) as FixtureFile<C>;
}

/** Relative tolerance by dtype (issue 10): float64 1e-9, float32 1e-5. */
export const RTOL = { float32: 1e-5, float64: 1e-9 } as const;

/**
 * The first element where `actual` differs from `expected`, described, or null when all agree.
 * |a − e| ≤ rtol·(|e| + max|expected|): relative to the element, with the tensor's largest magnitude added so a
 * value that comes out of cancellation near 0 is judged at the scale of the tensor it belongs to (the rounding
 * of either side is relative to the operands, not to the small result).
 */
export function mismatch(
  actual: { shape: readonly number[]; data: ArrayLike<number>; dtype?: string },
  expected: Encoded,
  rtol: number = RTOL[expected.dtype],
): string | null {
  if (actual.dtype !== undefined && actual.dtype !== expected.dtype) return `dtype ${actual.dtype}, expected ${expected.dtype}`;
  if (actual.shape.length !== expected.shape.length || actual.shape.some((d, i) => d !== expected.shape[i])) {
    return `shape [${actual.shape.join(',')}], expected [${expected.shape.join(',')}]`;
  }
  let scale = 0;
  for (const e of expected.data) scale = Math.max(scale, Math.abs(e));
  for (let i = 0; i < expected.data.length; i++) {
    const a = actual.data[i]!;
    const e = expected.data[i]!;
    if (!(Math.abs(a - e) <= rtol * (Math.abs(e) + scale))) {
      return `element ${i}: ${a}, expected ${e} (rel. error ${Math.abs(a - e) / (Math.abs(e) + scale)}, rtol ${rtol})`;
    }
  }
  return null;
}
