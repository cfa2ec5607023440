import { expect, test } from 'vitest';
import { tensor } from '@seedling-ml/autograd';
import { NDArray, Rng } from '@seedling-ml/tensor';
import { BatchNorm1d, BatchNorm2d } from '../src/index.ts';

/*
 * The fused training-mode batch norm (layers/batch-norm-fused.ts) against the definition written with
 * autograd ops in this test — (x − mean)/√(var + ε)·γ + β with biased batch variance — in float64:
 * outputs, the gradients of x, γ and β for a random upstream gradient, and the running statistics
 * (unbiased variance, momentum 0.1).
 */
test('fused BatchNorm2d training forward, gradients and running statistics match the composite definition', () => {
  const rng = new Rng(11);
  const [n, c, h, w] = [3, 4, 5, 2];
  const xData = Float64Array.from(rng.normal([n * c * h * w], 0.5, 2).data);
  const gData = Float64Array.from(rng.normal([n * c * h * w]).data);
  const bn = new BatchNorm2d(c, { dtype: 'float64', weightInit: 'uniform', biasInit: 'uniform', seed: 3 });
  const x = tensor(new NDArray(xData.slice(), [n, c, h, w]), { requiresGrad: true });
  const y = bn.forward(x);
  y.mul(tensor(new NDArray(gData, [n, c, h, w])))
    .sum()
    .backward();

  // The definition, with autograd ops on copies of the same values.
  const x2 = tensor(new NDArray(xData.slice(), [n, c, h, w]), { requiresGrad: true });
  const gamma = tensor(new NDArray(Float64Array.from(bn.weight!.data.data), [1, c, 1, 1]), { requiresGrad: true });
  const beta = tensor(new NDArray(Float64Array.from(bn.bias!.data.data), [1, c, 1, 1]), { requiresGrad: true });
  const mean = x2.mean({ axis: [0, 2, 3], keepdims: true });
  const centered = x2.sub(mean);
  const variance = centered.square().mean({ axis: [0, 2, 3], keepdims: true });
  const want = centered.div(variance.add(1e-5).sqrt()).mul(gamma).add(beta);
  want
    .mul(tensor(new NDArray(gData, [n, c, h, w])))
    .sum()
    .backward();

  const close = (a: ArrayLike<number>, b: ArrayLike<number>) => {
    expect(a.length).toBe(b.length);
    expect(a.length).toBeGreaterThan(0);
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 10);
  };
  close(y.data.data, want.data.data);
  close(x.grad!.data.data, x2.grad!.data.data);
  close(bn.weight!.grad!.data.data, gamma.grad!.data.data);
  close(bn.bias!.grad!.data.data, beta.grad!.data.data);
  const m = n * h * w;
  for (let ch = 0; ch < c; ch++) {
    expect(bn.runningMean.data[ch]).toBeCloseTo(0.1 * mean.data.data[ch]!, 12);
    expect(bn.runningVar.data[ch]).toBeCloseTo(0.9 + 0.1 * variance.data.data[ch]! * (m / (m - 1)), 12);
  }
});

test('fused BatchNorm1d on [N, C] input matches the per-feature definition', () => {
  const rng = new Rng(5);
  const xData = Float64Array.from(rng.normal([6 * 3], 1, 3).data);
  const bn = new BatchNorm1d(3, { dtype: 'float64' });
  const y = bn.forward(tensor(new NDArray(xData, [6, 3]))).data.data;
  for (let f = 0; f < 3; f++) {
    const col = Array.from({ length: 6 }, (_, i) => xData[i * 3 + f]!);
    const mu = col.reduce((a, b) => a + b, 0) / 6;
    const v = col.reduce((a, b) => a + (b - mu) ** 2, 0) / 6;
    col.forEach((xv, i) => expect(y[i * 3 + f]).toBeCloseTo((xv - mu) / Math.sqrt(v + 1e-5), 10));
  }
});
