import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { array, ones, zeros } from '../src/creation.ts';
import type { DType, TypedArray } from '../src/dtype.ts';
import {
  abs,
  add,
  broadcastTo,
  clip,
  div,
  equal,
  erf,
  exp,
  expm1,
  greater,
  greaterEqual,
  less,
  lessEqual,
  log,
  log1p,
  maximum,
  minimum,
  mul,
  neg,
  notEqual,
  pow,
  reciprocal,
  relu,
  sigmoid,
  sign,
  sqrt,
  square,
  sub,
  sumToShape,
  tanh,
  where,
  type Operand,
} from '../src/elementwise.ts';
import { ArgumentError, ShapeError } from '../src/errors.ts';
import { SIMD_ULP_BOUNDS } from '../src/kernels/elementwise-f32-simd.ts';
import { NDArray } from '../src/ndarray.ts';
import { indices, prng } from './helpers.ts';

// ---------- independent reference helpers (test-only) ----------

const POOL = [-2, -1, -0.5, 0, 0.5, 1, 2, 3];

/** Values mixing a small pool (so ties and exact zeros occur) with random doubles in [-5, 5). */
function values(shape: readonly number[], dtype: DType, seed: number): NDArray {
  const rand = prng(seed);
  const n = shape.reduce((p, d) => p * d, 1);
  const data = dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = rand() < 0.5 ? POOL[Math.floor(rand() * POOL.length)]! : rand() * 10 - 5;
  return new NDArray(data, shape);
}

function refBroadcastShape(a: readonly number[], b: readonly number[]): number[] | null {
  const r = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < r; i++) {
    const da = i < r - a.length ? 1 : a[i - (r - a.length)]!;
    const db = i < r - b.length ? 1 : b[i - (r - b.length)]!;
    if (da !== db && da !== 1 && db !== 1) return null;
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** Reads `x` at an output multi-index under broadcasting: align right, size-1 axes read index 0. */
function readBroadcast(x: NDArray, index: readonly number[]): number {
  const lead = index.length - x.rank;
  const idx = x.shape.map((d, i) => (d === 1 ? 0 : index[lead + i]!));
  return x.get(...idx);
}

function round(dtype: DType, v: number): number {
  return dtype === 'float32' ? Math.fround(v) : v;
}

function sameValue(actual: number, expected: number): boolean {
  return Object.is(actual, expected) || (Number.isNaN(actual) && Number.isNaN(expected));
}

/** Distance in float32 ulps between two float32 values (0 for equal values and for two NaNs). */
function ulpsF32(a: number, b: number): number {
  if (sameValue(a, b) || a === b) return 0;
  if (Number.isNaN(a) || Number.isNaN(b)) return Infinity;
  const bits = new Int32Array(new Float32Array([a, b]).buffer);
  // Map sign-magnitude bit patterns onto a line where adjacent floats differ by 1 (±0 both map to 0).
  const line = (u: number) => (u < 0 ? -(u & 0x7fffffff) : u);
  return Math.abs(line(bits[0]!) - line(bits[1]!));
}

/** Equal element by element, or (maxUlp > 0, float32 data) within maxUlp float32 ulps. */
function expectSameData(actual: TypedArray, expected: readonly number[], maxUlp = 0): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!sameValue(actual[i]!, expected[i]!) && !(maxUlp > 0 && ulpsF32(actual[i]!, expected[i]!) <= maxUlp)) {
      throw new Error(`element ${i}: got ${actual[i]}, expected ${expected[i]}`);
    }
  }
}

// ---------- shape arbitraries ----------

const dims = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 });
const dtypeArb = fc.constantFrom<DType>('float32', 'float64');

/** An output shape plus two shapes that broadcast to it (leading axes dropped, some dims set to 1). */
const compatiblePair = fc
  .record({
    out: dims,
    dropA: fc.nat(4),
    dropB: fc.nat(4),
    onesA: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    onesB: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  })
  .map(({ out, dropA, dropB, onesA, onesB }) => {
    const derive = (drop: number, ones: boolean[]) => out.slice(Math.min(drop, out.length)).map((d, i) => (ones[i] ? 1 : d));
    return { a: derive(dropA, onesA), b: derive(dropB, onesB) };
  });

const incompatiblePair = fc
  .tuple(
    fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 }),
    fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 }),
  )
  .filter(([a, b]) => refBroadcastShape(a, b) === null);

// ---------- binary ops ----------

type Binary = (a: Operand, b: Operand) => NDArray;
/** NaN if either is NaN; otherwise the larger, with +0 above -0. */
function refMax(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  if (a !== b) return a > b ? a : b;
  return Object.is(a, -0) ? b : a;
}
/** NaN if either is NaN; otherwise the smaller, with -0 below +0. */
function refMin(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  if (a !== b) return a < b ? a : b;
  return Object.is(a, -0) ? a : b;
}
const BINARY: [string, Binary, (a: number, b: number) => number][] = [
  ['add', add, (a, b) => a + b],
  ['sub', sub, (a, b) => a - b],
  ['mul', mul, (a, b) => a * b],
  ['div', div, (a, b) => a / b],
  ['pow', pow, (a, b) => Math.pow(a, b)],
  ['maximum', maximum, refMax],
  ['minimum', minimum, refMin],
  ['equal', equal, (a, b) => (a === b ? 1 : 0)],
  ['notEqual', notEqual, (a, b) => (a !== b ? 1 : 0)],
  ['less', less, (a, b) => (a < b ? 1 : 0)],
  ['lessEqual', lessEqual, (a, b) => (a <= b ? 1 : 0)],
  ['greater', greater, (a, b) => (a > b ? 1 : 0)],
  ['greaterEqual', greaterEqual, (a, b) => (a >= b ? 1 : 0)],
];

/** Index-by-index reference of a broadcasting binary op. */
function refBinary(x: NDArray, y: NDArray, f: (a: number, b: number) => number): { shape: number[]; data: number[] } {
  const shape = refBroadcastShape(x.shape, y.shape)!;
  const dtype: DType = x.dtype === 'float64' || y.dtype === 'float64' ? 'float64' : 'float32';
  const data: number[] = [];
  for (const idx of indices(shape)) data.push(round(dtype, f(readBroadcast(x, idx), readBroadcast(y, idx))));
  return { shape, data };
}

describe('binary ops with broadcasting', () => {
  test.each(BINARY)('%s matches an index-by-index reference over random broadcastable shapes', (_name, op, f) => {
    fc.assert(
      fc.property(compatiblePair, dtypeArb, dtypeArb, fc.integer(), ({ a, b }, da, db, seed) => {
        const x = values(a, da, seed);
        const y = values(b, db, seed + 1);
        const xCopy = x.data.slice();
        const got = op(x, y);
        const want = refBinary(x, y, f);
        expect(got.shape).toEqual(want.shape);
        expect(got.dtype).toBe(da === 'float64' || db === 'float64' ? 'float64' : 'float32');
        expectSameData(got.data, want.data);
        expect(x.data).toEqual(xCopy); // inputs are never written
      }),
      { numRuns: 60 },
    );
  });

  test.each(BINARY)('%s accepts a number on either side, taking the array dtype', (_name, op, f) => {
    fc.assert(
      fc.property(dims, dtypeArb, fc.integer(), fc.constantFrom(-1.5, 0, 0.1, 2, 3), (shape, dtype, seed, s) => {
        const x = values(shape, dtype, seed);
        const sArr = new NDArray(dtype === 'float64' ? new Float64Array([s]) : new Float32Array([s]), []);
        const right = op(x, s);
        const left = op(s, x);
        expect(right.dtype).toBe(dtype);
        expect(right.shape).toEqual(shape);
        expectSameData(right.data, refBinary(x, sArr, f).data);
        expectSameData(left.data, refBinary(sArr, x, f).data);
      }),
      { numRuns: 30 },
    );
  });

  test('two numbers give a float32 0-d array', () => {
    const r = add(1, 2);
    expect(r.shape).toEqual([]);
    expect(r.dtype).toBe('float32');
    expect(r.item()).toBe(3);
  });

  test('a number is rounded to float32 before a float32 op', () => {
    const x = array([1], { dtype: 'float32' });
    expect(sub(x, 0.1).data[0]).toBe(Math.fround(1 - Math.fround(0.1)));
    expect(sub(x.astype('float64'), 0.1).data[0]).toBe(1 - 0.1);
  });

  test('maximum and minimum propagate NaN from either side', () => {
    const a = array([NaN, 1, NaN, 2], { dtype: 'float64' });
    const b = array([1, NaN, NaN, 3], { dtype: 'float64' });
    for (const r of [maximum(a, b), minimum(a, b)]) {
      expect(Array.from(r.data.subarray(0, 3)).every(Number.isNaN)).toBe(true);
    }
    expect(maximum(a, b).data[3]).toBe(3);
    expect(minimum(a, b).data[3]).toBe(2);
  });

  test('pow follows Math.pow', () => {
    const r = pow(array([NaN, -8, 1, 0], { dtype: 'float64' }), array([0, 1 / 3, Infinity, -1], { dtype: 'float64' }));
    expect(Array.from(r.data)).toEqual([1, NaN, NaN, Infinity]);
  });

  test('comparisons with NaN', () => {
    const n = array([NaN], { dtype: 'float64' });
    expect([equal, less, lessEqual, greater, greaterEqual].map((f) => f(n, n).item())).toEqual([0, 0, 0, 0, 0]);
    expect(notEqual(n, n).item()).toBe(1);
  });

  test('a large broadcast: [64,1,32] with [1,16,1] and [16,32]', () => {
    const x = values([64, 1, 32], 'float32', 7);
    const y = values([1, 16, 1], 'float32', 8);
    const z = values([16, 32], 'float64', 9);
    expectSameData(add(x, y).data, refBinary(x, y, (a, b) => a + b).data);
    expectSameData(mul(x, z).data, refBinary(x, z, (a, b) => a * b).data);
  });

  test('incompatible shapes throw ShapeError naming both shapes', () => {
    let err: unknown;
    try {
      add(zeros([2, 3]), zeros([4]));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ShapeError);
    expect((err as ShapeError).message).toBe('add: shapes cannot be broadcast: [2,3] and [4]');
    expect((err as ShapeError).op).toBe('add');
    expect((err as ShapeError).shapes).toEqual([[2, 3], [4]]);
  });

  test.each(BINARY)('%s rejects every incompatible pair of shapes', (name, op) => {
    fc.assert(
      fc.property(incompatiblePair, ([a, b]) => {
        expect(() => op(zeros(a), zeros(b))).toThrow(ShapeError);
        expect(() => op(zeros(a), zeros(b))).toThrow(`${name}: shapes cannot be broadcast: [${a.join(',')}] and [${b.join(',')}]`);
      }),
      { numRuns: 20 },
    );
  });

  test('a non-array, non-number operand throws ArgumentError', () => {
    expect(() => add(zeros([2]), 'x' as unknown as number)).toThrow(ArgumentError);
    expect(() => add(zeros([2]), 'x' as unknown as number)).toThrow('add: operand b must be an NDArray or a number, got string');
    expect(() => mul(null as unknown as number, 1)).toThrow('mul: operand a must be an NDArray or a number, got null');
  });
});

describe('where', () => {
  const triple = fc
    .record({
      out: dims,
      drop: fc.array(fc.nat(4), { minLength: 3, maxLength: 3 }),
      ones: fc.array(fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), { minLength: 3, maxLength: 3 }),
    })
    .map(({ out, drop, ones }) => [0, 1, 2].map((k) => out.slice(Math.min(drop[k]!, out.length)).map((d, i) => (ones[k]![i] ? 1 : d))));

  test('matches an index-by-index 3-way broadcast reference', () => {
    fc.assert(
      fc.property(triple, dtypeArb, dtypeArb, fc.integer(), ([sc, sa, sb], da, db, seed) => {
        const c = values(sc!, 'float32', seed).data.map((v) => (v > 0 ? 1 : 0));
        const cond = new NDArray(c, sc!);
        const a = values(sa!, da, seed + 1);
        const b = values(sb!, db, seed + 2);
        const shape = refBroadcastShape(refBroadcastShape(sc!, sa!)!, sb!)!;
        const dtype: DType = da === 'float64' || db === 'float64' ? 'float64' : 'float32';
        const want: number[] = [];
        for (const idx of indices(shape)) {
          want.push(round(dtype, readBroadcast(cond, idx) !== 0 ? readBroadcast(a, idx) : readBroadcast(b, idx)));
        }
        const got = where(cond, a, b);
        expect(got.shape).toEqual(shape);
        expect(got.dtype).toBe(dtype);
        expectSameData(got.data, want);
      }),
      { numRuns: 80 },
    );
  });

  test('numbers as operands; NaN condition picks a; cond dtype does not matter', () => {
    const cond = array([1, 0, NaN, -2], { dtype: 'float64' });
    const r = where(cond, array([1, 2, 3, 4]), 9);
    expect(r.dtype).toBe('float32');
    expect(Array.from(r.data)).toEqual([1, 9, 3, 4]);
    expect(Array.from(where(0, 1, array([5, 6], { dtype: 'float64' })).data)).toEqual([5, 6]);
    expect(where(1, 2, 3).item()).toBe(2);
  });

  test('incompatible shapes name all three', () => {
    expect(() => where(zeros([2]), zeros([3]), zeros([1]))).toThrow(ShapeError);
    expect(() => where(zeros([2]), zeros([3]), zeros([1]))).toThrow('where: shapes cannot be broadcast: [2] and [3] and [1]');
    expect(() => where(zeros([2, 1]), zeros([3]), zeros([4]))).toThrow('where: shapes cannot be broadcast: [2,1] and [3] and [4]');
  });
});

// ---------- unary ops ----------

type Unary = (x: NDArray) => NDArray;
/**
 * [name, op, reference, max float32 ulps]. The last column is 0 (exact after rounding) except for the ops
 * whose float32 arrays of 64+ elements run on the SIMD kernels (bounds: SIMD_ULP_BOUNDS, checked densely
 * in elementwise-f32-simd.test.ts); float64 is always compared exactly.
 */
const UNARY: [string, Unary, (v: number) => number, number][] = [
  ['neg', neg, (v) => -v, 0],
  ['exp', exp, Math.exp, SIMD_ULP_BOUNDS.exp],
  ['log', log, Math.log, SIMD_ULP_BOUNDS.log],
  ['sqrt', sqrt, Math.sqrt, 0],
  ['abs', abs, Math.abs, 0],
  ['sign', sign, Math.sign, 0],
  ['tanh', tanh, Math.tanh, SIMD_ULP_BOUNDS.tanh],
  ['relu', relu, (v) => (Number.isNaN(v) ? NaN : v > 0 ? v : 0), 0],
  ['log1p', log1p, Math.log1p, 0],
  ['expm1', expm1, Math.expm1, 0],
  ['square', square, (v) => v * v, 0],
  ['reciprocal', reciprocal, (v) => 1 / v, 0],
];

describe('unary ops', () => {
  const special = [0, -0, 1, -1, 0.5, -3, 40, -40, 1e-9, Infinity, -Infinity, NaN];

  test.each(UNARY)('%s matches Math.* element by element, in both dtypes', (_name, op, f, ulp) => {
    fc.assert(
      fc.property(dims, dtypeArb, fc.integer(), (shape, dtype, seed) => {
        const x = values(shape, dtype, seed);
        const before = x.data.slice();
        const y = op(x);
        expect(y.shape).toEqual(shape);
        expect(y.dtype).toBe(dtype);
        expectSameData(
          y.data,
          Array.from(x.data, (v) => round(dtype, f(v))),
          dtype === 'float32' ? ulp : 0,
        );
        expect(x.data).toEqual(before);
      }),
      { numRuns: 30 },
    );
    for (const dtype of ['float32', 'float64'] as const) {
      const x = array(special, { dtype });
      expectSameData(
        op(x).data,
        Array.from(x.data, (v) => round(dtype, f(v))),
      );
    }
  });

  test('relu maps -0 to +0 and keeps NaN', () => {
    const r = relu(array([-0, NaN], { dtype: 'float64' }));
    expect(Object.is(r.data[0], 0)).toBe(true);
    expect(r.data[1]).toBeNaN();
  });

  test('sigmoid matches 1/(1+e^-x) and stays finite for huge |x|', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (v) => {
        const got = sigmoid(array([v], { dtype: 'float64' })).item();
        const want = 1 / (1 + Math.exp(-v));
        expect(Math.abs(got - want)).toBeLessThanOrEqual(4e-16 * want);
      }),
      { numRuns: 200 },
    );
    for (const dtype of ['float32', 'float64'] as const) {
      const r = sigmoid(array([-1000, 1000, -Infinity, Infinity, 0], { dtype }));
      expect(Array.from(r.data)).toEqual([0, 1, 0, 1, 0.5]);
    }
    // Deep in the negative tail the stable form keeps relative accuracy: sigmoid(-700) = e^-700 / (1 + e^-700).
    const tail = sigmoid(array([-700], { dtype: 'float64' })).item();
    expect(tail / Math.exp(-700)).toBeCloseTo(1, 14);
    expect(sigmoid(array([NaN], { dtype: 'float64' })).item()).toBeNaN();
  });

  test('erf matches known values (40-digit references) and odd symmetry', () => {
    const known: [number, number][] = [
      [0.001, 0.0011283787909692365],
      [0.1, 0.1124629160182849],
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [1.5, 0.9661051464753108],
      [2, 0.9953222650189527],
      [2.5, 0.999593047982555],
      [3, 0.9999779095030014],
      [3.5, 0.9999992569016276],
      [4, 0.9999999845827421],
      [5, 0.9999999999984626],
    ];
    const xs = known.flatMap(([x]) => [x, -x]);
    const got = erf(array(xs, { dtype: 'float64' })).data;
    known.forEach(([, want], i) => {
      expect(Math.abs(got[2 * i]! - want)).toBeLessThanOrEqual(4e-16 * want);
      expect(got[2 * i + 1]).toBe(-got[2 * i]!);
    });
    // Tail accuracy: 1 - erf(x) against erfc references (relative error of erfc, not just of erf).
    const tails = erf(array([3, 4], { dtype: 'float64' })).data;
    expect(Math.abs(1 - tails[0]! - 2.209049699858544e-5) / 2.209049699858544e-5).toBeLessThan(1e-10);
    expect(Math.abs(1 - tails[1]! - 1.541725790028002e-8) / 1.541725790028002e-8).toBeLessThan(1e-7);
    const edge = erf(array([0, -0, 6, -6, 30, Infinity, -Infinity, NaN], { dtype: 'float64' })).data;
    expect(Array.from(edge)).toEqual([0, -0, 1, -1, 1, 1, -1, NaN]);
    expect(Object.is(edge[1], -0)).toBe(true);
  });

  test('erf agrees with Simpson integration of 2/sqrt(pi) e^(-t^2) over random x', () => {
    const simpson = (x: number): number => {
      const m = 4000;
      const h = x / m;
      let s = 1 + Math.exp(-x * x);
      for (let i = 1; i < m; i++) s += (i % 2 === 1 ? 4 : 2) * Math.exp(-((i * h) ** 2));
      return ((2 / Math.sqrt(Math.PI)) * s * h) / 3;
    };
    fc.assert(
      fc.property(fc.double({ min: -5.5, max: 5.5, noNaN: true }), fc.constantFrom<DType>('float64', 'float32'), (x, dtype) => {
        const xr = round(dtype, x);
        const got = erf(array([xr], { dtype })).item();
        const want = simpson(xr);
        if (dtype === 'float64') expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-12 * Math.abs(want) + 1e-300);
        else expect(got).toBe(Math.fround(erf(array([xr], { dtype: 'float64' })).item()));
      }),
      { numRuns: 150 },
    );
  });

  test('clip clamps, keeps NaN, and validates its bounds', () => {
    fc.assert(
      fc.property(
        dims,
        dtypeArb,
        fc.integer(),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        (shape, dtype, seed, lo, width) => {
          const x = values(shape, dtype, seed);
          const hi = lo + width;
          const y = clip(x, lo, hi);
          expectSameData(
            y.data,
            Array.from(x.data, (v) => round(dtype, Math.min(Math.max(v, lo), hi))),
          );
        },
      ),
      { numRuns: 40 },
    );
    expect(Array.from(clip(array([NaN, -5, 5], { dtype: 'float64' }), -Infinity, 1).data)).toEqual([NaN, -5, 1]);
    expect(() => clip(zeros([2]), 2, 1)).toThrow(ArgumentError);
    expect(() => clip(zeros([2]), 2, 1)).toThrow('clip: min must not exceed max: min 2, max 1');
    expect(() => clip(zeros([2]), NaN, 1)).toThrow('clip: bounds must be numbers, not NaN: min NaN, max 1');
  });
});

// ---------- broadcastTo / sumToShape ----------

describe('broadcastTo and sumToShape', () => {
  /** A source shape `s` and a target `t` that `s` broadcasts to. */
  const sourceTarget = fc
    .record({ t: dims, drop: fc.nat(4), ones: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }) })
    .map(({ t, drop, ones }) => ({ s: t.slice(Math.min(drop, t.length)).map((d, i) => (ones[i] ? 1 : d)), t }));

  test('broadcastTo matches reading the source under broadcasting', () => {
    fc.assert(
      fc.property(sourceTarget, dtypeArb, fc.integer(), ({ s, t }, dtype, seed) => {
        const x = values(s, dtype, seed);
        const y = broadcastTo(x, t);
        expect(y.shape).toEqual(t);
        expect(y.dtype).toBe(dtype);
        expectSameData(
          y.data,
          Array.from(indices(t), (idx) => readBroadcast(x, idx)),
        );
        if (y.size > 0) expect(y.data).not.toBe(x.data);
      }),
      { numRuns: 100 },
    );
  });

  test('sumToShape(broadcastTo(ones(s), t), s) counts the copies: product of the expanded dims', () => {
    fc.assert(
      fc.property(sourceTarget, dtypeArb, ({ s, t }, dtype) => {
        const r = sumToShape(broadcastTo(ones(s, { dtype }), t), s);
        expect(r.shape).toEqual(s);
        const lead = t.length - s.length;
        let copies = 1;
        t.forEach((d, i) => {
          if (i < lead || s[i - lead] === 1) copies *= d;
        });
        expect(Array.from(r.data)).toEqual(new Array<number>(r.size).fill(copies));
      }),
      { numRuns: 100 },
    );
  });

  test('sumToShape matches a naive reference and is the adjoint of broadcastTo', () => {
    fc.assert(
      fc.property(sourceTarget, dtypeArb, fc.integer(), ({ s, t }, dtype, seed) => {
        const g = values(t, dtype, seed);
        const r = sumToShape(g, s);
        const want = new Array<number>(s.reduce((p, d) => p * d, 1)).fill(0);
        const sStrides = s.map((_, i) => s.slice(i + 1).reduce((p, d) => p * d, 1));
        const lead = t.length - s.length;
        for (const idx of indices(t)) {
          let off = 0;
          s.forEach((d, i) => {
            off += (d === 1 ? 0 : idx[lead + i]!) * sStrides[i]!;
          });
          want[off]! += g.get(...idx);
        }
        // float32 input values are exact in float64; only the final rounding (and summation order) differ.
        const rel = dtype === 'float32' ? 1.2e-7 : 1e-12;
        for (let i = 0; i < want.length; i++) {
          expect(Math.abs(r.data[i]! - want[i]!)).toBeLessThanOrEqual(rel * (1 + Math.abs(want[i]!)));
        }
        // <broadcastTo(y, t), g> == <y, sumToShape(g, s)>
        const y = values(s, 'float64', seed + 5);
        const gb = g.astype('float64');
        const yb = broadcastTo(y, t).data;
        const gs = sumToShape(gb, s).data;
        let lhs = 0;
        for (let i = 0; i < yb.length; i++) lhs += yb[i]! * gb.data[i]!;
        let rhs = 0;
        for (let i = 0; i < gs.length; i++) rhs += y.data[i]! * gs[i]!;
        expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(lhs)));
      }),
      { numRuns: 80 },
    );
  });

  test('sumToShape returns a fresh array even when the shapes match', () => {
    const x = array([1, 2, 3]);
    const r = sumToShape(x, [3]);
    expect(r.data).not.toBe(x.data);
    expect(Array.from(r.data)).toEqual([1, 2, 3]);
  });

  test('errors name both shapes', () => {
    expect(() => broadcastTo(zeros([2, 3]), [4, 3])).toThrow(ShapeError);
    expect(() => broadcastTo(zeros([2, 3]), [4, 3])).toThrow('broadcastTo: cannot broadcast [2,3] to [4,3]');
    expect(() => broadcastTo(zeros([2, 3]), [3])).toThrow('broadcastTo: cannot broadcast [2,3] to [3]');
    expect(() => broadcastTo(zeros([2]), [-1])).toThrow(ShapeError);
    expect(() => sumToShape(zeros([2, 3]), [4])).toThrow(ShapeError);
    expect(() => sumToShape(zeros([2, 3]), [4])).toThrow('sumToShape: cannot sum [2,3] down to [4]: [4] does not broadcast to [2,3]');
    expect(() => sumToShape(zeros([3]), [2, 3])).toThrow('sumToShape: cannot sum [3] down to [2,3]: [2,3] does not broadcast to [3]');
    try {
      sumToShape(zeros([2, 3]), [4]);
    } catch (e) {
      expect((e as ShapeError).shapes).toEqual([[2, 3], [4]]);
    }
  });
});
