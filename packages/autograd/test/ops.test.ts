import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { NDArray } from '@seedling-ml/tensor';
import * as ag from '../src/index.ts';
import { OP_SPECS, inputsArb, makeInputs } from './op-specs.ts';
import { OP_TOLERANCE } from './op-tolerances.ts';

/** Exports that are not ops (engine, creation, errors, utilities). Every other function export needs a spec. */
const NOT_OPS = new Set([
  'AutogradError',
  'GradcheckError',
  'Tensor',
  'Node',
  'tensor',
  'noGrad',
  'isGradEnabled',
  'peekGrad',
  'apply',
  'defineOp',
  'gradcheck',
]);

test('every exported op has a spec (and every spec names an export)', () => {
  const exported = Object.entries(ag)
    .filter(([name, v]) => typeof v === 'function' && !NOT_OPS.has(name))
    .map(([name]) => name)
    .sort();
  const specced = OP_SPECS.map((s) => s.op).sort();
  expect(exported.filter((name) => !specced.includes(name))).toEqual([]);
  expect(specced.filter((name) => !exported.includes(name))).toEqual([]);
});

test('every differentiable op has its own op-spec tolerance, with its reasoning (op-tolerances.ts)', () => {
  const differentiable = [...new Set(OP_SPECS.filter((s) => s.constant !== true).map((s) => s.op))].sort();
  expect(Object.keys(OP_TOLERANCE).sort()).toEqual(differentiable);
});

/** gradcheck options of a spec: its op's tolerance as atol and rtol, then anything the spec states itself. */
const toleranceOf = (spec: (typeof OP_SPECS)[number]) => ({
  atol: OP_TOLERANCE[spec.op]!,
  rtol: OP_TOLERANCE[spec.op]!,
  ...spec.tolerance,
});

describe('gradcheck in float64 over random shapes (rank 0–4) and broadcast pairs', () => {
  test.each(OP_SPECS.filter((s) => s.constant !== true).map((s) => [s.op, s] as const))('%s', (_name, spec) => {
    fc.assert(
      fc.property(inputsArb(spec), ({ c, values }) => {
        const xs = makeInputs(c, values, 'float64');
        return ag.gradcheck((...ts) => spec.call(ts, c.args as never), xs, toleranceOf(spec));
      }),
      { numRuns: 40, seed: 20240501 },
    );
  });
});

describe('piecewise-constant ops record nothing', () => {
  test.each(OP_SPECS.filter((s) => s.constant === true).map((s) => [s.op, s] as const))('%s', (_name, spec) => {
    fc.assert(
      fc.property(inputsArb(spec), ({ c, values }) => {
        const out = spec.call(makeInputs(c, values, 'float64'), c.args as never);
        expect(out.requiresGrad).toBe(false);
        expect(out.node).toBeNull();
      }),
      { numRuns: 10, seed: 7 },
    );
  });
});

describe('float32 results and gradients agree with float64 ones to float32 precision', () => {
  test.each(OP_SPECS.filter((s) => s.constant !== true).map((s) => [s.op, s] as const))('%s', (_name, spec) => {
    fc.assert(
      fc.property(inputsArb(spec), ({ c, values }) => {
        // Round the inputs to float32 first so both runs see identical values.
        const rounded = values.map((v) => Float64Array.from(Float32Array.from(v)));
        // Returns [output, ...input gradients] as float64 arrays.
        const run = (dtype: 'float32' | 'float64'): Float64Array[] => {
          const xs = makeInputs(c, rounded, dtype);
          const y = spec.call(xs, c.args as never);
          const w = new NDArray(
            Float64Array.from({ length: y.size }, (_, i) => 1 + (i % 3) / 4),
            y.shape,
          );
          if (y.requiresGrad) y.backward(w);
          return [Float64Array.from(y.data.data), ...xs.map((x) => Float64Array.from(x.grad?.data.data ?? new Float64Array(x.size)))];
        };
        const r32 = run('float32');
        const r64 = run('float64');
        // NOTE: float32's unit roundoff is 6e-8; a few ops in sequence stay well inside 1e-5 relative to
        // the largest magnitude on these well-conditioned domains.
        r64.forEach((g, k) => {
          const scale = g.reduce((m, v) => Math.max(m, Math.abs(v)), 1);
          g.forEach((v, i) => expect(Math.abs(r32[k]![i]! - v)).toBeLessThanOrEqual(1e-5 * scale));
        });
      }),
      { numRuns: 15, seed: 99 },
    );
  });
});
