/**
 * The per-op tolerances of op-tolerances.ts catch what the old ones let through (issue 11). Two realistic
 * one-line VJP bugs, each run through the same kind of gradcheck property as ops.test.ts:
 * 1. erf's 2/√π written as 1.128 (relative error 3.4e-4): passed gradcheck's defaults (rtol 1e-3);
 * 2. matmul's VJP rounded through float32 (as if a float32 GEMM were picked for float64 operands; relative
 *    error ~6e-8 per product): passes the defaults and even the previous uniform atol = rtol = 1e-6.
 * Both must pass the loose tolerances (so the test shows what was missed) and fail the op's own.
 */
import { NDArray, erf as erfArray, matmul as matmulArray } from '@seedling-ml/tensor';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import * as ag from '../src/index.ts';
import { type Domain, valuesArb } from './op-specs.ts';
import { OP_TOLERANCE } from './op-tolerances.ts';

const WIDE: Domain = { lo: -2, hi: 2 };
const DEFAULTS = { atol: 1e-5, rtol: 1e-3 };
const PREVIOUS_UNIFORM = { atol: 1e-6, rtol: 1e-6 };
const own = (op: string) => ({ atol: OP_TOLERANCE[op]!, rtol: OP_TOLERANCE[op]! });

/** erf with its derivative's constant truncated: d/dx = 1.128·e^(−x²) instead of 2/√π·e^(−x²). */
const truncatedErfOp = ag.defineOp<[NDArray]>({
  name: 'erf',
  forward: ([x]) => erfArray(x),
  vjp: (g, { inputs: [x] }) => [
    new NDArray(
      Float64Array.from(x.data, (v, i) => g.data[i]! * 1.128 * Math.exp(-v * v)),
      x.shape,
    ),
  ],
});

const roundToFloat32 = (a: NDArray): NDArray => a.astype('float32').astype('float64');
/** 2-D matmul whose VJP products are rounded to float32. */
const float32VjpMatmulOp = ag.defineOp<[NDArray, NDArray]>({
  name: 'matmul',
  forward: ([a, b]) => matmulArray(a, b),
  vjp: (g, { inputs: [a, b] }) => [
    roundToFloat32(matmulArray(g, b, { transposeB: true })),
    roundToFloat32(matmulArray(a, g, { transposeA: true })),
  ],
});

/** Counts the cases (of 40, fixed seed) on which gradcheck with `tolerance` throws. */
function failures(
  cases: fc.Arbitrary<{ shapes: number[][]; values: Float64Array[] }>,
  f: (...xs: ag.Tensor[]) => ag.Tensor,
  tolerance: { atol: number; rtol: number },
): number {
  let failed = 0;
  fc.assert(
    fc.property(cases, ({ shapes, values }) => {
      const xs = shapes.map((s, i) => ag.tensor(new NDArray(values[i]!, s), { requiresGrad: true }));
      try {
        ag.gradcheck(f, xs, tolerance);
      } catch (e) {
        if (!(e instanceof ag.GradcheckError)) throw e;
        failed++;
      }
      return true;
    }),
    { numRuns: 40, seed: 20240501 },
  );
  return failed;
}

describe('the per-op tolerance catches VJP bugs the old tolerances missed', () => {
  test("erf's 2/√π truncated to 1.128", () => {
    const cases = fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 3 }).chain((s) =>
      valuesArb(
        s.reduce((p, d) => p * d, 1),
        WIDE,
      ).map((v) => ({ shapes: [s], values: [v] })),
    );
    const buggy = (x: ag.Tensor) => ag.apply(truncatedErfOp, [x], undefined);
    expect(failures(cases, buggy, DEFAULTS)).toBe(0);
    expect(failures(cases, buggy, own('erf'))).toBeGreaterThan(30);
    expect(failures(cases, (x) => ag.erf(x), own('erf'))).toBe(0); // the real op passes the same check
  });

  test("matmul's VJP rounded through float32", () => {
    const dim = fc.integer({ min: 1, max: 3 });
    const cases = fc.tuple(dim, dim, dim).chain(([m, k, n]) =>
      fc.tuple(valuesArb(m * k, WIDE), valuesArb(k * n, WIDE)).map(([a, b]) => ({
        shapes: [
          [m, k],
          [k, n],
        ],
        values: [a, b],
      })),
    );
    const buggy = (a: ag.Tensor, b: ag.Tensor) => ag.apply(float32VjpMatmulOp, [a, b], undefined);
    expect(failures(cases, buggy, DEFAULTS)).toBe(0);
    expect(failures(cases, buggy, PREVIOUS_UNIFORM)).toBe(0);
    expect(failures(cases, buggy, own('matmul'))).toBeGreaterThan(20);
    expect(failures(cases, (a, b) => ag.matmul(a, b), own('matmul'))).toBe(0);
  });
});
