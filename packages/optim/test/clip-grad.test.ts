import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { clipGradNorm, clipGradValue } from '../src/index.ts';
import { expectClose, param, setGrad } from './helpers.ts';

const grad = (p: ReturnType<typeof param>): number[] => Array.from(p.grad!.data.data);

describe('clipGradNorm', () => {
  test('hand-computed: grads (3, 4) and (12) have norm 13; clipped to 1 by 1/(13 + 1e-6)', () => {
    const a = param([0, 0]);
    const b = param([0]);
    setGrad(a, [3, 4]);
    setGrad(b, [12]);
    const original = a.grad!.data.data;
    expect(clipGradNorm([a, b], 1)).toBe(13);
    const c = 1 / (13 + 1e-6);
    expectClose(grad(a), [3 * c, 4 * c], 1e-15);
    expectClose(grad(b), [12 * c], 1e-15);
    // The old gradient buffer was not written (it may be shared).
    expect(Array.from(original)).toEqual([3, 4]);
  });

  test('below the limit nothing changes; Infinity and 1-norms; [name, tensor] pairs', () => {
    const a = param([0, 0]);
    setGrad(a, [3, -4]);
    expect(clipGradNorm([a], 10)).toBe(5);
    expect(grad(a)).toEqual([3, -4]);
    expect(clipGradNorm([a], 10, { normType: Infinity })).toBe(4);
    expect(clipGradNorm([['w', a]], 10, { normType: 1 })).toBe(7);
    const noGrad = param([1]);
    expect(clipGradNorm([noGrad], 1)).toBe(0);
  });

  test('property: afterwards the norm is ≤ maxNorm (up to rounding) and directions are kept', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 8 }),
        fc.double({ min: 1e-3, max: 10, noNaN: true }),
        (g, maxNorm) => {
          const p = param(g.map(() => 0));
          setGrad(p, g);
          const norm = Math.sqrt(g.reduce((s, x) => s + x * x, 0));
          expect(clipGradNorm([p], maxNorm)).toBeCloseTo(norm, 10);
          const after = Math.sqrt(grad(p).reduce((s, x) => s + x * x, 0));
          expect(after).toBeLessThanOrEqual(Math.max(maxNorm, norm) * (1 + 1e-12));
          if (norm > maxNorm) {
            const k = maxNorm / (norm + 1e-6);
            expectClose(
              grad(p),
              g.map((x) => x * k),
              1e-12,
              1e-300,
            );
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  test('a non-finite total leaves gradients alone, or throws when asked', () => {
    const a = param([0, 0]);
    setGrad(a, [1, Infinity]);
    expect(clipGradNorm([a], 1)).toBe(Infinity);
    expect(grad(a)).toEqual([1, Infinity]);
    setGrad(a, [NaN, 1]);
    expect(clipGradNorm([a], 1, { normType: Infinity })).toBeNaN();
    expect(() => clipGradNorm([a], 1, { errorIfNonfinite: true })).toThrow('clipGradNorm: the total norm of the gradients is NaN');
    expect(() => clipGradNorm([a], -1)).toThrow('clipGradNorm: invalid maxNorm: -1 (valid range: maxNorm ≥ 0)');
  });

  test('its options are checked: an unknown key or a non-boolean errorIfNonfinite throws', () => {
    const a = param([0, 0]);
    setGrad(a, [NaN, 1]);
    // PyTorch's snake_case spelling would otherwise be ignored, and the NaN norm returned silently.
    expect(() => clipGradNorm([a], 1, { error_if_nonfinite: true } as never)).toThrow(
      "clipGradNorm: unknown option 'error_if_nonfinite' (valid: normType, errorIfNonfinite)",
    );
    expect(() => clipGradNorm([a], 1, { errorIfNonfinite: 'yes' } as never)).toThrow(
      "clipGradNorm: option 'errorIfNonfinite' must be true or false, got 'yes'",
    );
    expect(() => clipGradNorm([a], 1, 2 as never)).toThrow(/^clipGradNorm: options must be an object, got 2/);
  });
});

describe('clipGradValue', () => {
  test('clamps every element to [−c, c] in a new buffer', () => {
    const a = param([0, 0, 0]);
    setGrad(a, [-3, 0.5, 7]);
    const original = a.grad!.data.data;
    clipGradValue([a], 1);
    expect(grad(a)).toEqual([-1, 0.5, 1]);
    expect(Array.from(original)).toEqual([-3, 0.5, 7]);
    expect(() => clipGradValue([a], NaN)).toThrow('clipGradValue: invalid clipValue: NaN');
  });
});
