import { describe, expect, test } from 'vitest';
import { Tensor } from '@seedling-ml/autograd';
import { NDArray, Rng } from '@seedling-ml/tensor';
import {
  ELU,
  Flatten,
  GELU,
  Hardsigmoid,
  Hardswish,
  Hardtanh,
  Identity,
  LeakyReLU,
  LogSigmoid,
  LogSoftmax,
  Mish,
  type Module,
  NNError,
  ReLU,
  SELU,
  SiLU,
  Sigmoid,
  Softmax,
  Softplus,
  Tanh,
} from '../../src/index.ts';
import { gradcheckModule, values } from '../helpers.ts';

/** erf by its Maclaurin series; in float64 its absolute error grows to ~1e-10 at |x| ≈ 4 (cancellation). */
function erfRef(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 120; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

const ALPHA = 1.6732632423543772848170429916717;
const LAMBDA = 1.0507009873554804934193349852946;

const elementwise: [string, () => Module, (x: number) => number, number?][] = [
  ['ReLU', () => new ReLU(), (x) => Math.max(x, 0)],
  ['LeakyReLU', () => new LeakyReLU(0.2), (x) => (x > 0 ? x : 0.2 * x)],
  ['LeakyReLU default slope 0.01', () => new LeakyReLU(), (x) => (x > 0 ? x : 0.01 * x)],
  ['Tanh', () => new Tanh(), Math.tanh],
  ['Sigmoid', () => new Sigmoid(), (x) => 1 / (1 + Math.exp(-x))],
  ['GELU', () => new GELU(), (x) => 0.5 * x * (1 + erfRef(x / Math.SQRT2)), 1e-9],
  [
    'GELU tanh',
    () => new GELU({ approximate: 'tanh' }),
    (x) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3))),
  ],
  ['SELU', () => new SELU(), (x) => LAMBDA * (x > 0 ? x : ALPHA * (Math.exp(x) - 1))],
  ['ELU', () => new ELU(0.7), (x) => (x > 0 ? x : 0.7 * (Math.exp(x) - 1))],
  ['Softplus', () => new Softplus({ beta: 2 }), (x) => Math.log(1 + Math.exp(2 * x)) / 2],
  ['Identity', () => new Identity(), (x) => x],
  ['SiLU', () => new SiLU(), (x) => x / (1 + Math.exp(-x))],
  ['Mish', () => new Mish(), (x) => x * Math.tanh(Math.log1p(Math.exp(x)))],
  ['Hardtanh', () => new Hardtanh(-0.5, 2), (x) => Math.min(Math.max(x, -0.5), 2)],
  ['Hardsigmoid', () => new Hardsigmoid(), (x) => Math.min(Math.max(x + 3, 0), 6) / 6],
  ['Hardswish', () => new Hardswish(), (x) => (x * Math.min(Math.max(x + 3, 0), 6)) / 6],
  ['LogSigmoid', () => new LogSigmoid(), (x) => -Math.log1p(Math.exp(-x))],
];

/** Values of N(0, 2²) pushed at least 0.05 away from 0, where ReLU-like kinks would spoil finite differences. */
function input(shape: number[], seed: number): Tensor {
  const v = new Rng(seed).normal(shape, 0, 2, { dtype: 'float64' });
  for (let i = 0; i < v.size; i++) v.data[i] = v.data[i]! + Math.sign(v.data[i]!) * 0.05;
  return new Tensor(v, { requiresGrad: true });
}

describe.each(elementwise)('%s', (_name, make, ref, tol = 1e-12) => {
  test('matches the formula element by element', () => {
    const x = input([3, 4], 1);
    const y = make().forward(x);
    expect(y.shape).toEqual([3, 4]);
    values(y).forEach((v, i) => expect(Math.abs(v - ref(x.data.data[i]!))).toBeLessThanOrEqual(tol));
  });
  test('gradcheck in float64', () => {
    expect(gradcheckModule(make(), [input([2, 5], 2)])).toBe(true);
  });
});

describe('Softmax / LogSoftmax', () => {
  const x = input([3, 4], 3);
  const row = (r: number[]) => {
    const m = Math.max(...r);
    const s = r.reduce((a, v) => a + Math.exp(v - m), 0);
    return r.map((v) => Math.exp(v - m) / s);
  };
  test('Softmax along the last axis (default) and along axis 0', () => {
    const xv = values(x);
    const y = values(new Softmax().forward(x));
    for (let r = 0; r < 3; r++) row(xv.slice(4 * r, 4 * r + 4)).forEach((p, c) => expect(y[4 * r + c]).toBeCloseTo(p, 12));
    const y0 = values(new Softmax(0).forward(x));
    for (let c = 0; c < 4; c++) row([xv[c]!, xv[4 + c]!, xv[8 + c]!]).forEach((p, r) => expect(y0[4 * r + c]).toBeCloseTo(p, 12));
  });
  test('LogSoftmax = log of Softmax, stable at ±1e4', () => {
    const xv = values(x);
    const y = values(new LogSoftmax().forward(x));
    for (let r = 0; r < 3; r++) row(xv.slice(4 * r, 4 * r + 4)).forEach((p, c) => expect(y[4 * r + c]).toBeCloseTo(Math.log(p), 12));
    const big = new Tensor(new NDArray(new Float32Array([1e4, -1e4, 0]), [3]));
    expect(values(new LogSoftmax().forward(big))).toEqual([0, -2e4, -1e4]);
  });
  test('gradcheck in float64', () => {
    expect(gradcheckModule(new Softmax(), [input([2, 3], 4)])).toBe(true);
    expect(gradcheckModule(new Softmax(0), [input([2, 3], 5)])).toBe(true);
    expect(gradcheckModule(new LogSoftmax(), [input([2, 3], 6)])).toBe(true);
  });
});

describe('Flatten', () => {
  test('merges startAxis..endAxis', () => {
    const x = input([2, 3, 4, 5], 7);
    expect(new Flatten().forward(x).shape).toEqual([2, 60]);
    expect(new Flatten(0).forward(x).shape).toEqual([120]);
    expect(new Flatten(1, 2).forward(x).shape).toEqual([2, 12, 5]);
    expect(new Flatten(-2).forward(x).shape).toEqual([2, 3, 20]);
    expect(values(new Flatten().forward(x))).toEqual(values(x));
  });
  test('gradcheck in float64', () => {
    expect(gradcheckModule(new Flatten(), [input([2, 2, 3], 8)])).toBe(true);
  });
  test('bad axes throw naming the input', () => {
    expect(() => new Flatten(3).forward(Tensor.zeros([2, 3]))).toThrow(NNError);
    expect(() => new Flatten(3).forward(Tensor.zeros([2, 3]))).toThrow('Flatten: startAxis 3 out of range for rank 2: input [2,3]');
    expect(() => new Flatten(1, 0).forward(Tensor.zeros([2, 3]))).toThrow('Flatten: startAxis 1 comes after endAxis 0: input [2,3]');
  });
});

describe('bad hyperparameters throw at construction instead of producing NaN or a silent default', () => {
  test('Softplus rejects a non-positive beta', () => {
    expect(() => new Softplus({ beta: 0 })).toThrow('Softplus: beta must be a finite number > 0, got 0');
  });
  test('LeakyReLU and ELU need a finite slope / alpha', () => {
    expect(() => new LeakyReLU(NaN)).toThrow(NNError);
    expect(() => new LeakyReLU(NaN)).toThrow('LeakyReLU: negativeSlope must be a finite number, got NaN');
    expect(() => new ELU(Infinity)).toThrow('ELU: alpha must be a finite number, got Infinity');
  });
  test("GELU's approximate is 'none' or 'tanh'", () => {
    expect(() => new GELU({ approximate: 'erf' as 'none' })).toThrow(`GELU: approximate must be one of 'none', 'tanh', got "erf"`);
  });
  test('Softmax / LogSoftmax axes: an integer, and in range of the input (the error names the layer and the input)', () => {
    expect(() => new Softmax(1.5)).toThrow('Softmax: axis must be an integer, got 1.5');
    expect(() => new Softmax(2).forward(Tensor.zeros([2, 3]))).toThrow(NNError);
    expect(() => new Softmax(2).forward(Tensor.zeros([2, 3]))).toThrow('Softmax: axis 2 out of range for rank 2: input [2,3]');
    expect(() => new LogSoftmax(-3).forward(Tensor.zeros([2, 3]))).toThrow('LogSoftmax: axis -3 out of range for rank 2: input [2,3]');
    expect(new LogSoftmax(-2).forward(Tensor.zeros([2, 3])).shape).toEqual([2, 3]);
  });
});

test("the PyTorch-parity activations declare minification-safe names and check Hardtanh's bounds", () => {
  expect([SiLU, Mish, Hardtanh, Hardsigmoid, Hardswish, LogSigmoid].map((c) => c.typeName)).toEqual([
    'SiLU',
    'Mish',
    'Hardtanh',
    'Hardsigmoid',
    'Hardswish',
    'LogSigmoid',
  ]);
  expect(() => new Hardtanh(1, -1)).toThrow('Hardtanh: minVal must be less than maxVal, got 1 and -1');
  expect(() => new Hardtanh(Number.NaN)).toThrow(NNError);
  expect(new Hardtanh().toString()).toBe('Hardtanh(minVal=-1, maxVal=1)');
});
