/**
 * Measures, per op spec, the largest gradcheck error the op-spec property test meets: for every drawn case
 * and every input element, e = |analytic − numeric| / (1 + |numeric|), the smallest t such that gradcheck with
 * atol = rtol = t passes (its test is |a − n| ≤ atol + rtol·|n|). Same central difference (eps 1e-6, or the
 * spec's own), same projection weights and the same fast-check cases as ops.test.ts (seed 20240501, 40
 * runs), plus extra seeds so the margin is not measured on the test's own draws only.
 *
 * Run from packages/autograd: npx tsx --conditions=@seedling-ml/source test/tools/measure-gradcheck-error.ts
 * Prints one line per op: the largest e over the test's seed and over all seeds. OP_TOLERANCE in
 * ops.test.ts is chosen from this output.
 */
import { NDArray } from '@seedling-ml/tensor';
import fc from 'fast-check';
import * as ag from '../../src/index.ts';
import { OP_SPECS, inputsArb, makeInputs } from '../op-specs.ts';

const projection = (size: number): Float64Array =>
  Float64Array.from({ length: size }, (_, i) => 0.5 + ((i * 0.6180339887498949 + 0.1) % 1));

/** The largest |a − n| / (1 + |n|) over every input element, as gradcheck computes a and n. */
function worstError(fn: (...xs: ag.Tensor[]) => ag.Tensor, inputs: ag.Tensor[], eps: number): number {
  const xs = inputs.map((t) => ag.tensor(t.data.astype('float64'), { requiresGrad: true }));
  const y = fn(...xs);
  const w = projection(y.size);
  if (y.requiresGrad) y.backward(new NDArray(w, y.shape));
  const project = (t: ag.Tensor): number => {
    const d = t.data.data;
    let s = 0;
    for (let i = 0; i < d.length; i++) s += w[i]! * d[i]!;
    return s;
  };
  let worst = 0;
  for (const x of xs) {
    const data = x.data.data;
    const analytic = x.grad?.data.data;
    for (let i = 0; i < data.length; i++) {
      const saved = data[i]!;
      data[i] = saved + eps;
      const plus = ag.noGrad(() => project(fn(...xs)));
      data[i] = saved - eps;
      const minus = ag.noGrad(() => project(fn(...xs)));
      data[i] = saved;
      const n = (plus - minus) / (2 * eps);
      const a = analytic?.[i] ?? 0;
      worst = Math.max(worst, Math.abs(a - n) / (1 + Math.abs(n)));
    }
  }
  return worst;
}

const TEST_SEED = 20240501;
const EXTRA_SEEDS = [1, 2, 3, 4, 5];
// Optional argument: measure only the specs of that op (e.g. `pad`).
const only = process.argv[2];
for (const spec of OP_SPECS.filter((s) => s.constant !== true && (only === undefined || s.op === only))) {
  const measure = (seed: number): number => {
    let worst = 0;
    fc.assert(
      fc.property(inputsArb(spec), ({ c, values }) => {
        const xs = makeInputs(c, values, 'float64');
        worst = Math.max(
          worst,
          worstError((...ts) => spec.call(ts, c.args as never), xs, spec.tolerance?.eps ?? 1e-6),
        );
        return true;
      }),
      { numRuns: 40, seed },
    );
    return worst;
  };
  const own = measure(TEST_SEED);
  const all = Math.max(own, ...EXTRA_SEEDS.map(measure));
  console.log(`${spec.op.padEnd(22)} test-seed ${own.toExponential(2)}  all-seeds ${all.toExponential(2)}`);
}
