import { getNumThreads, getThreadPoolStatus, setNumThreads } from '@seedling-ml/tensor';
import { afterAll, describe, expect, test } from 'vitest';
import { type AdamConstants, float32Constants } from '../src/adam-kernels.ts';
import {
  POOL_MIN,
  RESIDENT_MIN,
  adamF32Simd,
  amsgradF32Simd,
  hasNonFiniteF32Simd,
  isResident,
  optimSimdAvailable,
  residentMoments,
  sgdF32Simd,
} from '../src/kernels/optim-f32-simd.ts';

const SPECIAL = [0, -0, 2 ** -149, -(2 ** -149), 2 ** -126, 1e30, -1e30, 1e-30, 3.4e38];

/** Deterministic float32 values, every 5th from SPECIAL; `positive` for second moments (v ≥ 0). */
function values(n: number, seed: number, positive = false): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const x = i % 5 === 2 ? SPECIAL[s % SPECIAL.length]! : (s / 2 ** 32 - 0.5) * 2;
    out[i] = positive ? Math.abs(x) : x;
  }
  return out;
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i]) && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return false;
  return a.length === b.length;
}

/**
 * The JS loops restated: SGD in float64 maths with float32 storage; Adam in float32 arithmetic in PyTorch's order
 * (each `fr` is one float32 operation, the constants rounded to float32 here from the float64 ones).
 */
function sgdRef(p: Float32Array, g: Float32Array, sign: number, wd: number, lr: number): void {
  for (let i = 0; i < p.length; i++) p[i] = p[i]! - lr * (sign * g[i]! + wd * p[i]!);
}
function adamRef(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, k: AdamConstants): void {
  amsgradRef(p, g, m, v, null, k);
}

/** Adam, or AMSGrad with `w` = v̂ (v̂ ← (v > v̂ ? v : v̂) in the denominator). */
function amsgradRef(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, w: Float32Array | null, k: AdamConstants): void {
  const fr = Math.fround;
  const [l2, decay, b2, c1, c2, ns, bc2, eps] = [k.l2, k.decay, k.beta2, 1 - k.beta1, 1 - k.beta2, -k.stepSize, k.bc2Sqrt, k.eps].map(
    fr,
  ) as number[];
  for (let i = 0; i < p.length; i++) {
    const gi = fr(k.sign * g[i]! + fr(l2! * p[i]!));
    m[i] = fr(m[i]! + fr(c1! * fr(gi - m[i]!)));
    v[i] = fr(fr(v[i]! * b2!) + fr(fr(c2! * gi) * gi));
    let s = v[i]!;
    if (w !== null) {
      if (v[i]! > w[i]!) w[i] = v[i]!;
      s = w[i]!;
    }
    const d = fr(fr(fr(Math.sqrt(s)) / bc2!) + eps!);
    p[i] = fr(fr(p[i]! * decay!) + fr(fr(ns! * m[i]!) / d));
  }
}

/** Adam's constants at step t (bias corrections from β₁, β₂ and t). */
function constantsAt(
  t: number,
  h: { sign: number; l2: number; decay: number; beta1: number; beta2: number; lr: number; eps: number },
): AdamConstants {
  const { lr, ...rest } = h;
  return { ...rest, stepSize: lr / (1 - h.beta1 ** t), bc2Sqrt: Math.sqrt(1 - h.beta2 ** t) };
}

const LENGTHS = [1, 2, 3, 7, 1000, 16384, 16385, 40001];

describe.runIf(optimSimdAvailable())('SIMD optimizer kernels', () => {
  test.each(LENGTHS)('sgd, %i elements: bit-identical to the JS loop (sign, weight decay)', (n) => {
    for (const [sign, wd, lr] of [
      [1, 0, 0.01],
      [-1, 0.1, 0.5],
      [1, 1e-4, 3],
    ] as const) {
      const p = values(n, n);
      const g = values(n, n + 1);
      const want = p.slice();
      sgdRef(want, g, sign, wd, lr);
      expect(sgdF32Simd(p, g, sign, wd, lr)).toBe(true);
      expect(sameBits(p, want)).toBe(true);
    }
  });

  test.each(LENGTHS)('adam, %i elements: θ, m and v bit-identical to the JS loop (Adam, AdamW, maximize, steps 1 and 50)', (n) => {
    for (const [sign, l2, decay, t] of [
      [1, 0, 1, 1],
      [-1, 0.01, 1, 50],
      [1, 0, 1 - 1e-3 * 0.01, 3],
    ] as const) {
      const beta1 = 0.9;
      const beta2 = 0.999;
      const k = { sign, l2, decay, beta1, beta2, stepSize: 1e-3 / (1 - beta1 ** t), bc2Sqrt: Math.sqrt(1 - beta2 ** t), eps: 1e-8 };
      const p = values(n, 3 * n);
      const g = values(n, 3 * n + 1);
      const m = values(n, 3 * n + 2);
      const v = values(n, 3 * n + 3, true);
      const [wp, wm, wv] = [p.slice(), m.slice(), v.slice()];
      adamRef(wp, g, wm, wv, k);
      expect(adamF32Simd(p, g, m, v, float32Constants(k)!)).toBe(true);
      expect(sameBits(p, wp) && sameBits(m, wm) && sameBits(v, wv)).toBe(true);
    }
  });
});

describe.runIf(optimSimdAvailable())('SIMD AMSGrad', () => {
  test.each(LENGTHS)('%i elements: θ, m, v and v̂ bit-identical to the JS loop (NaN and ±0 in v̂ included)', (n) => {
    const k = {
      sign: -1,
      l2: 0.01,
      decay: 1,
      beta1: 0.9,
      beta2: 0.999,
      stepSize: 1e-3 / (1 - 0.9 ** 7),
      bc2Sqrt: Math.sqrt(1 - 0.999 ** 7),
      eps: 1e-8,
    };
    const p = values(n, 5 * n);
    const g = values(n, 5 * n + 1);
    const m = values(n, 5 * n + 2);
    const v = values(n, 5 * n + 3, true);
    const w = values(n, 5 * n + 4, true);
    // v̂ entries the maximum must treat as the JS comparison does.
    if (n > 3) [w[0], w[1], w[2]] = [Number.NaN, -0, 0];
    const [wp, wm, wv, ww] = [p.slice(), m.slice(), v.slice(), w.slice()];
    amsgradRef(wp, g, wm, wv, ww, k);
    expect(amsgradF32Simd(p, g, m, v, w, float32Constants(k)!)).toBe(true);
    expect(sameBits(p, wp) && sameBits(m, wm) && sameBits(v, wv) && sameBits(w, ww)).toBe(true);
  });
});

describe.runIf(optimSimdAvailable())('SIMD finiteness check', () => {
  test.each(LENGTHS)('%i elements: false for finite values (subnormals, ±0, ±FLT_MAX), true for one NaN or ±Infinity anywhere', (n) => {
    const x = values(n, 7 * n);
    expect(hasNonFiniteF32Simd(x)).toBe(false);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      for (const at of new Set([0, n >> 1, n - 1])) {
        const y = x.slice();
        y[at] = bad;
        expect(hasNonFiniteF32Simd(y), `${bad} at ${at}`).toBe(true);
      }
    }
    // A NaN just past the end of a short chunk (left in WASM memory by a longer array) must not count.
    hasNonFiniteF32Simd(Float32Array.from({ length: 8 }, () => Number.NaN));
    expect(hasNonFiniteF32Simd(new Float32Array(n % 4 === 0 ? n + 1 : n))).toBe(false);
  });
});

describe.runIf(optimSimdAvailable())('resident Adam moments', () => {
  test.each([4096, 4097, 16387, 40001])('%i elements: updated in place, bit-identical to the JS loop over 5 steps', (n) => {
    const pair = residentMoments(n)!;
    expect(pair).not.toBeNull();
    const [m, v] = pair;
    expect(isResident(m) && isResident(v)).toBe(true);
    expect(m.length === n && v.length === n && m.every((x) => x === 0) && v.every((x) => x === 0)).toBe(true);
    const p = values(n, 11 * n);
    const [wp, wm, wv] = [p.slice(), new Float32Array(n), new Float32Array(n)];
    for (let t = 1; t <= 5; t++) {
      const g = values(n, 11 * n + t);
      const k = constantsAt(t, { sign: 1, l2: 0.01, decay: 1, beta1: 0.9, beta2: 0.999, lr: 1e-3, eps: 1e-8 });
      adamRef(wp, g, wm, wv, k);
      expect(adamF32Simd(p, g, m, v, float32Constants(k)!)).toBe(true);
    }
    expect(sameBits(p, wp) && sameBits(m, wm) && sameBits(v, wv)).toBe(true);
  });

  test('small parameters keep ordinary buffers', () => {
    expect(residentMoments(RESIDENT_MIN - 1)).toBeNull();
  });
});

describe.runIf(optimSimdAvailable())('Adam moments on the worker pool', () => {
  afterAll(() => setNumThreads(threadCountBefore));
  const threadCountBefore = getNumThreads();

  async function workersReady(workers: number): Promise<void> {
    const start = Date.now();
    while (getThreadPoolStatus().readyWorkers < workers) {
      if (Date.now() - start > 20_000) throw new Error(`only ${getThreadPoolStatus().readyWorkers} of ${workers} workers started`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  test.each([POOL_MIN, POOL_MIN + 4097, 2_100_003])(
    '%i elements: on shared memory, bit-identical to the JS loop over 4 steps on 1, 2 and 3 threads',
    async (n) => {
      for (const threads of [1, 2, 3]) {
        // Made while 2 threads are set (so on a thread kernel), then run on `threads` (1: every panel on this thread).
        setNumThreads(2);
        const [m, v] = residentMoments(n)!;
        setNumThreads(threads);
        expect(m.buffer).toBeInstanceOf(SharedArrayBuffer);
        expect(isResident(m) && isResident(v)).toBe(true);
        const p = values(n, 7 * n);
        const [wp, wm, wv] = [p.slice(), new Float32Array(n), new Float32Array(n)];
        let panelsBefore = 0;
        for (let t = 1; t <= 4; t++) {
          const g = values(n, 7 * n + t);
          const k = constantsAt(t, { sign: -1, l2: 0, decay: 0.99, beta1: 0.8, beta2: 0.99, lr: 1e-2, eps: 1e-6 });
          adamRef(wp, g, wm, wv, k);
          expect(adamF32Simd(p, g, m, v, float32Constants(k)!)).toBe(true);
          // The first update starts the pool in the background: wait for its workers before the next ones.
          if (t === 1 && threads > 1) {
            await workersReady(threads - 1);
            panelsBefore = getThreadPoolStatus().workerPanels;
          }
        }
        expect(sameBits(p, wp) && sameBits(m, wm) && sameBits(v, wv)).toBe(true);
        // 3 × 128 panels: the workers take some (with 2 or 3 panels a step, this thread may win them all).
        if (threads > 1 && n > 2 ** 21) expect(getThreadPoolStatus().workerPanels).toBeGreaterThan(panelsBefore);
      }
    },
    60_000,
  );

  test('with one thread set, or below POOL_MIN, the moments stay in a memory of their own (unshared copies are faster)', () => {
    setNumThreads(1);
    expect(residentMoments(POOL_MIN)![0].buffer).toBeInstanceOf(ArrayBuffer);
    setNumThreads(2);
    expect(residentMoments(POOL_MIN - 1)![0].buffer).toBeInstanceOf(ArrayBuffer);
    expect(residentMoments(POOL_MIN)![0].buffer).toBeInstanceOf(SharedArrayBuffer);
  });
});
