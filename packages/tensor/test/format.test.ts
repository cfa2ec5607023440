import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatArray, formatExponential, formatFixed } from '../src/format.ts';
import { NDArray } from '../src/ndarray.ts';

const range = (n: number, f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i));

function make(values: readonly number[], shape: readonly number[], dtype: 'float32' | 'float64' = 'float32'): NDArray {
  return new NDArray(dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values), shape);
}

/**
 * Expected strings printed by PyTorch 2.13 (`str(torch.tensor(values, dtype=…).reshape(shape))`, default
 * print options) for the same values, with `torch.float64` spelled `float64`, formatted here under
 * PyTorch's prefix `tensor(` (continuation lines are indented by the prefix's length).
 */
const FROM_PYTORCH: readonly { values: readonly number[]; shape: readonly number[]; dtype?: 'float64'; expected: string }[] = [
  { values: [1, 2, 3, 4], shape: [2, 2], expected: 'tensor([[1., 2.],\n        [3., 4.]])' },
  {
    values: [1, 2, 3, 4.5],
    shape: [2, 2],
    dtype: 'float64',
    expected: 'tensor([[1.0000, 2.0000],\n        [3.0000, 4.5000]], dtype=float64)',
  },
  { values: [3.14159], shape: [], expected: 'tensor(3.1416)' },
  { values: [-1.5, 0.25, 1000], shape: [3], expected: 'tensor([-1.5000e+00,  2.5000e-01,  1.0000e+03])' },
  { values: [1e-5, 1, 2], shape: [3], dtype: 'float64', expected: 'tensor([1.0000e-05, 1.0000e+00, 2.0000e+00], dtype=float64)' },
  { values: [NaN, 1.5, Infinity, -Infinity], shape: [4], expected: 'tensor([   nan, 1.5000,    inf,   -inf])' },
  { values: [-0, 1], shape: [2], expected: 'tensor([-0., 1.])' },
  { values: [0.03125, 1.03125, 2.5], shape: [3], dtype: 'float64', expected: 'tensor([0.0312, 1.0312, 2.5000], dtype=float64)' },
  { values: [0.099996, 9.99996], shape: [2], dtype: 'float64', expected: 'tensor([ 0.1000, 10.0000], dtype=float64)' },
  {
    values: range(40, (i) => i * 0.37),
    shape: [40],
    dtype: 'float64',
    expected:
      'tensor([ 0.0000,  0.3700,  0.7400,  1.1100,  1.4800,  1.8500,  2.2200,  2.5900,\n         2.9600,  3.3300,  3.7000,  4.0700,  4.4400,  4.8100,  5.1800,  5.5500,\n         5.9200,  6.2900,  6.6600,  7.0300,  7.4000,  7.7700,  8.1400,  8.5100,\n         8.8800,  9.2500,  9.6200,  9.9900, 10.3600, 10.7300, 11.1000, 11.4700,\n        11.8400, 12.2100, 12.5800, 12.9500, 13.3200, 13.6900, 14.0600, 14.4300],\n       dtype=float64)',
  },
  {
    values: range(2000, (i) => i),
    shape: [20, 100],
    expected:
      'tensor([[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 9.7000e+01, 9.8000e+01,\n         9.9000e+01],\n        [1.0000e+02, 1.0100e+02, 1.0200e+02,  ..., 1.9700e+02, 1.9800e+02,\n         1.9900e+02],\n        [2.0000e+02, 2.0100e+02, 2.0200e+02,  ..., 2.9700e+02, 2.9800e+02,\n         2.9900e+02],\n        ...,\n        [1.7000e+03, 1.7010e+03, 1.7020e+03,  ..., 1.7970e+03, 1.7980e+03,\n         1.7990e+03],\n        [1.8000e+03, 1.8010e+03, 1.8020e+03,  ..., 1.8970e+03, 1.8980e+03,\n         1.8990e+03],\n        [1.9000e+03, 1.9010e+03, 1.9020e+03,  ..., 1.9970e+03, 1.9980e+03,\n         1.9990e+03]])',
  },
  {
    values: range(1001, (i) => i / 7),
    shape: [1001],
    expected: 'tensor([  0.0000,   0.1429,   0.2857,  ..., 142.5714, 142.7143, 142.8571])',
  },
  {
    values: range(24, (i) => i - 12),
    shape: [2, 3, 4],
    expected:
      'tensor([[[-12., -11., -10.,  -9.],\n         [ -8.,  -7.,  -6.,  -5.],\n         [ -4.,  -3.,  -2.,  -1.]],\n\n        [[  0.,   1.,   2.,   3.],\n         [  4.,   5.,   6.,   7.],\n         [  8.,   9.,  10.,  11.]]])',
  },
  {
    values: range(16, (i) => i * 0.5),
    shape: [2, 2, 2, 2],
    expected:
      'tensor([[[[0.0000, 0.5000],\n          [1.0000, 1.5000]],\n\n         [[2.0000, 2.5000],\n          [3.0000, 3.5000]]],\n\n\n        [[[4.0000, 4.5000],\n          [5.0000, 5.5000]],\n\n         [[6.0000, 6.5000],\n          [7.0000, 7.5000]]]])',
  },
  {
    values: range(1100, (i) => i),
    shape: [11, 10, 10],
    expected:
      'tensor([[[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 7.0000e+00,\n          8.0000e+00, 9.0000e+00],\n         [1.0000e+01, 1.1000e+01, 1.2000e+01,  ..., 1.7000e+01,\n          1.8000e+01, 1.9000e+01],\n         [2.0000e+01, 2.1000e+01, 2.2000e+01,  ..., 2.7000e+01,\n          2.8000e+01, 2.9000e+01],\n         ...,\n         [7.0000e+01, 7.1000e+01, 7.2000e+01,  ..., 7.7000e+01,\n          7.8000e+01, 7.9000e+01],\n         [8.0000e+01, 8.1000e+01, 8.2000e+01,  ..., 8.7000e+01,\n          8.8000e+01, 8.9000e+01],\n         [9.0000e+01, 9.1000e+01, 9.2000e+01,  ..., 9.7000e+01,\n          9.8000e+01, 9.9000e+01]],\n\n        [[1.0000e+02, 1.0100e+02, 1.0200e+02,  ..., 1.0700e+02,\n          1.0800e+02, 1.0900e+02],\n         [1.1000e+02, 1.1100e+02, 1.1200e+02,  ..., 1.1700e+02,\n          1.1800e+02, 1.1900e+02],\n         [1.2000e+02, 1.2100e+02, 1.2200e+02,  ..., 1.2700e+02,\n          1.2800e+02, 1.2900e+02],\n         ...,\n         [1.7000e+02, 1.7100e+02, 1.7200e+02,  ..., 1.7700e+02,\n          1.7800e+02, 1.7900e+02],\n         [1.8000e+02, 1.8100e+02, 1.8200e+02,  ..., 1.8700e+02,\n          1.8800e+02, 1.8900e+02],\n         [1.9000e+02, 1.9100e+02, 1.9200e+02,  ..., 1.9700e+02,\n          1.9800e+02, 1.9900e+02]],\n\n        [[2.0000e+02, 2.0100e+02, 2.0200e+02,  ..., 2.0700e+02,\n          2.0800e+02, 2.0900e+02],\n         [2.1000e+02, 2.1100e+02, 2.1200e+02,  ..., 2.1700e+02,\n          2.1800e+02, 2.1900e+02],\n         [2.2000e+02, 2.2100e+02, 2.2200e+02,  ..., 2.2700e+02,\n          2.2800e+02, 2.2900e+02],\n         ...,\n         [2.7000e+02, 2.7100e+02, 2.7200e+02,  ..., 2.7700e+02,\n          2.7800e+02, 2.7900e+02],\n         [2.8000e+02, 2.8100e+02, 2.8200e+02,  ..., 2.8700e+02,\n          2.8800e+02, 2.8900e+02],\n         [2.9000e+02, 2.9100e+02, 2.9200e+02,  ..., 2.9700e+02,\n          2.9800e+02, 2.9900e+02]],\n\n        ...,\n\n        [[8.0000e+02, 8.0100e+02, 8.0200e+02,  ..., 8.0700e+02,\n          8.0800e+02, 8.0900e+02],\n         [8.1000e+02, 8.1100e+02, 8.1200e+02,  ..., 8.1700e+02,\n          8.1800e+02, 8.1900e+02],\n         [8.2000e+02, 8.2100e+02, 8.2200e+02,  ..., 8.2700e+02,\n          8.2800e+02, 8.2900e+02],\n         ...,\n         [8.7000e+02, 8.7100e+02, 8.7200e+02,  ..., 8.7700e+02,\n          8.7800e+02, 8.7900e+02],\n         [8.8000e+02, 8.8100e+02, 8.8200e+02,  ..., 8.8700e+02,\n          8.8800e+02, 8.8900e+02],\n         [8.9000e+02, 8.9100e+02, 8.9200e+02,  ..., 8.9700e+02,\n          8.9800e+02, 8.9900e+02]],\n\n        [[9.0000e+02, 9.0100e+02, 9.0200e+02,  ..., 9.0700e+02,\n          9.0800e+02, 9.0900e+02],\n         [9.1000e+02, 9.1100e+02, 9.1200e+02,  ..., 9.1700e+02,\n          9.1800e+02, 9.1900e+02],\n         [9.2000e+02, 9.2100e+02, 9.2200e+02,  ..., 9.2700e+02,\n          9.2800e+02, 9.2900e+02],\n         ...,\n         [9.7000e+02, 9.7100e+02, 9.7200e+02,  ..., 9.7700e+02,\n          9.7800e+02, 9.7900e+02],\n         [9.8000e+02, 9.8100e+02, 9.8200e+02,  ..., 9.8700e+02,\n          9.8800e+02, 9.8900e+02],\n         [9.9000e+02, 9.9100e+02, 9.9200e+02,  ..., 9.9700e+02,\n          9.9800e+02, 9.9900e+02]],\n\n        [[1.0000e+03, 1.0010e+03, 1.0020e+03,  ..., 1.0070e+03,\n          1.0080e+03, 1.0090e+03],\n         [1.0100e+03, 1.0110e+03, 1.0120e+03,  ..., 1.0170e+03,\n          1.0180e+03, 1.0190e+03],\n         [1.0200e+03, 1.0210e+03, 1.0220e+03,  ..., 1.0270e+03,\n          1.0280e+03, 1.0290e+03],\n         ...,\n         [1.0700e+03, 1.0710e+03, 1.0720e+03,  ..., 1.0770e+03,\n          1.0780e+03, 1.0790e+03],\n         [1.0800e+03, 1.0810e+03, 1.0820e+03,  ..., 1.0870e+03,\n          1.0880e+03, 1.0890e+03],\n         [1.0900e+03, 1.0910e+03, 1.0920e+03,  ..., 1.0970e+03,\n          1.0980e+03, 1.0990e+03]]])',
  },
  { values: [0, 0], shape: [2], expected: 'tensor([0., 0.])' },
];

describe('NDArray printing follows PyTorch', () => {
  test.each(FROM_PYTORCH)('%#: shape $shape', ({ values, shape, dtype, expected }) => {
    expect(formatArray(make(values, shape, dtype), 'tensor(')).toBe(expected);
  });

  test('hand-checked rules: integer mode, 4 decimals, scientific span, dtype suffix', () => {
    // All integral: printed `1.` with the column as wide as the widest value plus the dot.
    expect(String(make([1, 20, -3], [3]))).toBe('array([ 1., 20., -3.])');
    // One non-integer switches every value to 4 decimals.
    expect(String(make([1, 2.5], [2]))).toBe('array([1.0000, 2.5000])');
    // max/min = 1000 exactly stays fixed; just above switches to scientific.
    expect(String(make([0.001, 1], [2], 'float64'))).toBe('array([0.0010, 1.0000], dtype=float64)');
    expect(String(make([0.00099, 1], [2], 'float64'))).toBe('array([9.9000e-04, 1.0000e+00], dtype=float64)');
    // Zeros and non-finite values do not count for the mode: NaN alone with integers stays integer mode.
    expect(String(make([0, NaN, 3], [3]))).toBe('array([0., nan, 3.])');
    expect(String(make([], [0]))).toBe('array([])');
    expect(String(make([], [2, 0, 3], 'float64'))).toBe('array([], shape=[2,0,3], dtype=float64)');
  });

  test('summarises above 1000 elements: 3 edge items and `...` per axis', () => {
    expect(
      String(
        make(
          range(1000, (i) => i),
          [1000],
        ),
      ),
    ).not.toContain('...');
    const s = String(
      make(
        range(1001, (i) => i),
        [1001],
      ),
    );
    expect(s).toBe('array([   0.,    1.,    2.,  ...,  998.,  999., 1000.])');
  });

  test('console.log and util.inspect show the same text as toString', () => {
    const a = make([1, 2.5], [2]);
    expect(inspect(a)).toBe(String(a));
    expect(inspect({ a }, { depth: 0 })).toContain('array([1.0000, 2.5000])');
    expect(`${a}`).toBe(String(a));
  });

  test('every printed value reads back within half a unit of the 4th decimal (fixed mode)', () => {
    // Values in [1e-4, 1e3) never trigger scientific mode when printed alone.
    const value = fc.double({ min: 1e-4, max: 999, noNaN: true }).chain((x) => fc.constantFrom(x, -x));
    fc.assert(
      fc.property(value, (x) => {
        fc.pre(!Number.isInteger(x)); // integers print as `3.`
        const s = String(make([x], [1], 'float64'));
        const m = /^array\(\[(-?\d+\.\d{4})\], dtype=float64\)$/.exec(s);
        expect(m).not.toBeNull();
        expect(Math.abs(Number(m![1]) - x)).toBeLessThanOrEqual(0.5e-4 * (1 + 1e-12));
      }),
    );
  });
});

describe("Python's rounding (half to even on the exact binary value)", () => {
  test('exact ties go to the even digit; JavaScript toFixed would round them up', () => {
    expect(formatFixed(0.03125, 4)).toBe('0.0312');
    expect((0.03125).toFixed(4)).toBe('0.0313');
    expect(formatFixed(0.09375, 4)).toBe('0.0938');
    expect(formatFixed(0.5, 0)).toBe('0');
    expect(formatFixed(1.5, 0)).toBe('2');
    expect(formatFixed(-2.5, 0)).toBe('-2');
    expect(formatExponential(1.03125, 4)).toBe('1.0312e+00');
    // Not a tie: 1.03135 is stored as 1.0313499999999999889…, so it rounds down in both languages.
    expect(formatExponential(1.03135, 4)).toBe('1.0313e+00');
  });

  test('carries, signs, exponents and non-finite values', () => {
    expect(formatFixed(9.99996, 4)).toBe('10.0000');
    expect(formatFixed(0.00006, 4)).toBe('0.0001');
    expect(formatFixed(0.00004, 4)).toBe('0.0000');
    expect(formatFixed(-0.00004, 4)).toBe('-0.0000');
    expect(formatFixed(-0, 4)).toBe('-0.0000');
    expect(formatExponential(9.99996e-7, 4)).toBe('1.0000e-06');
    expect(formatExponential(1e120, 4)).toBe('1.0000e+120');
    expect(formatExponential(0, 4)).toBe('0.0000e+00');
    expect(formatExponential(Number.NEGATIVE_INFINITY, 4)).toBe('-inf');
    expect(formatFixed(Number.NaN, 4)).toBe('nan');
  });

  test('agrees with toFixed / toExponential wherever the value is not a tie', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 6 }), (x, p) => {
        // A tie needs x·10^p·2 to be an odd integer exactly; random doubles essentially never are.
        fc.pre(!Number.isInteger(x * 10 ** p * 2) && !Object.is(x, -0));
        expect(formatFixed(x, p)).toBe(x.toFixed(p));
        expect(formatExponential(x, p)).toBe(x.toExponential(p).replace(/e([+-])(\d)$/, 'e$10$2'));
      }),
    );
  });
});
