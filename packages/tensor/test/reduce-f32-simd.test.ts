import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sumToShape } from '../src/broadcast.ts';
import { reduceSimdAvailable } from '../src/kernels/reduce-f32-simd.ts';
import { NDArray } from '../src/ndarray.ts';
import { setReduceSimdMin } from '../src/reduce-kernel.ts';
import { max, mean, min, sum } from '../src/reduce.ts';
import { indices, prng } from './helpers.ts';

/*
 * The float32 sum/mean/max/min on the WebAssembly SIMD kernels (kernels/reduce-f32.wat), forced on for every size
 * and block here (setReduceSimdMin(0, 0)) and compared with independent references: an exact sum (BigInt), Math.max/min over
 * each output's elements, and the JS loops (setReduceSimdMin(Infinity)) where the kernels promise the same bits.
 *
 * Why a bound for sums: a run folded into ONE output is summed in eight float64 lanes (reduce-f32.wat), not left
 * to right; any order of float64 additions of m terms is within (m − 1)·2⁻⁵³·Σ|x| of the exact sum (Higham,
 * Accuracy and Stability of Numerical Algorithms, §4.2), and the float32 output adds one rounding of at most
 * 2⁻²⁴·|out|. So |out − exact| ≤ 2⁻²⁴·|out| + m·2⁻⁵³·Σ|x| — the test uses exactly that.
 */

/** Every float32 is an integer multiple of 2⁻¹⁴⁹: the exact sum as a BigInt of such units. */
const UNIT = 2 ** 149;
function exactSum(list: readonly number[]): number {
  let s = 0n;
  for (const v of list) s += BigInt(v * UNIT);
  return Number(s) / UNIT;
}

/** Values from a seeded generator: float32 doubles in [−8, 8) scaled by powers of two in [2⁻⁶, 2⁶], some ties. */
function fill(n: number, seed: number): Float32Array {
  const rand = prng(seed);
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = rand() < 0.2 ? Math.floor(rand() * 5) - 2 : (rand() * 16 - 8) * 2 ** Math.floor(rand() * 13 - 6);
  return x;
}

/** Each output's elements, read index by index (row-major outputs, reduced axes removed). */
function groups(shape: readonly number[], data: Float32Array, axes: readonly number[]): number[][] {
  const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const outSize = kept.reduce((p, i) => p * shape[i]!, 1);
  const lists: number[][] = Array.from({ length: outSize }, () => []);
  let f = 0;
  for (const idx of indices(shape)) {
    let o = 0;
    for (const i of kept) o = o * shape[i]! + idx[i]!;
    lists[o]!.push(data[f++]!);
  }
  return lists;
}

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Runs `f` on the JS loops. */
function onJs<T>(f: () => T): T {
  setReduceSimdMin(Infinity);
  try {
    return f();
  } finally {
    setReduceSimdMin(0, 0);
  }
}

/** A shape of rank 1–4 with up to ~6000 elements, and a random non-empty subset of its axes (as indices). */
const shapeAndAxes = fc
  .array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 4 })
  .filter((s) => s.reduce((p, d) => p * d, 1) <= 6000)
  .chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      pick: fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }),
      keepdims: fc.boolean(),
      seed: fc.integer(),
    }),
  )
  .map(({ shape, pick, keepdims, seed }) => {
    let axes = shape.map((_, i) => i).filter((i) => pick[i]);
    if (axes.length === 0) axes = [shape.length - 1];
    return { shape, axes, keepdims, seed };
  });

describe('float32 reductions on the SIMD kernels', () => {
  beforeAll(() => setReduceSimdMin(0, 0));
  afterAll(() => setReduceSimdMin(512));

  test('the kernels are available in this engine (Node 20 has WebAssembly SIMD)', () => {
    expect(reduceSimdAvailable()).toBe(true);
  });

  test('sum and mean: within 2⁻²⁴·|out| + m·2⁻⁵³·Σ|x| of the exact sum; bit-identical to the JS loop when the innermost axis is kept', () => {
    fc.assert(
      fc.property(shapeAndAxes, ({ shape, axes, keepdims, seed }) => {
        const size = shape.reduce((p, d) => p * d, 1);
        const x = new NDArray(fill(size, seed), shape);
        const s = sum(x, { axis: axes, keepdims });
        const mu = mean(x, { axis: axes, keepdims });
        expect(s.shape).toEqual(keepdims ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : shape.filter((_, i) => !axes.includes(i)));
        const lists = groups(shape, x.data as Float32Array, axes);
        lists.forEach((list, o) => {
          const exact = exactSum(list);
          const abs = list.reduce((p, v) => p + Math.abs(v), 0);
          const out = s.data[o]!;
          expect(Math.abs(out - exact)).toBeLessThanOrEqual(2 ** -24 * Math.abs(out) + list.length * 2 ** -53 * abs);
          const m = mu.data[o]!;
          expect(Math.abs(m - exact / list.length)).toBeLessThanOrEqual(2 ** -24 * Math.abs(m) + 2 ** -52 * abs);
        });
        // Innermost axis kept: each output adds its elements one by one in order, as the JS loop does.
        if (!axes.includes(shape.length - 1) || shape[shape.length - 1] === 1) {
          expect(sameBits(s.data, onJs(() => sum(x, { axis: axes, keepdims })).data)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  test('max and min: the maximum / minimum of each output`s elements, bit for bit (and the JS loop`s)', () => {
    fc.assert(
      fc.property(shapeAndAxes, ({ shape, axes, keepdims, seed }) => {
        const size = shape.reduce((p, d) => p * d, 1);
        const data = fill(size, seed);
        // Sprinkle NaN and signed zeros in some cases.
        const rand = prng(seed + 1);
        if (rand() < 0.3) data[Math.floor(rand() * size)] = Number.NaN;
        if (rand() < 0.5) for (let i = 0; i < size; i += 7) data[i] = rand() < 0.5 ? -0 : 0;
        const x = new NDArray(data, shape);
        const lists = groups(shape, data, axes);
        const hi = max(x, { axis: axes, keepdims });
        const lo = min(x, { axis: axes, keepdims });
        lists.forEach((list, o) => {
          expect(Object.is(hi.data[o], Math.max(...list))).toBe(true);
          expect(Object.is(lo.data[o], Math.min(...list))).toBe(true);
        });
        expect(sameBits(hi.data, onJs(() => max(x, { axis: axes, keepdims })).data)).toBe(true);
        expect(sameBits(lo.data, onJs(() => min(x, { axis: axes, keepdims })).data)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  /** Lengths: vector-only, vector + scalar tail, shorter than a vector group, longer than one 16384-float block. */
  const LENGTHS = [1, 3, 16, 1037, 16384 * 2 + 21];

  test.each(LENGTHS)('edge values at every position class (n = %i), runs folded to one output and to n outputs', (n) => {
    const cases: [string, (a: Float32Array) => void][] = [
      ['NaN first', (a) => (a[0] = Number.NaN)],
      ['NaN last', (a) => (a[a.length - 1] = Number.NaN)],
      ['NaN in the middle', (a) => (a[a.length >> 1] = Number.NaN)],
      ['all −0', (a) => a.fill(-0)],
      ['−0 and +0', (a) => a.fill(-0).fill(0, a.length >> 1, (a.length >> 1) + 1)],
      ['+0 and −0', (a) => a.fill(0).fill(-0, a.length >> 1, (a.length >> 1) + 1)],
      [
        '+0 and −0, negatives',
        (a) =>
          a
            .fill(-1)
            .fill(0, a.length - 1)
            .fill(-0, 0, 1),
      ],
      [
        '±Infinity',
        (a) => {
          a[0] = Infinity;
          a[a.length - 1] = -Infinity;
        },
      ],
      ['+Infinity only', (a) => (a[a.length >> 1] = Infinity)],
      ['near FLT_MAX (the float32 sum overflows)', (a) => a.fill(3e38)],
      ['subnormals', (a) => a.fill(1e-45)],
    ];
    for (const [name, edit] of cases) {
      // One run per output (axis −1) and the same values as a column (axis 0 of [n, 2]) next to a copy.
      const a = fill(n, n);
      edit(a);
      const list = Array.from(a);
      const row = new NDArray(a, [1, n]);
      const col = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) col[2 * i] = col[2 * i + 1] = a[i]!;
      const cols = new NDArray(col, [n, 2]);
      const finite = list.filter(Number.isFinite);
      const exact = exactSum(finite) + list.filter((v) => !Number.isFinite(v)).reduce((p, v) => p + v, 0);
      const s1 = sum(row, { axis: -1 }).data[0]!;
      if (Number.isFinite(exact)) {
        const abs = list.reduce((p, v) => p + Math.abs(v), 0);
        expect(Math.abs(s1 - Math.fround(exact)) <= 2 ** -24 * Math.abs(s1) + n * 2 ** -53 * abs || s1 === Math.fround(exact), name).toBe(
          true,
        );
      } else {
        expect(Object.is(s1, exact), `${name}: ${s1} vs ${exact}`).toBe(true);
      }
      expect(sameBits(sum(cols, { axis: 0 }).data, onJs(() => sum(cols, { axis: 0 })).data), name).toBe(true);
      for (const [op, ref] of [
        [max, Math.max],
        [min, Math.min],
      ] as const) {
        const want = ref(...list);
        expect(Object.is(op(row, { axis: -1 }).data[0], want), `${op.name} ${name}`).toBe(true);
        const c = op(cols, { axis: 0 }).data;
        expect(Object.is(c[0], want) && Object.is(c[1], want), `${op.name} ${name} (columns)`).toBe(true);
      }
    }
  });

  test('a long run (sum of everything) with blocks and a tail: near the exact sum; sum of signed zeros is +0 as in the JS loop', () => {
    for (const n of [16384, 16385, 3 * 16384 - 1, 100_003]) {
      const a = fill(n, n + 5);
      const x = new NDArray(a, [n]);
      const exact = exactSum(Array.from(a));
      const abs = a.reduce((p, v) => p + Math.abs(v), 0);
      const s = sum(x).item();
      expect(Math.abs(s - exact)).toBeLessThanOrEqual(2 ** -24 * Math.abs(s) + n * 2 ** -53 * abs);
    }
    const zeros = new NDArray(new Float32Array(20000).fill(-0), [20000]);
    expect(
      Object.is(
        sum(zeros).item(),
        onJs(() => sum(zeros).item()),
      ),
    ).toBe(true);
  });

  test('sumToShape (bias gradients) on the kernels: the JS loops` bits for leading axes, the bound for axes kept as 1', () => {
    for (const [shape, target] of [
      [[64, 256], [256]],
      [[300, 7], [7]],
      [
        [5, 40, 9],
        [40, 9],
      ],
      [
        [2, 3, 700],
        [3, 700],
      ],
    ] as [number[], number[]][]) {
      const size = shape.reduce((p, d) => p * d, 1);
      const x = new NDArray(fill(size, size), shape);
      expect(sameBits(sumToShape(x, target).data, onJs(() => sumToShape(x, target)).data)).toBe(true);
    }
    const x = new NDArray(fill(64 * 300, 3), [64, 300]);
    const r = sumToShape(x, [64, 1]);
    groups([64, 300], x.data as Float32Array, [1]).forEach((list, o) => {
      const exact = exactSum(list);
      const abs = list.reduce((p, v) => p + Math.abs(v), 0);
      expect(Math.abs(r.data[o]! - exact)).toBeLessThanOrEqual(2 ** -24 * Math.abs(r.data[o]!) + 300 * 2 ** -53 * abs);
    });
  });
});
