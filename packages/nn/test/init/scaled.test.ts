import { Rng } from '@seedling-ml/tensor';
import { describe, expect, test } from 'vitest';
import {
  InitError,
  TRUNCATED_NORMAL_STD_FACTOR,
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  kaimingNormal,
  kaimingUniform,
  lecunNormal,
  lecunUniform,
  torchDefault,
  varianceScaling,
  xavierNormal,
  xavierUniform,
  type Initializer,
} from '../../src/init/index.ts';
import { expectMoments, range, truncatedReference } from './stats.ts';

// A Linear(250 → 400) weight [400, 250]: 10⁵ samples, fanIn 250, fanOut 400, fanAvg 325.
const SHAPE = [400, 250];
const FAN_IN = 250;
const FAN_OUT = 400;
const FAN_AVG = 325;

function draw(init: Initializer, seed: string): Float32Array | Float64Array {
  return init.sample(SHAPE, { rng: new Rng(seed) }).data;
}

/** Uniform on ±limit: bounds never reached, mean 0, std limit/√3. */
function expectUniform(x: ArrayLike<number>, limit: number): void {
  const [lo, hi] = range(x);
  expect(lo).toBeGreaterThanOrEqual(-limit);
  expect(hi).toBeLessThan(limit);
  expectMoments(x, 0, limit / Math.sqrt(3));
}

/** ±2σ truncated normal with result std `std`: |x| ≤ 2σ, σ = std/0.8796. */
function expectTruncated(x: ArrayLike<number>, std: number): void {
  const [lo, hi] = range(x);
  const sigma = std / truncatedReference(-2, 2).std;
  expect(Math.max(-lo, hi)).toBeLessThanOrEqual(2 * sigma);
  expectMoments(x, 0, std);
}

describe('Xavier / Glorot (Glorot & Bengio 2010)', () => {
  test('xavierUniform: limit √(6/(fanIn+fanOut)), std √(2/(fanIn+fanOut))', () => {
    expectUniform(draw(xavierUniform(), 'xu'), Math.sqrt(6 / (FAN_IN + FAN_OUT)));
  });
  test('xavierUniform with gain 5/3 (tanh)', () => {
    expectUniform(draw(xavierUniform({ gain: 5 / 3 }), 'xu-g'), (5 / 3) * Math.sqrt(6 / 650));
  });
  test('xavierNormal: std √(2/(fanIn+fanOut)) = randn·√(2/650)', () => {
    expectMoments(draw(xavierNormal(), 'xn'), 0, Math.sqrt(2 / 650));
  });
  test('glorot* are aliases with the canonical name', () => {
    expect(glorotUniform().name).toBe('xavierUniform');
    expect(glorotNormal({ gain: 2 }).config).toEqual({ gain: 2 });
    expect(glorotNormal().name).toBe('xavierNormal');
  });
});

describe('Kaiming / He (He et al. 2015)', () => {
  test('kaimingUniform default: bound √2·√(3/fanIn)', () => {
    expectUniform(draw(kaimingUniform(), 'ku'), Math.SQRT2 * Math.sqrt(3 / FAN_IN));
  });
  test('kaimingNormal default: std √2/√fanIn', () => {
    expectMoments(draw(kaimingNormal(), 'kn'), 0, Math.SQRT2 / Math.sqrt(FAN_IN));
  });
  test("the default (leakyRelu, slope 0) is exactly ReLU's gain √2, not calculateGain('leakyRelu')'s slope-0.01 gain", () => {
    // 4 SE cannot tell √2 from √(2/1.0001) (7·10⁻⁵ apart), so compare draws from the same stream:
    // equal bit for bit to nonlinearity 'relu', different from an explicit slope 0.01.
    const bits = (init: Initializer) => Array.from(new Uint32Array(init.sample([40, 25], { rng: new Rng('gain') }).data.buffer));
    for (const make of [kaimingNormal, kaimingUniform]) {
      expect(bits(make())).toEqual(bits(make({ nonlinearity: 'relu' })));
      expect(bits(make())).not.toEqual(bits(make({ negativeSlope: 0.01 })));
    }
    // And the std ratio of the two is the gain ratio √(1 + 0.01²), exactly (same normals, scaled).
    const a = kaimingNormal().sample([4], { rng: new Rng(1), fanIn: 1, dtype: 'float64' }).data;
    const b = kaimingNormal({ negativeSlope: 0.01 }).sample([4], { rng: new Rng(1), fanIn: 1, dtype: 'float64' }).data;
    a.forEach((v, i) => expect(v / b[i]!).toBeCloseTo(Math.sqrt(1 + 1e-4), 14));
  });
  test("kaimingNormal mode 'fanOut': std √2/√fanOut", () => {
    expectMoments(draw(kaimingNormal({ mode: 'fanOut' }), 'kn-out'), 0, Math.SQRT2 / Math.sqrt(FAN_OUT));
  });
  test('leaky ReLU slope 0.2: gain √(2/1.04)', () => {
    expectMoments(draw(kaimingNormal({ negativeSlope: 0.2 }), 'kn-leaky'), 0, Math.sqrt(2 / 1.04) / Math.sqrt(FAN_IN));
  });
  test("PyTorch's `a` is accepted and recorded as negativeSlope", () => {
    expect(kaimingUniform({ a: Math.sqrt(5) }).config).toEqual({ negativeSlope: Math.sqrt(5), mode: 'fanIn', nonlinearity: 'leakyRelu' });
    // a = √5 gives gain √(1/3) and bound 1/√fanIn: PyTorch's legacy Linear default.
    expectUniform(draw(kaimingUniform({ a: Math.sqrt(5) }), 'ku-a'), 1 / Math.sqrt(FAN_IN));
  });
  test("nonlinearity 'tanh' uses gain 5/3", () => {
    expectMoments(draw(kaimingNormal({ nonlinearity: 'tanh' }), 'kn-tanh'), 0, 5 / 3 / Math.sqrt(FAN_IN));
  });
  test('he* are aliases with the canonical name', () => {
    expect(heUniform().name).toBe('kaimingUniform');
    expect(heNormal().name).toBe('kaimingNormal');
  });
  test.each([
    [{ mode: 'fanAvg' }, "kaimingNormal: mode must be one of 'fanIn', 'fanOut', got 'fanAvg'"],
    [
      { nonlinearity: 'gelu' },
      "kaimingNormal: nonlinearity must be one of 'linear', 'identity', 'conv1d', 'conv2d', 'conv3d', 'convTranspose1d', 'convTranspose2d', 'convTranspose3d', 'sigmoid', 'tanh', 'relu', 'leakyRelu', 'selu', got 'gelu'",
    ],
    [{ nonlinearity: 'relu', negativeSlope: 0.1 }, "kaimingNormal: negativeSlope 0.1 only applies to nonlinearity 'leakyRelu', got 'relu'"],
    [{ a: 0.1, negativeSlope: 0.2 }, 'kaimingNormal: a is an alias of negativeSlope: give one, got a 0.1 and negativeSlope 0.2'],
    [{ negativeSlope: NaN }, 'kaimingNormal: negativeSlope must be a finite number, got NaN'],
  ])('bad config %j throws', (config, message) => {
    expect(() => kaimingNormal(config as never)).toThrow(InitError);
    expect(() => kaimingNormal(config as never)).toThrow(message);
  });
});

describe('LeCun (LeCun et al. 1998)', () => {
  test('lecunUniform: limit √(3/fanIn)', () => {
    expectUniform(draw(lecunUniform(), 'lu'), Math.sqrt(3 / FAN_IN));
  });
  test('lecunNormal: truncated at ±2σ with the 0.8796 correction, std √(1/fanIn) (tfjs gets 0.774× the variance)', () => {
    expectTruncated(draw(lecunNormal(), 'ln'), Math.sqrt(1 / FAN_IN));
  });
  test('take no options', () => {
    expect(() => lecunNormal({ scale: 2 } as never)).toThrow("lecunNormal: unknown option 'scale' (valid: none)");
  });
});

describe('varianceScaling (Keras)', () => {
  test('the correction constant is the std of N(0,1) on [−2, 2]', () => {
    expect(TRUNCATED_NORMAL_STD_FACTOR).toBeCloseTo(truncatedReference(-2, 2).std, 9);
  });

  test('defaults: scale 1, fanIn, truncatedNormal', () => {
    const init = varianceScaling();
    expect(init.config).toEqual({ scale: 1, mode: 'fanIn', distribution: 'truncatedNormal' });
    expectTruncated(draw(init, 'vs'), Math.sqrt(1 / FAN_IN));
  });

  const cases = [
    ['fanIn', FAN_IN],
    ['fanOut', FAN_OUT],
    ['fanAvg', FAN_AVG],
  ] as const;
  for (const [mode, n] of cases) {
    test(`scale 3, ${mode}: normal std √(3/${n}), uniform limit √(9/${n}), truncated std √(3/${n})`, () => {
      expectMoments(draw(varianceScaling({ scale: 3, mode, distribution: 'normal' }), `n-${mode}`), 0, Math.sqrt(3 / n));
      expectUniform(draw(varianceScaling({ scale: 3, mode, distribution: 'uniform' }), `u-${mode}`), Math.sqrt(9 / n));
      expectTruncated(draw(varianceScaling({ scale: 3, mode, distribution: 'truncatedNormal' }), `t-${mode}`), Math.sqrt(3 / n));
    });
  }

  test('n is floored at 1', () => {
    // fanIn 0 (an empty layer) would divide by zero: the variance is scale/1.
    const x = varianceScaling({ distribution: 'normal' }).sample([100_000], { rng: new Rng(1), fanIn: 0, dtype: 'float64' }).data;
    expectMoments(x, 0, 1);
    const y = varianceScaling({ distribution: 'normal' }).sample([100_000], { rng: new Rng(2), fanIn: 0.25, dtype: 'float64' }).data;
    expectMoments(y, 0, 1);
  });

  test.each([
    [{ scale: 0 }, 'varianceScaling: scale must be a finite number > 0, got 0'],
    [{ scale: -1 }, 'varianceScaling: scale must be a finite number > 0, got -1'],
    [{ scale: NaN }, 'varianceScaling: scale must be a finite number > 0, got NaN'],
    [{ mode: 'fan_in' }, "varianceScaling: mode must be one of 'fanIn', 'fanOut', 'fanAvg', got 'fan_in'"],
    [{ distribution: 'gaussian' }, "varianceScaling: distribution must be one of 'truncatedNormal', 'normal', 'uniform', got 'gaussian'"],
    [{ seed: 1 }, "varianceScaling: unknown option 'seed' (valid: scale, mode, distribution)"],
  ])('bad config %j throws', (config, message) => {
    expect(() => varianceScaling(config as never)).toThrow(InitError);
    expect(() => varianceScaling(config as never)).toThrow(message);
  });

  test('xavier gain must be > 0', () => {
    expect(() => xavierUniform({ gain: 0 })).toThrow('xavierUniform: gain must be a finite number > 0, got 0');
  });
});

describe('torchDefault (PyTorch legacy Linear/Conv default)', () => {
  test('weight: U(±1/√fanIn), std 1/√(3·fanIn) — a third of LeCun, a sixth of He in variance', () => {
    expectUniform(draw(torchDefault(), 'td'), 1 / Math.sqrt(FAN_IN));
  });

  test("bias: the layer passes its weight's fanIn", () => {
    const b = torchDefault().sample([100_000], { rng: new Rng('bias'), fanIn: FAN_IN }).data;
    expectUniform(b, 1 / Math.sqrt(FAN_IN));
  });

  test('a bias without fanIn throws; fanIn 0 gives zeros', () => {
    expect(() => torchDefault().sample([4], { rng: new Rng(0) })).toThrow(
      "torchDefault: cannot compute fanIn of shape [4] (rank < 2): pass ctx.fanIn (for a bias, its layer's weight fanIn)",
    );
    expect(Array.from(torchDefault().sample([3], { rng: new Rng(0), fanIn: 0 }).data)).toEqual([0, 0, 0]);
  });

  test('conv weight [16, 8, 3, 3]: bound 1/√72', () => {
    const x = torchDefault().sample([16, 8, 3, 3], { rng: new Rng(0) }).data;
    const [lo, hi] = range(x);
    expect(Math.max(-lo, hi)).toBeLessThan(1 / Math.sqrt(72));
    expect(Math.max(-lo, hi)).toBeGreaterThan(0.9 / Math.sqrt(72));
  });
});
