import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, test } from 'vitest';
import { ArgumentError, ShapeError } from '../src/errors.ts';
import { Rng } from '../src/random.ts';

const N = 200_000;

/** Sample mean, standard deviation (1/N) and 4th central moment. */
function moments(data: ArrayLike<number>): { mean: number; std: number; m4: number } {
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += data[i]!;
  const mean = sum / data.length;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < data.length; i++) {
    const d = data[i]! - mean;
    m2 += d * d;
    m4 += d * d * d * d;
  }
  return { mean, std: Math.sqrt(m2 / data.length), m4: m4 / data.length };
}

/**
 * Checks mean and std against the true values within 4 standard errors:
 * SE(mean) = σ/√N; SE(std) ≈ √((μ₄ − σ⁴) / (4σ²N)) (delta method, μ₄ estimated from the sample),
 * which is σ/√(2N) for a normal and σ/√(5N) for a uniform.
 */
function expectMoments(data: ArrayLike<number>, mean: number, std: number): void {
  const n = data.length;
  const m = moments(data);
  const seMean = std / Math.sqrt(n);
  const seStd = Math.sqrt(Math.max(m.m4 - std ** 4, 0) / (4 * std * std * n));
  expect(Math.abs(m.mean - mean)).toBeLessThan(4 * seMean);
  expect(Math.abs(m.std - std)).toBeLessThan(4 * seStd);
}

/** Mean and std of N(0,1) restricted to [a, b], by a naive midpoint rule (finite a, b). */
function truncatedMoments(a: number, b: number): { mean: number; std: number } {
  const steps = 200_000;
  const h = (b - a) / steps;
  // Density relative to its value at the point of [a, b] nearest 0, so far tails do not underflow.
  const c = a > 0 ? a : b < 0 ? b : 0;
  let z0 = 0;
  let z1 = 0;
  let z2 = 0;
  for (let i = 0; i < steps; i++) {
    const x = a + (i + 0.5) * h;
    const w = Math.exp((c * c - x * x) / 2);
    z0 += w;
    z1 += w * x;
  }
  const mean = z1 / z0;
  for (let i = 0; i < steps; i++) {
    const x = a + (i + 0.5) * h;
    z2 += Math.exp((c * c - x * x) / 2) * (x - mean) ** 2;
  }
  return { mean, std: Math.sqrt(z2 / z0) };
}

/** Smallest and largest value, one pass (one expect per array keeps 10⁵-sample tests fast). */
function range(data: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** The documented `next()`, rebuilt from seedrandom's xor4096 words: ((a>>>5)·2^26 + (b>>>6)) / 2^53. */
function referenceStream(seed: number | string): { next: () => number; int: (n: number) => number; word: () => number } {
  const int32 = seedrandom.xor4096(String(seed)).int32;
  const bits53 = (): number => (int32() >>> 5) * 2 ** 26 + (int32() >>> 6);
  return {
    next: () => bits53() / 2 ** 53,
    int: (n) => {
      for (;;) {
        const m = bits53();
        if (m < 2 ** 53 - (2 ** 53 % n)) return m % n;
      }
    },
    word: () => int32() >>> 0,
  };
}

describe('Rng reproduces from its documentation', () => {
  test('next() is the documented 53-bit combination of two xor4096 words', () => {
    const rng = new Rng(2024);
    const ref = referenceStream(2024);
    for (let i = 0; i < 1000; i++) expect(rng.next()).toBe(ref.next());
  });

  test('a number seed and its string form give the same stream', () => {
    expect(new Rng(42).uniform([50]).data).toEqual(new Rng('42').uniform([50]).data);
  });

  test('normal() follows the polar method, pairs within a call, spare dropped at the end', () => {
    const ref = referenceStream('polar');
    const pairs: number[] = [];
    while (pairs.length < 8) {
      let u: number;
      let v: number;
      let s: number;
      do {
        u = 2 * ref.next() - 1;
        v = 2 * ref.next() - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      pairs.push(u * f, v * f);
    }
    const rng = new Rng('polar');
    const first = rng.normal([3], 0, 1, { dtype: 'float64' }).data;
    const second = rng.normal([3], 0, 1, { dtype: 'float64' }).data;
    // First call: pair 0 and the u of pair 1 (its v is dropped); second call starts at pair 2.
    expect(Array.from(first)).toEqual(pairs.slice(0, 3));
    expect(Array.from(second)).toEqual(pairs.slice(4, 7));
  });

  test('permutation is Fisher–Yates with nextInt(i + 1) from the last index down', () => {
    const ref = referenceStream(5);
    const p = Array.from({ length: 20 }, (_, i) => i);
    for (let i = 19; i > 0; i--) {
      const j = ref.int(i + 1);
      [p[i], p[j]] = [p[j]!, p[i]!];
    }
    expect(Array.from(new Rng(5).permutation(20))).toEqual(p);
  });

  test("fork()'s child seed is 'fork:' + four parent words in hex", () => {
    const ref = referenceStream(9);
    const hex = Array.from({ length: 4 }, () => ref.word().toString(16).padStart(8, '0')).join('-');
    const parent = new Rng(9);
    const child = parent.fork();
    expect(child.seed).toBe(`fork:${hex}`);
    // The parent advanced by exactly those four words.
    expect(parent.next()).toBe(ref.next());
  });
});

describe('Rng determinism', () => {
  test('same seed ⇒ bit-identical results for every method', () => {
    const run = (seed: number): number[][] => {
      const r = new Rng(seed);
      return [
        Array.from(r.uniform([7], -1, 3).data),
        Array.from(r.normal([5], 1, 2, { dtype: 'float64' }).data),
        Array.from(r.truncatedNormal([9], 0, 1, 0.5, 0.7).data),
        Array.from(r.truncatedNormal([9], 0, 1, 5, Infinity).data),
        Array.from(r.integers([6], -3, 10).data),
        Array.from(r.permutation(8)),
        r.shuffle([1, 2, 3, 4, 5]),
        [r.nextInt(1000), r.next()],
      ];
    };
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        expect(run(seed)).toEqual(run(seed));
      }),
      { numRuns: 50 },
    );
  });

  test('different seeds give different streams', () => {
    expect(new Rng(1).uniform([4]).data).not.toEqual(new Rng(2).uniform([4]).data);
  });

  test('fork is deterministic, forks differ from each other and from the parent, and reproduce from their seed', () => {
    const p1 = new Rng('model');
    const p2 = new Rng('model');
    const a1 = p1.fork();
    const b1 = p1.fork();
    const a2 = p2.fork();
    const b2 = p2.fork();
    const xa = a1.normal([16]).data;
    expect(xa).toEqual(a2.normal([16]).data);
    const xb = b1.normal([16]).data;
    expect(xb).toEqual(b2.normal([16]).data);
    expect(xa).not.toEqual(xb);
    expect(p1.normal([16]).data).not.toEqual(xa);
    expect(new Rng(a1.seed).normal([16]).data).toEqual(xa);
  });
});

describe('Rng distributions', () => {
  test('next() lies in [0, 1) and uses 53 bits', () => {
    const rng = new Rng(3);
    let lowBits = 0;
    for (let i = 0; i < 10_000; i++) {
      const x = rng.next();
      expect(x >= 0 && x < 1).toBe(true);
      const k = x * 2 ** 53;
      expect(Number.isInteger(k)).toBe(true);
      if (k % 2 ** 21 !== 0) lowBits++; // beyond a 32-bit generator's resolution
    }
    expect(lowBits).toBeGreaterThan(9990);
  });

  test('uniform: bounds respected, mean (l+h)/2 and std (h−l)/√12 within 4 SE', () => {
    const x = new Rng(11).uniform([N], -2, 5, { dtype: 'float64' }).data;
    const [lo, hi] = range(x);
    expect(lo).toBeGreaterThanOrEqual(-2);
    expect(hi).toBeLessThan(5);
    expectMoments(x, 1.5, 7 / Math.sqrt(12));
  });

  test('float32 uniform never returns high, even where rounding would reach it', () => {
    // Only 8 float32 values lie in [1, 1 + 2^-20): most raw draws round to the top or just past it.
    const high = 1 + 2 ** -20;
    const x = new Rng(4).uniform([5000], 1, high).data;
    const [xLo, xHi] = range(x);
    expect(xLo).toBeGreaterThanOrEqual(1);
    expect(xHi).toBeLessThan(high);
    // 0.05 is not a float32: fround(±0.05) lies just outside [−0.05, 0.05) and must never appear.
    const [yLo, yHi] = range(new Rng(4).uniform([N], -0.05, 0.05).data);
    expect(yLo).toBeGreaterThanOrEqual(-0.05);
    expect(yHi).toBeLessThan(0.05);
  });

  test('normal: mean and std within 4 SE (SE(mean) = σ/√N, SE(std) ≈ σ/√(2N))', () => {
    expectMoments(new Rng(12).normal([N], 3, 0.5, { dtype: 'float64' }).data, 3, 0.5);
    expectMoments(new Rng(13).normal([N + 1]).data, 0, 1); // odd size, float32
  });

  test('normal with std 0 returns the mean exactly', () => {
    expect(Array.from(new Rng(1).normal([3], 0.1, 0, { dtype: 'float64' }).data)).toEqual([0.1, 0.1, 0.1]);
  });

  const intervals: [string, number, number, number, number][] = [
    // [label, mean, std, a, b]
    ['wide, symmetric (normal rejection)', 0, 1, -2, 2],
    ['narrow around 0 (uniform proposal)', 0, 1, -0.3, 0.5],
    ['one-sided near 0', 0, 1, 0.2, 1.5],
    ['right tail, narrow (uniform tail)', 0, 1, 3, 3.2],
    ['right tail, wide (exponential)', 0, 1, 4, 9],
    ['far right tail', 0, 1, 30, 32],
    ['left tail (mirrored)', 0, 1, -9, -5],
    ['shifted and scaled', 10, 2, 11, 18],
    ['std ≪ bounds', 0, 1e-3, -2, 2],
  ];
  for (const [label, mean, std, a, b] of intervals) {
    test(`truncatedNormal ${label}: inside [a, b], mean and std within 4 SE`, () => {
      const x = new Rng(label).truncatedNormal([N], mean, std, a, b, { dtype: 'float64' }).data;
      const [lo, hi] = range(x);
      expect(lo).toBeGreaterThanOrEqual(a);
      expect(hi).toBeLessThanOrEqual(b);
      const ref = truncatedMoments((a - mean) / std, (b - mean) / std);
      expectMoments(x, mean + std * ref.mean, std * ref.std);
    });
  }

  test('truncatedNormal at std ≪ bounds has no sample near the bounds (no erfinv+clamp outliers)', () => {
    const x = new Rng(1).truncatedNormal([N], 0, 1e-3, -2, 2).data;
    let maxAbs = 0;
    for (const v of x) maxAbs = Math.max(maxAbs, Math.abs(v));
    expect(maxAbs).toBeLessThan(10 * 1e-3);
  });

  test('truncatedNormal with infinite bounds, tiny intervals and float32 stays inside', () => {
    const half = new Rng(2).truncatedNormal([N], 0, 1, 0, Infinity, { dtype: 'float64' }).data;
    // Half-normal: mean √(2/π), std √(1 − 2/π).
    expectMoments(half, Math.sqrt(2 / Math.PI), Math.sqrt(1 - 2 / Math.PI));
    const tiny = new Rng(2).truncatedNormal([1000], 0.5, 1, 0.5, 0.5 + 1e-6).data;
    const [tLo, tHi] = range(tiny);
    expect(tLo).toBeGreaterThanOrEqual(0.5);
    expect(tHi).toBeLessThanOrEqual(0.5 + 1e-6);
    const tail = new Rng(2).truncatedNormal([1000], 0, 1, -Infinity, -12).data;
    expect(range(tail)[1]).toBeLessThanOrEqual(-12);
  });

  test('truncatedNormal with std 0 returns the mean when inside, throws otherwise', () => {
    expect(Array.from(new Rng(0).truncatedNormal([2], 0.25, 0, 0, 1, { dtype: 'float64' }).data)).toEqual([0.25, 0.25]);
    expect(() => new Rng(0).truncatedNormal([2], 3, 0, 0, 1)).toThrow('truncatedNormal: std is 0 and mean 3 lies outside [0, 1]');
  });

  test('integers: low ≤ k < high, integer-valued, mean and std of the discrete uniform within 4 SE', () => {
    const x = new Rng(21).integers([N], -3, 7).data;
    expect(x.every((v) => Number.isInteger(v))).toBe(true);
    expect(range(x)).toEqual([-3, 6]);
    // Discrete uniform on n = 10 values: mean (low + high − 1)/2, variance (n² − 1)/12.
    expectMoments(x, 1.5, Math.sqrt(99 / 12));
  });

  test('permutation is a permutation; shuffle keeps the elements', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer(), (n, seed) => {
        const p = Array.from(new Rng(seed).permutation(n)).sort((a, b) => a - b);
        expect(p).toEqual(Array.from({ length: n }, (_, i) => i));
        const arr = Array.from({ length: n }, (_, i) => `x${i}`);
        const shuffled = new Rng(seed).shuffle(arr.slice());
        expect(shuffled.slice().sort()).toEqual(arr.slice().sort());
      }),
      { numRuns: 100 },
    );
  });

  test('permutation positions are uniform: each element lands in slot 0 with probability 1/n', () => {
    const n = 5;
    const trials = 50_000;
    const counts = new Array<number>(n).fill(0);
    const rng = new Rng(8);
    for (let t = 0; t < trials; t++) counts[rng.permutation(n)[0]!]!++;
    // Binomial count: SE = √(T·p·(1−p)).
    const se = Math.sqrt(trials * (1 / n) * (1 - 1 / n));
    for (const c of counts) expect(Math.abs(c - trials / n)).toBeLessThan(4 * se);
  });
});

describe('Rng argument validation', () => {
  const rng = new Rng(0);
  test.each([
    ['NaN std', () => rng.normal([2], 0, NaN), 'normal: std must be a finite number ≥ 0, got NaN'],
    ['negative std', () => rng.normal([2], 0, -1), 'normal: std must be a finite number ≥ 0, got -1'],
    ['NaN mean', () => rng.normal([2], NaN, 1), 'normal: mean must be a finite number, got NaN'],
    ['low ≥ high', () => rng.uniform([2], 1, 1), 'uniform: low must be < high, got low 1, high 1'],
    ['infinite low', () => rng.uniform([2], -Infinity, 1), 'uniform: low must be a finite number, got -Infinity'],
    ['a ≥ b', () => rng.truncatedNormal([2], 0, 1, 2, 1), 'truncatedNormal: a must be < b, got a 2, b 1'],
    ['NaN bound', () => rng.truncatedNormal([2], 0, 1, NaN, 1), 'truncatedNormal: a must be a number < Infinity, got NaN'],
    ['negative truncated std', () => rng.truncatedNormal([2], 0, -2, -1, 1), 'truncatedNormal: std must be a finite number ≥ 0, got -2'],
    [
      'no float32 in range',
      () => rng.uniform([2], 0.1, 0.1 + 1e-12),
      /uniform: no float32 value lies in \[0\.1, 0\.1000000000\d*\); use dtype 'float64'/,
    ],
    ['integers non-integer', () => rng.integers([2], 0.5, 3), 'integers: low must be an integer, got 0.5'],
    ['mistyped mean (JavaScript)', () => rng.normal([2], '0' as unknown as number), "normal: mean must be a finite number, got '0'"],
    ['unknown option', () => rng.uniform([2], 0, 1, { dtyp: 'float64' } as never), "uniform: unknown option 'dtyp' (valid: dtype)"],
    ['shuffle of a string', () => rng.shuffle('abc' as never), "shuffle: arr must be an array or a typed array, got 'abc'"],
    ['integers low ≥ high', () => rng.integers([2], 3, 3), 'integers: low must be < high, got low 3, high 3'],
    [
      'integers beyond float32',
      () => rng.integers([2], 0, 2 ** 30),
      "integers: float32 holds integers exactly only within ±2^24, got [0, 1073741824); use dtype 'float64'",
    ],
    ['permutation negative', () => rng.permutation(-1), 'permutation: n must be an integer in [0, 2^31), got -1'],
    ['nextInt 0', () => rng.nextInt(0), 'nextInt: n must be an integer in [1, 2^53], got 0'],
    ['bad seed', () => new Rng(NaN), 'Rng: seed must be a finite number or a string, got NaN'],
  ])('%s throws', (_label, fn, message) => {
    expect(fn).toThrow(ArgumentError);
    expect(fn).toThrow(message);
  });

  test('a bad shape throws ShapeError naming the op', () => {
    expect(() => rng.uniform([2, -1])).toThrow(ShapeError);
    expect(() => rng.uniform([2, -1])).toThrow('uniform: dimension 1 must be a non-negative integer, got -1 in [2,-1]');
  });

  test('errors are ArgumentError with the op', () => {
    try {
      rng.normal([1], 0, -1);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ArgumentError);
      expect((e as ArgumentError).op).toBe('normal');
    }
  });

  test('integers in float64 reach beyond 2^24', () => {
    const x = new Rng(1).integers([100], 0, 2 ** 40, { dtype: 'float64' }).data;
    for (const v of x) expect(Number.isInteger(v) && v >= 0 && v < 2 ** 40).toBe(true);
    expect(Math.max(...x)).toBeGreaterThan(2 ** 24);
  });
});
