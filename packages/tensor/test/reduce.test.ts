import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { array, zeros } from '../src/creation.ts';
import type { DType } from '../src/dtype.ts';
import { ArgumentError, AxisError, ShapeError } from '../src/errors.ts';
import { NDArray } from '../src/ndarray.ts';
import { argmax, argmin, logsumexp, max, mean, min, type ReduceOptions, sum, variance } from '../src/reduce.ts';
import { indices, prng } from './helpers.ts';

// ---------- independent reference helpers (test-only) ----------

/** Random values with frequent exact ties (small integers) and random doubles in [-5, 5). */
function values(shape: readonly number[], dtype: DType, seed: number): NDArray {
  const rand = prng(seed);
  const n = shape.reduce((p, d) => p * d, 1);
  const data = dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = rand() < 0.4 ? Math.floor(rand() * 5) - 2 : rand() * 10 - 5;
  return new NDArray(data, shape);
}

/**
 * Naive grouping: for every output position (reduced axes removed, row-major), the list of x values
 * that fold into it, read with x.get(...) index by index.
 */
function groups(x: NDArray, axes: readonly number[]): { shape: number[]; lists: number[][] } {
  const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const shape = kept.map((i) => x.shape[i]!);
  const lists: number[][] = Array.from(indices(shape), () => []);
  for (const idx of indices(x.shape)) {
    let o = 0;
    for (const i of kept) o = o * x.shape[i]! + idx[i]!;
    lists[o]!.push(x.get(...idx));
  }
  return { shape, lists };
}

function keepShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

function round(dtype: DType, v: number): number {
  return dtype === 'float32' ? Math.fround(v) : v;
}

function close(actual: number, expected: number, rel: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= rel * (1 + Math.abs(expected));
}

function expectClose(actual: ArrayLike<number>, expected: readonly number[], rel: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!close(actual[i]!, expected[i]!, rel)) throw new Error(`element ${i}: got ${actual[i]}, expected ${expected[i]}`);
  }
}

const refSum = (l: number[]) => l.reduce((p, v) => p + v, 0);
const refMean = (l: number[]) => refSum(l) / l.length;
const refMax = (l: number[]) => (l.some(Number.isNaN) ? NaN : l.reduce((p, v) => (v > p ? v : p), -Infinity));
const refMin = (l: number[]) => (l.some(Number.isNaN) ? NaN : l.reduce((p, v) => (v < p ? v : p), Infinity));
// Direct formula: fine for the moderate values used in properties (stability is tested separately).
const refLse = (l: number[]) => Math.log(l.reduce((p, v) => p + Math.exp(v), 0));
const refVar = (l: number[], correction: number) => {
  const m = refMean(l);
  return l.reduce((p, v) => p + (v - m) ** 2, 0) / (l.length - correction);
};

// ---------- arbitraries ----------

const dtypeArb = fc.constantFrom<DType>('float32', 'float64');
/** Shape of rank 0–4 (dims 1–4, non-empty), a random subset of its axes, each written positive or negative. */
const shapeAndAxes = fc
  .array(fc.integer({ min: 1, max: 4 }), { maxLength: 4 })
  .chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      pick: fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }),
      negative: fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }),
      mode: fc.constantFrom('subset', 'all', 'single'),
      keepdims: fc.boolean(),
      seed: fc.integer(),
    }),
  )
  .map(({ shape, pick, negative, mode, keepdims, seed }) => {
    const axes = shape.map((_, i) => i).filter((i) => pick[i]);
    let axis: ReduceOptions['axis'];
    if (mode === 'all') axis = undefined;
    else if (mode === 'single' && axes.length > 0) axis = negative[axes[0]!] ? axes[0]! - shape.length : axes[0]!;
    else axis = axes.map((a) => (negative[a] ? a - shape.length : a)).reverse();
    const normalized = mode === 'all' ? shape.map((_, i) => i) : mode === 'single' && axes.length > 0 ? [axes[0]!] : axes;
    return { shape, axis, axes: normalized, keepdims, seed };
  });

type Reduction = (x: NDArray, opts?: ReduceOptions) => NDArray;
const REDUCTIONS: [string, Reduction, (l: number[]) => number, number][] = [
  ['sum', sum, refSum, 1e-12],
  ['mean', mean, refMean, 1e-12],
  ['max', max, refMax, 0],
  ['min', min, refMin, 0],
  ['logsumexp', logsumexp, refLse, 1e-12],
];

describe('reductions against a naive reference', () => {
  test.each(REDUCTIONS)('%s over random axis subsets, keepdims, negative axes, both dtypes', (_name, op, ref, tol) => {
    fc.assert(
      fc.property(shapeAndAxes, dtypeArb, ({ shape, axis, axes, keepdims, seed }, dtype) => {
        const x = values(shape, dtype, seed);
        const before = x.data.slice();
        const r = op(x, { axis, keepdims });
        const g = groups(x, axes);
        expect(r.shape).toEqual(keepdims ? keepShape(shape, axes) : g.shape);
        expect(r.dtype).toBe(dtype);
        // float32 outputs are rounded once from a float64 accumulator: compare with the rounded reference.
        const want = g.lists.map((l) => round(dtype, axes.length === 0 ? l[0]! : ref(l)));
        expectClose(r.data, want, dtype === 'float32' ? Math.max(tol, 1.2e-7) : tol);
        expect(x.data).toEqual(before);
      }),
      { numRuns: 80 },
    );
  });

  test('variance (default correction 1 and correction 0) against the definition', () => {
    fc.assert(
      fc.property(shapeAndAxes, dtypeArb, fc.constantFrom(0, 1), ({ shape, axis, axes, keepdims, seed }, dtype, correction) => {
        const x = values(shape, dtype, seed);
        const g = groups(x, axes);
        const count = g.lists[0]?.length ?? 1;
        if (count - correction <= 0) {
          expect(() => variance(x, { axis, keepdims, correction })).toThrow(ArgumentError);
          return;
        }
        const r = variance(x, correction === 1 ? { axis, keepdims } : { axis, keepdims, correction });
        expect(r.shape).toEqual(keepdims ? keepShape(shape, axes) : g.shape);
        expectClose(
          r.data,
          g.lists.map((l) => round(dtype, refVar(l, correction))),
          dtype === 'float32' ? 1.2e-7 : 1e-12,
        );
      }),
      { numRuns: 80 },
    );
  });

  test('sum of a large float32 array accumulates in float64', () => {
    // 2^24 + 1 ones: a float32 running sum would stall at 2^24.
    const n = 2 ** 24 + 4;
    const x = new NDArray(new Float32Array(n).fill(1), [n]);
    expect(sum(x).item()).toBe(n);
    expect(mean(x).item()).toBe(1);
  });
});

describe('laws', () => {
  test('sum over all axes equals summing one axis at a time (and in any split)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 }), fc.integer(), (shape, seed) => {
        const x = values(shape, 'float64', seed);
        const total = sum(x).item();
        let partial = x;
        while (partial.rank > 0) partial = sum(partial, { axis: -1 });
        expect(close(partial.item(), total, 1e-12)).toBe(true);
        expect(close(sum(sum(x, { axis: 0 })).item(), total, 1e-12)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  test('keepdims result broadcasts back: same values as without keepdims', () => {
    fc.assert(
      fc.property(shapeAndAxes, ({ shape, axis, axes, seed }) => {
        const x = values(shape, 'float64', seed);
        const a = mean(x, { axis, keepdims: true });
        const b = mean(x, { axis });
        expect(a.shape).toEqual(keepShape(shape, axes));
        expect(Array.from(a.data)).toEqual(Array.from(b.data));
      }),
      { numRuns: 50 },
    );
  });

  test('negative axes mean the same as their positive counterparts', () => {
    const x = values([2, 3, 4], 'float64', 3);
    expect(sum(x, { axis: -1 }).toArray()).toEqual(sum(x, { axis: 2 }).toArray());
    expect(max(x, { axis: [-3, -1] }).toArray()).toEqual(max(x, { axis: [0, 2] }).toArray());
    expect(argmax(x, { axis: -2 }).toArray()).toEqual(argmax(x, { axis: 1 }).toArray());
  });

  test('axis [] reduces nothing (a copy)', () => {
    const x = values([2, 3], 'float32', 4);
    for (const op of [sum, mean, max, min, logsumexp]) {
      const r = op(x, { axis: [] });
      expect(r.shape).toEqual([2, 3]);
      expect(r.data).not.toBe(x.data);
      expectClose(r.data, Array.from(x.data), 1.2e-7);
    }
    expect(variance(x, { axis: [], correction: 0 }).toArray()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  test('scalar input reduces to a scalar', () => {
    const s = array(3.5);
    expect(sum(s).shape).toEqual([]);
    expect(sum(s).item()).toBe(3.5);
    expect(max(s, { keepdims: true }).item()).toBe(3.5);
    expect(argmax(s).item()).toBe(0);
  });
});

describe('empty arrays', () => {
  test('sum is 0, mean NaN, logsumexp -Infinity; max/min/argmax/variance throw', () => {
    const e = zeros([0]);
    expect(sum(e).item()).toBe(0);
    expect(mean(e).item()).toBeNaN();
    expect(logsumexp(e).item()).toBe(-Infinity);
    expect(() => max(e)).toThrow(ShapeError);
    expect(() => max(e)).toThrow('max: cannot reduce over zero elements (no identity): axes [0] of [0]');
    expect(() => min(zeros([2, 0]), { axis: 1 })).toThrow('min: cannot reduce over zero elements (no identity): axes [1] of [2,0]');
    expect(() => argmax(e)).toThrow(ShapeError);
    expect(() => argmax(e)).toThrow('argmax: cannot search an empty axis: all axes of [0]');
    expect(() => argmin(zeros([3, 0]), { axis: 1 })).toThrow('argmin: cannot search an empty axis: axis 1 of [3,0]');
    expect(() => variance(e)).toThrow(ArgumentError);
  });

  test('an empty output is fine even when the reduced axis is empty or not', () => {
    expect(max(zeros([0, 3]), { axis: 1 }).shape).toEqual([0]);
    expect(max(zeros([0, 0]), { axis: 1 }).shape).toEqual([0]);
    expect(argmax(zeros([0, 3]), { axis: 1 }).shape).toEqual([0]);
    expect(sum(zeros([2, 0]), { axis: 1 }).toArray()).toEqual([0, 0]);
    expect(sum(zeros([0, 2]), { axis: 0, keepdims: true }).toArray()).toEqual([[0, 0]]);
    expect(variance(zeros([0, 3]), { axis: 1 }).shape).toEqual([0]);
  });
});

describe('logsumexp stability', () => {
  test('huge and tiny values (hand-computed: c + ln n)', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const x = array(
        [
          [1e4, 1e4],
          [-1e4, -1e4],
          [1e4, -1e4],
        ],
        { dtype },
      );
      const r = logsumexp(x, { axis: 1 });
      expect(Array.from(r.data)).toEqual([1e4 + Math.LN2, -1e4 + Math.LN2, 1e4].map((v) => round(dtype, v)));
    }
  });

  test('an all -Infinity row gives -Infinity, +Infinity gives +Infinity, NaN propagates', () => {
    const x = array(
      [
        [-Infinity, -Infinity],
        [0, -Infinity],
        [Infinity, 1],
        [NaN, 1],
      ],
      { dtype: 'float64' },
    );
    const r = logsumexp(x, { axis: -1, keepdims: true });
    expect(r.shape).toEqual([4, 1]);
    expect(Array.from(r.data)).toEqual([-Infinity, 0, Infinity, NaN]);
  });

  test('matches the direct formula along axis 0', () => {
    const x = array(
      [
        [0.5, -1],
        [2, 3],
      ],
      { dtype: 'float64' },
    );
    const want = [Math.log(Math.exp(0.5) + Math.exp(2)), Math.log(Math.exp(-1) + Math.exp(3))];
    expectClose(logsumexp(x, { axis: 0 }).data, want, 1e-15);
  });
});

describe('max and min with NaN', () => {
  test('NaN propagates along the reduced axis only', () => {
    const x = array(
      [
        [1, NaN, 3],
        [4, 5, 6],
      ],
      { dtype: 'float64' },
    );
    expect(Array.from(max(x, { axis: 1 }).data)).toEqual([NaN, 6]);
    expect(Array.from(min(x, { axis: 0 }).data)).toEqual([1, NaN, 3]);
  });
});

describe('argmax / argmin', () => {
  /** Reference: first index of the extreme (NaN counts as the extreme) by a plain scan. */
  const refArg = (l: number[], largest: boolean): number => {
    const nan = l.findIndex(Number.isNaN);
    if (nan >= 0) return nan;
    let best = 0;
    for (let i = 1; i < l.length; i++) if (largest ? l[i]! > l[best]! : l[i]! < l[best]!) best = i;
    return best;
  };

  test('along each axis and flat, both dtypes, against a reference scan', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
        dtypeArb,
        fc.integer(),
        fc.nat(3),
        fc.boolean(),
        (shape, dtype, seed, a, keepdims) => {
          const x = values(shape, dtype, seed);
          const axis = a % shape.length;
          const g = groups(x, [axis]);
          for (const [op, largest] of [
            [argmax, true],
            [argmin, false],
          ] as const) {
            const r = op(x, { axis, keepdims });
            expect(r.shape).toEqual(keepdims ? keepShape(shape, [axis]) : g.shape);
            expect(r.dtype).toBe(dtype);
            expect(Array.from(r.data)).toEqual(g.lists.map((l) => refArg(l, largest)));
            const flat = op(x, { keepdims });
            expect(flat.shape).toEqual(keepdims ? shape.map(() => 1) : []);
            expect(flat.item()).toBe(refArg(Array.from(x.data), largest));
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  test('ties pick the first index; NaN wins, first NaN', () => {
    expect(argmax(array([3, 1, 3, 3])).item()).toBe(0);
    expect(argmin(array([1, 0, 0, 5])).item()).toBe(1);
    expect(argmax(array([1, NaN, 9, NaN])).item()).toBe(1);
    expect(argmin(array([1, NaN, -9, NaN])).item()).toBe(1);
    expect(
      argmax(
        array([
          [1, 1],
          [1, 1],
        ]),
        { axis: 0 },
      ).toArray(),
    ).toEqual([0, 0]);
  });

  test('axis errors', () => {
    expect(() => argmax(zeros([2, 3]), { axis: 2 })).toThrow(AxisError);
    expect(() => argmax(zeros([2, 3]), { axis: 2 })).toThrow('argmax: axis 2 out of range for rank 2');
    expect(() => argmin(zeros([2, 3]), { axis: [0] as unknown as number })).toThrow(ArgumentError);
    expect(() => argmin(zeros([2, 3]), { axis: [0] as unknown as number })).toThrow(
      "argmin: option 'axis' must be an integer axis, got [0]",
    );
  });
});

describe('errors', () => {
  test('out-of-range and repeated axes name the op', () => {
    const x = zeros([2, 3]);
    for (const [name, op] of REDUCTIONS) {
      expect(() => op(x, { axis: 3 })).toThrow(AxisError);
      expect(() => op(x, { axis: 3 })).toThrow(`${name}: axis 3 out of range for rank 2`);
      expect(() => op(x, { axis: -3 })).toThrow(`${name}: axis -3 out of range for rank 2`);
      expect(() => op(x, { axis: [0, -2] })).toThrow(AxisError);
      expect(() => op(x, { axis: 0.5 })).toThrow(AxisError);
    }
    expect(() => variance(x, { axis: 2 })).toThrow('variance: axis 2 out of range for rank 2');
    expect(() => sum(array(1), { axis: 0 })).toThrow('sum: axis 0 out of range for rank 0');
  });

  test('variance: no degrees of freedom, bad correction', () => {
    expect(() => variance(zeros([3, 1]), { axis: 1 })).toThrow(ArgumentError);
    expect(() => variance(zeros([3, 1]), { axis: 1 })).toThrow(
      'variance: correction 1 leaves no degrees of freedom for 1 element(s) per output: axes [1] of [3,1]',
    );
    expect(() => variance(zeros([2]), { correction: 2 })).toThrow(
      'variance: correction 2 leaves no degrees of freedom for 2 element(s) per output: axes [0] of [2]',
    );
    expect(() => variance(zeros([4]), { correction: -1 })).toThrow('variance: correction must be a finite number >= 0, got -1');
    expect(() => variance(zeros([4]), { correction: NaN })).toThrow(ArgumentError);
    // correction 0 on one element is fine: population variance 0.
    expect(variance(array([5]), { correction: 0 }).item()).toBe(0);
    // Hand-computed: mean 2.5, squared deviations 2.25+0.25+0.25+2.25 = 5, / 3.
    expect(variance(array([1, 2, 3, 4], { dtype: 'float64' })).item()).toBeCloseTo(5 / 3, 15);
  });
});
