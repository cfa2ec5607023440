/**
 * The closed forms of docs/init-reference.md §7, measured: in a ReLU MLP of square n×n layers with zero
 * biases, Var(y_{l+1}) = n·Var(w)·E[relu(y_l)²] = (q/2)·Var(y_l) with q = n·Var(w) (He et al. 2015,
 * eq. 7–10), so the per-layer pre-activation variance ratio is 1 for He, ½ for Xavier, LeCun and
 * orthogonal, 1/6 for torchDefault (Var(w) = 1/(3n)), n/2 for N(0, 1) and n·10⁻⁴/2 for N(0, 0.01²).
 * A tanh net in its small-signal regime (tanh y ≈ y) has ratio q.
 */
import { describe, expect, test } from 'vitest';
import { noGrad, tensor } from '@seedling-ml/autograd';
import { Rng } from '@seedling-ml/tensor';
import {
  type Initializer,
  Linear,
  type Module,
  ReLU,
  Sequential,
  Tanh,
  kaimingNormal,
  lecunNormal,
  normal,
  orthogonal,
  torchDefault,
  xavierNormal,
  xavierUniform,
  zeros,
} from '../../src/index.ts';

const N = 256; // width
const L = 30; // hidden layers
const B = 256; // batch

/**
 * Tolerance on the geometric-mean ratio, in log space. Each layer's measured ratio has relative SE at
 * most √(5/n) in the worst case where the batch has collapsed to one direction: √(2/n) from the
 * random W (‖Wx‖² is a scaled χ²ₙ for a fixed x) and √(3/n) from ReLU's random sign pattern (the energy
 * kept, Σ sᵢyᵢ² with sᵢ ~ Bernoulli(½), has relative SD √(3/n) for Gaussian yᵢ). A batch of B examples
 * in general position only shrinks this. The L − 1 ratios use independent weights, so the mean of their
 * logs has SE √(5/n)/√(L − 1) = 0.026 for n = 256, L = 30; we allow 4 SE = 0.104 (≈ ±11%). That still
 * separates 1, ½ and ⅙ by far more than 4 SE. (The bias of E[log r] against log E[r], −Var/2 ≤ 0.01,
 * is inside the tolerance.)
 */
const TOL = (4 * Math.sqrt(5 / N)) / Math.sqrt(L - 1);

/** Pre-activation variances of every hidden Linear (population variance over batch and units), via forward hooks. */
function preActivationVariances(init: Initializer, act: 'relu' | 'tanh', seed: number): number[] {
  const layers: Module[] = [];
  for (let i = 0; i < L; i++) {
    layers.push(new Linear(N, N, { weightInit: init, biasInit: zeros(), seed: `${seed}:${i}`, dtype: 'float64' }));
    layers.push(act === 'relu' ? new ReLU() : new Tanh());
  }
  const model = new Sequential(...layers);
  const variances: number[] = [];
  for (const m of model.children()) {
    if (!(m instanceof Linear)) continue;
    m.registerForwardHook((_m, _in, out) => {
      const d = out.data.data;
      let s = 0;
      for (let i = 0; i < d.length; i++) s += d[i]!;
      const mean = s / d.length;
      let ss = 0;
      for (let i = 0; i < d.length; i++) ss += (d[i]! - mean) ** 2;
      variances.push(ss / d.length);
    });
  }
  const x = new Rng(seed).normal([B, N], 0, 1, { dtype: 'float64' });
  noGrad(() => model.forward(tensor(x)));
  return variances;
}

/** Geometric mean of the L − 1 per-layer ratios = (v_L / v_1)^(1/(L−1)). */
function meanRatio(v: readonly number[]): number {
  return Math.pow(v[v.length - 1]! / v[0]!, 1 / (v.length - 1));
}

describe('per-layer pre-activation variance ratio, 30-layer width-256 MLP (docs/init-reference.md §7)', () => {
  const relu: [string, number, Initializer][] = [
    ['kaimingNormal (He)', 1, kaimingNormal()],
    ['xavierNormal', 1 / 2, xavierNormal()],
    ['xavierUniform', 1 / 2, xavierUniform()],
    ['lecunNormal', 1 / 2, lecunNormal()],
    ['orthogonal', 1 / 2, orthogonal()],
    ['torchDefault', 1 / 6, torchDefault()],
    ['N(0, 1)', N / 2, normal({ std: 1 })],
    ['N(0, 0.01²)', (N * 1e-4) / 2, normal({ std: 0.01 })],
  ];
  test.each(relu)('ReLU, %s: ratio ≈ %f', (_name, expected, init) => {
    const v = preActivationVariances(init, 'relu', 11);
    expect(v).toHaveLength(L);
    expect(Math.abs(Math.log(meanRatio(v) / expected))).toBeLessThan(TOL);
  });

  test('tanh, N(0, 0.01²): small-signal regime, ratio ≈ q = n·10⁻⁴', () => {
    // tanh y = y − y³/3 + …: the first layer (Var 0.0256) loses ~5% of its variance, the rest < 0.1%,
    // so the geometric mean is biased by < 0.2%: far inside TOL.
    const v = preActivationVariances(normal({ std: 0.01 }), 'tanh', 12);
    expect(Math.abs(Math.log(meanRatio(v) / (N * 1e-4)))).toBeLessThan(TOL);
  });

  test('after 30 layers, Xavier has lost a factor ≈ 2⁻²⁹ of variance against He', () => {
    const he = preActivationVariances(kaimingNormal(), 'relu', 13);
    const xavier = preActivationVariances(xavierNormal(), 'relu', 13);
    const drop = xavier[L - 1]! / xavier[0]! / (he[L - 1]! / he[0]!);
    // Same tolerance per ratio, accumulated over L − 1 ratios: 4·√(5/n)·√(L − 1) in log space, twice (two nets).
    expect(Math.abs(Math.log(drop) - (L - 1) * Math.log(1 / 2))).toBeLessThan(2 * 4 * Math.sqrt(5 / N) * Math.sqrt(L - 1));
  });
});
