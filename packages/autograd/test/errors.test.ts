/** Bad arguments to composed ops and gradcheck: an AutogradError (or the tensor error) naming the op, never NaN. */
import { describe, expect, test } from 'vitest';
import { AxisError } from '@seedling-ml/tensor';
import * as ag from '../src/index.ts';
import { AutogradError, GradcheckError, gradcheck, tensor } from '../src/index.ts';

function caught(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

function expectError(fn: () => unknown, cls: new (...args: never[]) => Error, message: string): void {
  const e = caught(fn);
  expect(e).toBeInstanceOf(cls);
  expect(e.message).toBe(message);
}

const x23 = tensor(
  [
    [1, 2, 3],
    [4, 5, 6],
  ],
  { requiresGrad: true },
);

describe('composed ops report errors under their own name', () => {
  test('variance: no degrees of freedom and bad corrections throw instead of returning Infinity/NaN', () => {
    expectError(
      () => ag.variance(tensor([[1], [2], [3]]), { axis: 1 }),
      AutogradError,
      'variance: correction 1 leaves no degrees of freedom for 1 element(s) per output: axes [1] of [3,1]',
    );
    expectError(
      () => ag.variance(tensor([1, 2]), { correction: 2 }),
      AutogradError,
      'variance: correction 2 leaves no degrees of freedom for 2 element(s) per output: axes [0] of [2]',
    );
    expectError(
      () => ag.variance(tensor([1, 2]), { correction: -1 }),
      AutogradError,
      'variance: correction must be a finite number >= 0, got -1',
    );
    expectError(
      () => ag.variance(tensor([1, 2]), { correction: NaN }),
      AutogradError,
      'variance: correction must be a finite number >= 0, got NaN',
    );
    expectError(() => ag.variance(x23, { axis: 2 }), AxisError, 'variance: axis 2 out of range for rank 2');
    // An empty result is fine: nothing to divide.
    expect(ag.variance(tensor(new Float32Array(0)).reshape([0, 1]), { axis: 1 }).shape).toEqual([0]);
  });

  test('softmax, logSoftmax and min name themselves in axis errors', () => {
    expectError(() => ag.softmax(x23, 2), AxisError, 'softmax: axis 2 out of range for rank 2');
    expectError(() => ag.logSoftmax(x23, -3), AxisError, 'logSoftmax: axis -3 out of range for rank 2');
    expectError(() => ag.min(x23, { axis: 5 }), AxisError, 'min: axis 5 out of range for rank 2');
    expectError(() => ag.mean(x23, { axis: [0, 0] }), AxisError, 'mean: axis 0 repeated in [0,0]');
  });

  test('stack checks its axis and shapes', () => {
    expectError(() => ag.stack([tensor([1, 2])], 2), AxisError, 'stack: axis 2 out of range [-2, 1] for inserting into rank 1');
    expectError(() => ag.stack([tensor([1, 2])], -3), AxisError, 'stack: axis -3 out of range [-2, 1] for inserting into rank 1');
    expectError(() => ag.stack([]), AutogradError, 'stack: needs at least one tensor: []');
    expect(caught(() => ag.stack([tensor([1, 2]), tensor([1])])).message).toBe(
      'stack: all tensors must have the same shape: [2] and [1] (input 1)',
    );
  });

  test('activation hyperparameters are validated', () => {
    const x = tensor([1, -1]);
    expectError(
      () => ag.gelu(x, { approximate: 'tanhh' as 'tanh' }),
      AutogradError,
      `gelu: approximate must be 'none' or 'tanh', got "tanhh"`,
    );
    expectError(() => ag.softplus(x, { beta: 0 }), AutogradError, 'softplus: beta must be a finite number > 0, got 0');
    expectError(() => ag.softplus(x, { beta: -1 }), AutogradError, 'softplus: beta must be a finite number > 0, got -1');
    expectError(() => ag.softplus(x, { beta: NaN }), AutogradError, 'softplus: beta must be a finite number > 0, got NaN');
    expectError(() => ag.leakyRelu(x, NaN), AutogradError, 'leakyRelu: negativeSlope must be a finite number, got NaN');
    expectError(() => ag.elu(x, Infinity), AutogradError, 'elu: alpha must be a finite number, got Infinity');
  });

  test('clamp validates its bounds', () => {
    expectError(() => ag.clamp(tensor([1]), 2, 1), AutogradError, 'clamp: bounds must be numbers with min <= max, got min 2, max 1');
    expectError(
      () => ag.clamp(tensor([1]), NaN),
      AutogradError,
      'clamp: bounds must be numbers with min <= max, got min NaN, max undefined',
    );
    expect(ag.clamp(tensor([-5, 5])).toArray()).toEqual([-5, 5]);
    expect(ag.clamp(tensor([-5, 5]), undefined, 1).toArray()).toEqual([-5, 1]);
  });
});

describe('gradcheck arguments and non-finite gradients', () => {
  const x = tensor([0.5, 1.5], { dtype: 'float64', requiresGrad: true });

  test('invalid eps / atol / rtol throw', () => {
    expectError(() => gradcheck((t) => t.sum(), [x], { eps: 0 }), AutogradError, 'gradcheck: eps must be a finite number > 0, got 0');
    expectError(() => gradcheck((t) => t.sum(), [x], { eps: NaN }), AutogradError, 'gradcheck: eps must be a finite number > 0, got NaN');
    expectError(
      () => gradcheck((t) => t.sum(), [x], { atol: -1 }),
      AutogradError,
      'gradcheck: atol and rtol must be finite numbers >= 0, got atol -1, rtol 0.001',
    );
    expectError(
      () => gradcheck((t) => t.sum(), [x], { rtol: NaN }),
      AutogradError,
      'gradcheck: atol and rtol must be finite numbers >= 0, got atol 0.00001, rtol NaN',
    );
  });

  test('NaN on both sides fails (it is not a silent pass)', () => {
    // sqrt of a negative number: forward NaN, analytic NaN, numeric NaN.
    const neg = tensor([-1, 4], { dtype: 'float64', requiresGrad: true });
    const e = caught(() => gradcheck((t) => t.sqrt().sum(), [neg]));
    expect(e).toBeInstanceOf(GradcheckError);
    expect((e as GradcheckError).index).toEqual([0]);
    expect((e as GradcheckError).analytic).toBeNaN();
    expect((e as GradcheckError).numeric).toBeNaN();
  });
});
