import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { array, arange, zeros } from '../src/creation.ts';
import { ArgumentError, AxisError, ShapeError } from '../src/errors.ts';
import type { NDArray } from '../src/ndarray.ts';
import { type SliceSpec, concat, expandDims, pad, reshape, slice, sliceScatter, squeeze, stack, transpose } from '../src/shape-ops.ts';
import { prod, at, build, dot, expectSame, expectError } from './helpers.ts';

const RUNS = { numRuns: 150 };

// ---- independent reference helpers (plain JS, no code under test) ----

/** Selected indices of one axis: Python's `range(dim)[start:stop:step]`, written as a walk. */
function refAxis(dim: number, spec: SliceSpec | undefined): number[] {
  if (spec === null || spec === undefined) return Array.from({ length: dim }, (_, i) => i);
  const step = spec.step ?? 1;
  const out: number[] = [];
  if (step > 0) {
    const s = spec.start === undefined ? 0 : spec.start < 0 ? Math.max(0, spec.start + dim) : Math.min(spec.start, dim);
    const e = spec.stop === undefined ? dim : spec.stop < 0 ? Math.max(0, spec.stop + dim) : Math.min(spec.stop, dim);
    for (let i = s; i < e; i += step) out.push(i);
  } else {
    const s = spec.start === undefined ? dim - 1 : spec.start < 0 ? spec.start + dim : Math.min(spec.start, dim - 1);
    const e = spec.stop === undefined ? -1 : spec.stop < 0 ? Math.max(-1, spec.stop + dim) : spec.stop;
    for (let i = s; i > e; i += step) out.push(i);
  }
  return out;
}

function refSlice(x: NDArray, specs: readonly SliceSpec[]): { shape: number[]; values: number[] } {
  const lists = x.shape.map((d, i) => refAxis(d, specs[i]));
  const shape = lists.map((l) => l.length);
  return {
    shape,
    values: build(shape, (j) =>
      at(
        x,
        j.map((k, i) => lists[i]![k]!),
      ),
    ),
  };
}

// ---- arbitraries: ranks 0–4, dims 0–4, small integer values (exact in float32 and in dot products) ----

const shapeArb = (minRank = 0, maxRank = 4, minDim = 0, maxDim = 4): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: minDim, max: maxDim }), { minLength: minRank, maxLength: maxRank });

const arrayOf = (shape: readonly number[], dtype: 'float32' | 'float64' = 'float64'): fc.Arbitrary<NDArray> =>
  fc.array(fc.integer({ min: -9, max: 9 }), { minLength: prod(shape), maxLength: prod(shape) }).map((v) => array(v, { shape, dtype }));

const ndArb = (minRank = 0, maxRank = 4, dtype: 'float32' | 'float64' = 'float64'): fc.Arbitrary<NDArray> =>
  shapeArb(minRank, maxRank).chain((s) => arrayOf(s, dtype));

const permArb = (rank: number): fc.Arbitrary<number[]> =>
  fc.shuffledSubarray(
    Array.from({ length: rank }, (_, i) => i),
    { minLength: rank, maxLength: rank },
  );

const boundArb = fc.option(fc.integer({ min: -6, max: 6 }), { nil: undefined });
const stepArb = fc.option(
  fc.integer({ min: -3, max: 3 }).filter((s) => s !== 0),
  { nil: undefined },
);
const specArb: fc.Arbitrary<SliceSpec> = fc.option(fc.record({ start: boundArb, stop: boundArb, step: stepArb }), { nil: null });
const specsFor = (rank: number): fc.Arbitrary<SliceSpec[]> => fc.array(specArb, { maxLength: rank });

// ---- reshape ----

describe('reshape', () => {
  test('round-trips through any shape of the same size, sharing data; -1 is inferred', () => {
    fc.assert(
      fc.property(ndArb(), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 2 }), fc.nat(), (x, seed, ones, where) => {
        // A target of the same size: the dims in another order plus some size-1 axes.
        const dims = [...x.shape];
        const target: number[] = [];
        while (dims.length > 0) target.push(dims.splice(seed % dims.length, 1)[0]!);
        for (let i = 0; i < ones; i++) target.splice((seed + i) % (target.length + 1), 0, 1);
        const y = reshape(x, target);
        expectSame(y, target, Array.from(x.data));
        expect(y.data).toBe(x.data);
        expectSame(reshape(y, x.shape), x.shape, Array.from(x.data));
        if (target.length > 0) {
          const k = where % target.length;
          const withHole = target.map((d, i) => (i === k ? -1 : d));
          if (prod(withHole.filter((d) => d !== -1)) > 0) expectSame(reshape(x, withHole), target, Array.from(x.data));
        }
      }),
      RUNS,
    );
  });

  test('examples', () => {
    expectSame(reshape(arange(6), [2, -1]), [2, 3], [0, 1, 2, 3, 4, 5]);
    expectSame(reshape(arange(6), [-1]), [6], [0, 1, 2, 3, 4, 5]);
    expectSame(reshape(array([7]), []), [], [7]);
    expectSame(reshape(zeros([0, 3]), [3, -1, 2]), [3, 0, 2], []);
  });

  test('errors', () => {
    const x = zeros([2, 3]);
    expectError(() => reshape(x, [-1, -1]), ShapeError, 'reshape: only one dimension can be -1: cannot reshape [2,3] into [-1,-1]');
    expectError(() => reshape(x, [4]), ShapeError, 'reshape: cannot reshape [2,3] (size 6) into [4] (size 4)');
    expectError(() => reshape(x, [4, -1]), ShapeError, 'reshape: cannot reshape [2,3] (size 6) into [4,-1]');
    expectError(() => reshape(zeros([0, 3]), [0, -1]), ShapeError, 'reshape: cannot reshape [0,3] (size 0) into [0,-1]');
    expectError(
      () => reshape(x, [2, 1.5]),
      ShapeError,
      'reshape: dimension 1 must be a non-negative integer or -1, got 1.5: cannot reshape [2,3] into [2,1.5]',
    );
    expectError(
      () => reshape(x, [-2, -3]),
      ShapeError,
      'reshape: dimension 0 must be a non-negative integer or -1, got -2: cannot reshape [2,3] into [-2,-3]',
    );
    expectError(
      () => reshape(x, [NaN]),
      ShapeError,
      'reshape: dimension 0 must be a non-negative integer or -1, got NaN: cannot reshape [2,3] into [NaN]',
    );
    try {
      reshape(x, [-1, 2, -1]);
    } catch (e) {
      expect((e as ShapeError).shapes).toEqual([
        [2, 3],
        [-1, 2, -1],
      ]);
    }
    expect(() => reshape(x, [-1, 2, -1])).toThrow(ShapeError);
  });
});

// ---- transpose ----

function refTranspose(x: NDArray, perm: readonly number[]): { shape: number[]; values: number[] } {
  const shape = perm.map((a) => x.shape[a]!);
  return {
    shape,
    values: build(shape, (j) => {
      const k = new Array<number>(perm.length);
      perm.forEach((a, i) => {
        k[a] = j[i]!;
      });
      return at(x, k);
    }),
  };
}

describe('transpose', () => {
  test('matches an index-by-index reference and is undone by the inverse permutation', () => {
    fc.assert(
      fc.property(
        ndArb(0, 4, 'float32').chain((x) => fc.tuple(fc.constant(x), permArb(x.rank))),
        ([x, perm]) => {
          const y = transpose(x, perm);
          const ref = refTranspose(x, perm);
          expectSame(y, ref.shape, ref.values);
          expect(y.dtype).toBe('float32');
          const inv = new Array<number>(perm.length);
          perm.forEach((a, i) => {
            inv[a] = i;
          });
          expectSame(transpose(y, inv), x.shape, Array.from(x.data));
          // Negative axes name the same permutation.
          expectSame(
            transpose(
              x,
              perm.map((a) => a - x.rank),
            ),
            ref.shape,
            ref.values,
          );
        },
      ),
      RUNS,
    );
  });

  test('default reverses the axes', () => {
    fc.assert(
      fc.property(ndArb(), (x) => {
        const ref = refTranspose(
          x,
          x.shape.map((_, i) => x.rank - 1 - i),
        );
        expectSame(transpose(x), ref.shape, ref.values);
      }),
      { numRuns: 50 },
    );
  });

  test('large 2-D and batched arrays cross tile boundaries correctly', () => {
    fc.assert(
      fc.property(
        fc
          .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 70 }), fc.integer({ min: 1, max: 70 }))
          .chain(([b, m, n]) => fc.tuple(arrayOf([b, m, n]), fc.constantFrom([0, 2, 1], [2, 1, 0], [1, 2, 0]))),
        ([x, perm]) => {
          const ref = refTranspose(x, perm);
          expectSame(transpose(x, perm), ref.shape, ref.values);
          const x2 = reshape(x, [x.shape[0]! * x.shape[1]!, x.shape[2]!]);
          const ref2 = refTranspose(x2, [1, 0]);
          expectSame(transpose(x2), ref2.shape, ref2.values);
        },
      ),
      { numRuns: 40 },
    );
  });

  test('returns a copy even for the identity permutation', () => {
    const x = array([
      [1, 2],
      [3, 4],
    ]);
    const y = transpose(x, [0, 1]);
    expect(y.data).not.toBe(x.data);
    expectSame(y, [2, 2], [1, 2, 3, 4]);
  });

  test('errors', () => {
    const x = zeros([2, 3]);
    expectError(() => transpose(x, [0, 0]), ArgumentError, 'transpose: perm [0,0] is not a permutation of the axes of [2,3]');
    expectError(() => transpose(x, [0]), ArgumentError, 'transpose: perm [0] is not a permutation of the axes of [2,3]');
    expectError(() => transpose(x, [0, 2]), ArgumentError, 'transpose: perm [0,2] is not a permutation of the axes of [2,3]');
    expectError(() => transpose(x, [0, 1.5]), ArgumentError, 'transpose: perm [0,1.5] is not a permutation of the axes of [2,3]');
  });
});

// ---- squeeze / expandDims ----

describe('squeeze and expandDims', () => {
  test('expandDims then squeeze of the same axis is the identity; both share data', () => {
    fc.assert(
      fc.property(
        ndArb().chain((x) => fc.tuple(fc.constant(x), fc.integer({ min: -x.rank - 1, max: x.rank }))),
        ([x, axis]) => {
          const y = expandDims(x, axis);
          const pos = axis < 0 ? axis + x.rank + 1 : axis;
          const expected = [...x.shape.slice(0, pos), 1, ...x.shape.slice(pos)];
          expectSame(y, expected, Array.from(x.data));
          expect(y.data).toBe(x.data);
          const z = squeeze(y, axis < 0 ? axis : pos);
          expectSame(z, x.shape, Array.from(x.data));
          expect(z.data).toBe(x.data);
        },
      ),
      RUNS,
    );
  });

  test('squeeze() removes every size-1 axis; a list removes exactly those', () => {
    fc.assert(
      fc.property(
        shapeArb(0, 4, 0, 2).chain((s) => arrayOf(s)),
        (x) => {
          expectSame(
            squeeze(x),
            x.shape.filter((d) => d !== 1),
            Array.from(x.data),
          );
          const ones = x.shape.flatMap((d, i) => (d === 1 ? [i] : []));
          expectSame(
            squeeze(
              x,
              ones.map((a) => a - x.rank),
            ),
            x.shape.filter((d) => d !== 1),
            Array.from(x.data),
          );
        },
      ),
      RUNS,
    );
  });

  test('errors', () => {
    expectError(() => squeeze(zeros([2, 3]), 1), ShapeError, 'squeeze: cannot squeeze axis 1 of size 3: [2,3]');
    expectError(() => squeeze(zeros([1, 3]), 2), AxisError, 'squeeze: axis 2 out of range for rank 2');
    expectError(() => squeeze(zeros([1, 1]), [0, -2]), AxisError, 'squeeze: axis -2 repeated in [0,-2]');
    expectError(() => expandDims(zeros([2, 3]), 3), AxisError, 'expandDims: axis 3 out of range [-3, 2] for inserting into rank 2');
    expectError(() => expandDims(zeros([2, 3]), -4), AxisError, 'expandDims: axis -4 out of range [-3, 2] for inserting into rank 2');
  });
});

// ---- concat / stack ----

/** Inputs for concat: rank 1–4, equal dims off `axis`, any dims (0–4) along it. */
const concatCase = shapeArb(1, 4).chain((base) =>
  fc
    .tuple(fc.integer({ min: 0, max: base.length - 1 }), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 }))
    .chain(([axis, lens]) =>
      fc.tuple(
        fc.constant(axis),
        fc.tuple(
          ...lens.map((len, k) =>
            arrayOf(
              base.map((d, i) => (i === axis ? len : d)),
              k % 2 === 0 ? 'float32' : 'float64',
            ),
          ),
        ),
      ),
    ),
);

describe('concat', () => {
  test('matches a reference and slicing the result recovers each input', () => {
    fc.assert(
      fc.property(concatCase, fc.boolean(), ([axis, xs], negative) => {
        const rank = xs[0]!.rank;
        const out = concat(xs, negative ? axis - rank : axis);
        const offsets: number[] = [];
        let total = 0;
        for (const x of xs) {
          offsets.push(total);
          total += x.shape[axis]!;
        }
        const shape = xs[0]!.shape.map((d, i) => (i === axis ? total : d));
        const values = build(shape, (j) => {
          let k = 0;
          while (j[axis]! >= offsets[k]! + xs[k]!.shape[axis]!) k++;
          return at(
            xs[k]!,
            j.map((v, i) => (i === axis ? v - offsets[k]! : v)),
          );
        });
        expectSame(out, shape, values);
        expect(out.dtype).toBe(xs.some((x) => x.dtype === 'float64') ? 'float64' : 'float32');
        xs.forEach((x, k) => {
          const specs: SliceSpec[] = shape.map((_, i) => (i === axis ? { start: offsets[k]!, stop: offsets[k]! + x.shape[axis]! } : null));
          expectSame(slice(out, specs), x.shape, Array.from(x.data));
        });
      }),
      RUNS,
    );
  });

  test('errors', () => {
    expectError(() => concat([]), ArgumentError, 'concat: needs at least one array: []');
    expectError(
      () => concat([zeros([2, 3]), zeros([3, 3])], 1),
      ShapeError,
      'concat: shapes must agree except on axis 1: [2,3] and [3,3] (input 1)',
    );
    expectError(
      () => concat([zeros([2, 3]), zeros([2])]),
      ShapeError,
      'concat: shapes must agree except on axis 0: [2,3] and [2] (input 1)',
    );
    expectError(() => concat([zeros([2, 3])], 2), AxisError, 'concat: axis 2 out of range for rank 2');
    expectError(() => concat([zeros([])]), AxisError, 'concat: axis 0 out of range for rank 0');
  });
});

describe('stack', () => {
  test('matches a reference: out[…, k, …] = xs[k][…]', () => {
    fc.assert(
      fc.property(
        shapeArb(0, 3).chain((s) =>
          fc.tuple(fc.integer({ min: -s.length - 1, max: s.length }), fc.array(arrayOf(s), { minLength: 1, maxLength: 4 })),
        ),
        ([axis, xs]) => {
          const rank = xs[0]!.rank;
          const pos = axis < 0 ? axis + rank + 1 : axis;
          const shape = [...xs[0]!.shape.slice(0, pos), xs.length, ...xs[0]!.shape.slice(pos)];
          const values = build(shape, (j) =>
            at(
              xs[j[pos]!]!,
              j.filter((_, i) => i !== pos),
            ),
          );
          expectSame(stack(xs, axis), shape, values);
        },
      ),
      RUNS,
    );
  });

  test('errors', () => {
    expectError(() => stack([]), ArgumentError, 'stack: needs at least one array: []');
    expectError(() => stack([zeros([2]), zeros([3])]), ShapeError, 'stack: all arrays must have the same shape: [2] and [3] (input 1)');
    expectError(() => stack([zeros([2])], 2), AxisError, 'stack: axis 2 out of range [-2, 1] for inserting into rank 1');
  });
});

// ---- slice / sliceScatter ----

describe('slice', () => {
  test('matches NumPy on hand-checked examples', () => {
    const x = arange(10);
    expectSame(slice(x, [{ step: -4 }]), [3], [9, 5, 1]);
    expectSame(slice(x, [{ start: 8, stop: 2, step: -3 }]), [2], [8, 5]);
    expectSame(slice(x, [{ start: -20, stop: 10, step: 3 }]), [4], [0, 3, 6, 9]);
    expectSame(slice(x, [{ start: 3, stop: 1 }]), [0], []);
    expectSame(slice(x, [{ start: -3 }]), [3], [7, 8, 9]);
    expectSame(slice(arange(5), [{ start: 10, stop: -10, step: -1 }]), [5], [4, 3, 2, 1, 0]);
    expectSame(slice(arange(5), [{ start: -1, stop: -6, step: -2 }]), [3], [4, 2, 0]);
    expectSame(slice(reshape(arange(6), [2, 3]), [null, { start: -1 }]), [2, 1], [2, 5]);
    expectSame(slice(reshape(arange(6), [2, 3]), [{ step: -1 }, { start: 1 }]), [2, 2], [4, 5, 1, 2]);
    expectSame(slice(array(4, { shape: [] }), []), [], [4]);
  });

  test('matches a reference over random specs, including negative steps', () => {
    fc.assert(
      fc.property(
        ndArb(0, 4, 'float32').chain((x) => fc.tuple(fc.constant(x), specsFor(x.rank))),
        ([x, specs]) => {
          const ref = refSlice(x, specs);
          const y = slice(x, specs);
          expectSame(y, ref.shape, ref.values);
          expect(y.dtype).toBe('float32');
        },
      ),
      { numRuns: 300 },
    );
  });

  test('sliceScatter is the adjoint of slice: <slice(x), y> = <x, sliceScatter(y)>', () => {
    fc.assert(
      fc.property(
        ndArb().chain((x) =>
          specsFor(x.rank).chain((specs) => fc.tuple(fc.constant(x), fc.constant(specs), arrayOf(refSlice(x, specs).shape))),
        ),
        ([x, specs, y]) => {
          const back = sliceScatter(y, x.shape, specs);
          expect([...back.shape]).toEqual([...x.shape]);
          expect(dot(slice(x, specs), y)).toBe(dot(x, back));
        },
      ),
      RUNS,
    );
  });

  test('sliceScatter example and dtype', () => {
    const r = sliceScatter(array([1, 2], { dtype: 'float64' }), [5], [{ start: 1, step: 2 }]);
    expectSame(r, [5], [0, 1, 0, 2, 0]);
    expect(r.dtype).toBe('float64');
    expectSame(sliceScatter(array([[1], [2]]), [2, 3], [null, { start: -1, stop: 0, step: -2 }]), [2, 3], [0, 0, 1, 0, 0, 2]);
    expectSame(
      sliceScatter(
        array([
          [1, 2],
          [3, 4],
        ]),
        [2, 3],
        [{ step: -1 }, { step: 2 }],
      ),
      [2, 3],
      [3, 0, 4, 1, 0, 2],
    );
  });

  test('errors', () => {
    const x = zeros([2, 3]);
    expectError(() => slice(x, [null, null, null]), ArgumentError, 'slice: 3 slice specs for rank 2: [2,3]');
    expectError(() => slice(x, [null, { step: 0 }]), ArgumentError, 'slice: step cannot be zero on axis 1: [2,3]');
    expectError(() => slice(x, [{ start: 0.5 }]), ArgumentError, 'slice: start must be an integer, got 0.5 on axis 0');
    expectError(() => slice(x, [{ stop: NaN }]), ArgumentError, 'slice: stop must be an integer, got NaN on axis 0');
    expectError(() => slice(x, [{ step: Infinity }]), ArgumentError, 'slice: step must be an integer, got Infinity on axis 0');
    expectError(
      () => slice(x, [1 as unknown as SliceSpec]),
      ArgumentError,
      'slice: spec for axis 0 must be { start?, stop?, step? } or null, got number 1: [2,3]',
    );
    expectError(
      () => sliceScatter(zeros([2, 2]), [4, 3], [{ step: 2 }]),
      ShapeError,
      'sliceScatter: values shape [2,2] does not match the sliced shape [2,3] of [4,3]',
    );
    expectError(() => sliceScatter(zeros([1]), [3], [null, null]), ArgumentError, 'sliceScatter: 2 slice specs for rank 1: [3]');
    expectError(
      () => sliceScatter(zeros([1]), [-1], []),
      ShapeError,
      'sliceScatter: dimension 0 must be a non-negative integer, got -1 in [-1]',
    );
  });
});

// ---- pad ----

describe('pad', () => {
  test('matches a reference; slicing the padded array recovers x', () => {
    fc.assert(
      fc.property(
        ndArb(0, 4, 'float32').chain((x) =>
          fc.tuple(
            fc.constant(x),
            fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })), { minLength: x.rank, maxLength: x.rank }),
            fc.integer({ min: -5, max: 5 }),
          ),
        ),
        ([x, widths, value]) => {
          const p = pad(x, widths, value);
          const shape = x.shape.map((d, i) => widths[i]![0] + d + widths[i]![1]);
          const values = build(shape, (j) => {
            const k = j.map((v, i) => v - widths[i]![0]);
            return k.every((v, i) => v >= 0 && v < x.shape[i]!) ? at(x, k) : value;
          });
          expectSame(p, shape, values);
          expect(p.dtype).toBe('float32');
          const back = slice(
            p,
            widths.map(([b], i) => ({ start: b, stop: b + x.shape[i]! })),
          );
          expectSame(back, x.shape, Array.from(x.data));
        },
      ),
      RUNS,
    );
  });

  test('default value is 0', () => {
    expectSame(
      pad(array([[1, 2]]), [
        [1, 0],
        [0, 1],
      ]),
      [2, 3],
      [0, 0, 0, 1, 2, 0],
    );
    expectSame(pad(array([1]), [[2, 1]], -1), [4], [-1, -1, 1, -1]);
  });

  test('errors', () => {
    const x = zeros([2, 3]);
    expectError(() => pad(x, [[1, 1]]), ArgumentError, 'pad: expected 2 [before, after] pairs for rank 2, got 1: [2,3]');
    expectError(
      () =>
        pad(x, [
          [0, 0],
          [1, -1],
        ]),
      ArgumentError,
      'pad: widths must be pairs of non-negative integers, got [1,-1] for axis 1: [2,3]',
    );
    expectError(
      () =>
        pad(x, [
          [0.5, 0],
          [0, 0],
        ]),
      ArgumentError,
      'pad: widths must be pairs of non-negative integers, got [0.5,0] for axis 0: [2,3]',
    );
    expectError(
      () => pad(x, [[0, 0], [1, 1, 1] as unknown as [number, number]]),
      ArgumentError,
      'pad: widths must be pairs of non-negative integers, got [1,1,1] for axis 1: [2,3]',
    );
    expectError(
      () => pad(x, [[0, 0], 2 as unknown as [number, number]]),
      ArgumentError,
      'pad: widths must be pairs of non-negative integers, got 2 for axis 1: [2,3]',
    );
  });
});
