import { describe, expect, test } from 'vitest';
import { ArgumentError, NDArray, array, pad, padGrad } from '../src/index.ts';

/*
 * pad's border modes on hand-worked cases (PyTorch's F.pad results for the same inputs are in the golden
 * fixtures, packages/autograd/test/golden/ops.json), their limits, and padGrad as the adjoint of pad:
 * <pad(x), g> = <x, padGrad(g)> for every x and g.
 */
describe('pad modes', () => {
  const x = array([1, 2, 3]);
  test.each([
    ['reflect', [2, 2], [3, 2, 1, 2, 3, 2, 1]],
    ['replicate', [2, 3], [1, 1, 1, 2, 3, 3, 3, 3]],
    ['circular', [2, 3], [2, 3, 1, 2, 3, 1, 2, 3]],
    ['circular', [3, 0], [1, 2, 3, 1, 2, 3]],
    ['constant', [1, 2], [0, 1, 2, 3, 0, 0]],
  ] as const)('%s %j', (mode, w, want) => {
    expect(pad(x, [w], { mode }).toArray()).toEqual(want);
  });

  test('2-D: every axis padded, corners read from the corner of the input', () => {
    const m = array([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(
      pad(
        m,
        [
          [1, 1],
          [1, 0],
        ],
        { mode: 'reflect' },
      ).toArray(),
    ).toEqual([
      [5, 4, 5, 6],
      [2, 1, 2, 3],
      [5, 4, 5, 6],
      [2, 1, 2, 3],
    ]);
    expect(
      pad(
        m,
        [
          [0, 1],
          [2, 1],
        ],
        { mode: 'replicate' },
      ).toArray(),
    ).toEqual([
      [1, 1, 1, 2, 3, 3],
      [4, 4, 4, 5, 6, 6],
      [4, 4, 4, 5, 6, 6],
    ]);
    expect(
      pad(
        m,
        [
          [1, 0],
          [1, 1],
        ],
        { mode: 'circular' },
      ).toArray(),
    ).toEqual([
      [6, 4, 5, 6, 4],
      [3, 1, 2, 3, 1],
      [6, 4, 5, 6, 4],
    ]);
  });

  test('float32 stays float32; rank 0 and empty outer axes', () => {
    expect(pad(array([1, 2], { dtype: 'float32' }), [[1, 0]], { mode: 'reflect' }).dtype).toBe('float32');
    expect(pad(array(7), [], { mode: 'reflect' }).toArray()).toBe(7);
    expect(
      pad(
        new NDArray(new Float64Array(0), [0, 2]),
        [
          [0, 0],
          [1, 1],
        ],
        { mode: 'replicate' },
      ).shape,
    ).toEqual([0, 4]);
  });

  test('limits: reflect < size, circular ≤ size, replicate non-empty; errors name op, widths, axis and size', () => {
    expect(() => pad(x, [[3, 0]], { mode: 'reflect' })).toThrow(
      "pad: 'reflect' padding must be smaller than the axis size, got widths [3, 0] for axis 0 of size 3: [3]",
    );
    expect(() => pad(x, [[0, 4]], { mode: 'circular' })).toThrow(
      /'circular' padding must be at most the axis size.*\[0, 4\] for axis 0 of size 3/,
    );
    expect(() =>
      pad(
        new NDArray(new Float64Array(0), [1, 0]),
        [
          [0, 0],
          [1, 0],
        ],
        { mode: 'replicate' },
      ),
    ).toThrow(/'replicate' padding needs a non-empty axis.*axis 1 of size 0/);
    expect(() => pad(x, [[1, 1]], { mode: 'reflect', value: 2 })).toThrow(ArgumentError);
    expect(() => pad(x, [[1, 1]], { mode: 'mirror' as never })).toThrow(/option 'mode' must be/);
    expect(() => pad(x, [[1, 1]], { modes: 'reflect' } as never)).toThrow(/unknown option 'modes'/);
    // value 0 with a non-constant mode is accepted, as PyTorch does.
    expect(pad(x, [[1, 1]], { mode: 'reflect', value: 0 }).toArray()).toEqual([2, 1, 2, 3, 2]);
  });
});

describe('padGrad is the adjoint of pad', () => {
  const shape = [2, 3, 4];
  const widths: [number, number][] = [
    [1, 0],
    [2, 2],
    [3, 1],
  ];
  const xv = Float64Array.from({ length: 24 }, (_, i) => Math.sin(i + 1));
  test.each(['constant', 'reflect', 'replicate', 'circular'] as const)('%s', (mode) => {
    const w2 =
      mode === 'reflect' ? widths.map(([b, a], i) => [Math.min(b, shape[i]! - 1), Math.min(a, shape[i]! - 1)] as [number, number]) : widths;
    const y = pad(new NDArray(xv, shape), w2, { mode });
    const g = new NDArray(
      Float64Array.from({ length: y.size }, (_, i) => Math.cos(3 * i)),
      y.shape,
    );
    const dx = padGrad(g, shape, w2, mode);
    let lhs = 0;
    for (let i = 0; i < y.size; i++) lhs += y.data[i]! * g.data[i]!;
    let rhs = 0;
    for (let i = 0; i < xv.length; i++) rhs += xv[i]! * dx.data[i]!;
    expect(Math.abs(lhs - rhs)).toBeLessThan(1e-12);
    // The gradient sums to the sum of g: every output element reads exactly one input element.
    const sum = (a: ArrayLike<number>) => Array.from(a).reduce((p, v) => p + v, 0);
    if (mode !== 'constant') expect(sum(dx.data)).toBeCloseTo(sum(g.data), 12);
  });

  test('replicate: the edge element collects its copies', () => {
    expect(padGrad(array([1, 2, 3, 4, 5]), [3], [[1, 1]], 'replicate').toArray()).toEqual([3, 3, 9]);
    expect(() => padGrad(array([1, 2]), [3], [[1, 1]], 'replicate')).toThrow(/padGrad: output gradient has shape \[2\], expected \[5\]/);
  });
});
