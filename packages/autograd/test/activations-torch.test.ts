/**
 * The activations added for PyTorch parity, checked against values and gradients printed by PyTorch 2.13
 * (float64: `F.<fn>(x)` and `x.grad` after `.sum().backward()`), including their kinks and tails.
 */
import { describe, expect, test } from 'vitest';
import * as ag from '../src/index.ts';

const X = [-30, -5, -3, -1, -0.5, 0, 0.5, 1, 3, 5, 30];
// [values, gradients] from torch.nn.functional in float64.
const TORCH: Record<string, [number[], number[]]> = {
  silu: [
    [
      -2.8072868906517896e-12, -0.03346425462142428, -0.14227761953270035, -0.2689414213699951, -0.1887703343990727, 0.0,
      0.3112296656009273, 0.7310585786300049, 2.8577223804672998, 4.966535745378576, 29.999999999997197,
    ],
    [
      -2.713710660963134e-12, -0.026547432429665917, -0.08810410601516962, 0.07232948812851325, 0.2600388126973482, 0.5, 0.7399611873026519,
      0.9276705118714869, 1.0881041060151693, 1.0265474324296655, 1.000000000002711,
    ],
  ],
  mish: [
    [
      -2.807286890651921e-12, -0.033576237730161704, -0.1456474612756246, -0.30340146137410895, -0.22074377465173, 0.0, 0.3752452113048951,
      0.8650983882673103, 2.9865350049679575, 4.999552077529406, 30.0,
    ],
    [
      -2.713710660963392e-12, -0.026747498019901936, -0.09339311453232084, 0.059216755877395014, 0.28951067791351226, 0.6,
      0.8864243753577272, 1.0490362200997922, 1.0211069109294435, 1.0008002248320829, 1.0,
    ],
  ],
  hardtanh: [
    [-1, -1, -1, -1, -0.5, 0, 0.5, 1, 1, 1, 1],
    [0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0],
  ],
  hardsigmoid: [
    [0, 0, 0, 0.3333333333333333, 0.4166666666666667, 0.5, 0.5833333333333334, 0.6666666666666666, 1, 1, 1],
    // PyTorch's backward multiplies by a float32 1/6 (0.1666666716337204); the exact 1/6 is used here.
    [0, 0, 0, 1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6, 0, 0, 0],
  ],
  hardswish: [
    [-0, -0, -0, -0.3333333333333333, -0.20833333333333334, 0, 0.2916666666666667, 0.6666666666666666, 3, 5, 30],
    [0, 0, 0, 0.16666666666666669, 0.33333333333333337, 0.5, 0.6666666666666666, 0.8333333333333333, 1, 1, 1],
  ],
  logsigmoid: [
    [
      -30.000000000000092, -5.006715348489118, -3.048587351573742, -1.3132616875182228, -0.9740769841801067, -0.6931471805599453,
      -0.4740769841801067, -0.31326168751822286, -0.04858735157374206, -0.006715348489118068, -9.357622968839737e-14,
    ],
    [
      0.9999999999999064, 0.9933071490757152, 0.9525741268224333, 0.7310585786300049, 0.6224593312018545, 0.5, 0.37754066879814546,
      0.2689414213699951, 0.04742587317756679, 0.006692850924284856, 9.3576229688393e-14,
    ],
  ],
};

describe.each(Object.entries(TORCH))('%s equals PyTorch (float64)', (name, [values, grads]) => {
  test('values and gradients, including kinks and tails, to 1e-12 relative', () => {
    const x = ag.tensor(X, { dtype: 'float64', requiresGrad: true });
    const y = (ag as unknown as Record<string, (t: ag.Tensor) => ag.Tensor>)[name]!(x);
    y.sum().backward();
    const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
    Array.from(y.data.data).forEach((v, i) => expect(close(v, values[i]!), `${name}(${X[i]}) = ${v}, torch ${values[i]}`).toBe(true));
    Array.from(x.grad!.data.data).forEach((g, i) => expect(close(g, grads[i]!), `${name}'(${X[i]}) = ${g}, torch ${grads[i]}`).toBe(true));
    // Signs of zero as PyTorch prints them (−0 for hardswish below −3).
    values.forEach((v, i) => v === 0 && expect(Object.is(y.data.data[i], v), `${name}(${X[i]}) sign of zero`).toBe(true));
  });

  test('the Tensor method is the function', () => {
    const x = ag.tensor([-0.7, 0.2, 2.5], { dtype: 'float64' });
    const fn = (ag as unknown as Record<string, (t: ag.Tensor) => ag.Tensor>)[name]!;
    expect((x as unknown as Record<string, () => ag.Tensor>)[name]!.call(x).toArray()).toEqual(fn(x).toArray());
  });
});

test("hardtanh takes PyTorch's bounds and checks them", () => {
  expect(ag.hardtanh(ag.tensor([-2, 0.5, 3], { dtype: 'float64' }), 0, 2).toArray()).toEqual([0, 0.5, 2]);
  expect(() => ag.hardtanh(ag.tensor([1]), 1, 1)).toThrow(
    'hardtanh: minVal and maxVal must be finite numbers with minVal < maxVal, got 1 and 1',
  );
  expect(() => ag.hardtanh(ag.tensor([1]), Number.NaN, 1)).toThrow('hardtanh: minVal and maxVal must be finite numbers');
});

test('silu, mish and logsigmoid stay finite at ±1000 (stable numerics)', () => {
  const x = ag.tensor([-1000, 1000], { dtype: 'float64', requiresGrad: true });
  for (const f of [ag.silu, ag.mish, ag.logsigmoid]) {
    const y = f(x);
    y.sum().backward();
    expect(Array.from(y.data.data).every(Number.isFinite)).toBe(true);
    expect(Array.from(x.grad!.data.data).every(Number.isFinite)).toBe(true);
    x.zeroGrad();
  }
});
