import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { type Conv2dOptions, type NDArray, Rng, conv2d } from '../src/index.ts';
import { type ConvGeometry, conv2dGeometry } from '../src/conv/conv-geometry.ts';
import { conv2dDirectF32 } from '../src/conv/conv2d-direct.ts';
import { im2col } from '../src/conv/im2col.ts';
import { gemmF32Simd } from '../src/kernels/gemm-f32-simd.ts';
import { threadPoolStatus } from '../src/kernels/gemm-f32-threads.ts';
import { getNumThreads, setNumThreads } from '../src/threads.ts';
import { conv2dReference } from './helpers.ts';

/*
 * The direct float32 convolution (conv2d-direct.ts, kernels/conv-direct-f32.wat) against
 *  - a float64 sum from the definition (helpers.ts): within the float32 summation bound
 *    |y − y₆₄| ≤ (K + 2)·2⁻²³·(|b| + Σ|w·x|) for K terms (as gemm-f32-simd.test.ts bounds the GEMM), which any
 *    misplaced or missing tap exceeds by orders of magnitude on N(0, 1) data;
 *  - the im2col patch matrix times the weight on the SIMD GEMM, bit for bit: the kernel promises the GEMM's
 *    float32 operations in the GEMM's order (slices of 256 taps), which is what lets conv2d pick either path
 *    by thread count without changing a result.
 * Shapes cover output planes not a multiple of 4 (the last pixel vector is partial), widths under a vector,
 * 1×1 kernels, channel counts that are not multiples of 4 or 8, groups, strides, dilations, paddings wider
 * than the kernel, K over 256 (two and three slices) and batches spanning several chunks.
 */

/** conv2d's im2col path spelled out with the SIMD GEMM: per group, cols [K, N·plane] then W_g · cols, + bias. */
function im2colGemm(x: NDArray, w: NDArray, b: NDArray | null, geo: ConvGeometry): Float32Array {
  const { n, cIn, cOut, kh, kw, groups, outH, outW } = geo;
  const cog = cOut / groups;
  const k = (cIn / groups) * kh * kw;
  const plane = outH * outW;
  const p = n * plane;
  const cols = new Float32Array(k * p);
  const tmp = new Float32Array(cog * p);
  const y = new Float32Array(n * cOut * plane);
  for (let g = 0; g < groups; g++) {
    im2col(x.data, geo, 0, n, g, cols);
    gemmF32Simd(cog, p, k, w.data, g * cog * k, k, 1, cols, 0, p, 1, tmp, 0);
    for (let o = 0; o < cog; o++) {
      const bias = b === null ? 0 : b.data[g * cog + o]!;
      for (let s = 0; s < n; s++) {
        for (let q = 0; q < plane; q++) y[(s * cOut + g * cog + o) * plane + q] = tmp[o * p + s * plane + q]! + bias;
      }
    }
  }
  return y;
}

function direct(x: NDArray, w: NDArray, b: NDArray | null, geo: ConvGeometry): Float32Array {
  const y = new Float32Array(geo.n * geo.cOut * geo.outH * geo.outW).fill(Number.NaN);
  expect(conv2dDirectF32(x.data as Float32Array, w.data as Float32Array, b === null ? null : b.data, y, geo)).toBe(true);
  return y;
}

function sameBits(u: Float32Array, v: Float32Array): boolean {
  return u.length === v.length && u.every((value, i) => Object.is(value, v[i]));
}

/** Checks `y` against the float64 definition within the float32 summation bound. */
function expectNearDefinition(y: Float32Array, x: NDArray, w: NDArray, b: NDArray | null, geo: ConvGeometry): void {
  const { y: want, abs } = conv2dReference(x, w, b, geo);
  const k = (geo.cIn / geo.groups) * geo.kh * geo.kw;
  for (let i = 0; i < want.length; i++) {
    const bound = (k + 2) * 2 ** -23 * abs[i]!;
    if (!(Math.abs(y[i]! - want[i]!) <= bound)) expect.fail(`element ${i}: ${y[i]} vs ${want[i]} (bound ${bound})`);
  }
}

function operands(rng: Rng, xs: number[], ws: number[], withBias: boolean): { x: NDArray; w: NDArray; b: NDArray | null } {
  return {
    x: rng.normal(xs).astype('float32'),
    w: rng.normal(ws).astype('float32'),
    b: withBias ? rng.normal([ws[0]!]).astype('float32') : null,
  };
}

describe('direct float32 convolution', () => {
  const rng = new Rng(5);
  const cases: { x: number[]; w: number[]; opts: Conv2dOptions }[] = [
    // LeNet-5's second convolution: 100 pixels per plane, 16 channels = two full blocks.
    { x: [3, 6, 14, 14], w: [16, 6, 5, 5], opts: {} },
    // Width and height under a vector; a 3×2 plane (6 pixels: one full and one partial pixel vector).
    { x: [2, 3, 3, 2], w: [5, 3, 1, 1], opts: {} },
    { x: [2, 2, 1, 1], w: [3, 2, 1, 1], opts: {} },
    { x: [2, 2, 3, 2], w: [3, 2, 3, 3], opts: { padding: 4 } },
    // 1×1 kernels with stride 2; 7×7 output plane (49 pixels).
    { x: [2, 5, 13, 13], w: [9, 5, 1, 1], opts: { stride: 2 } },
    // Groups, asymmetric padding and dilation, mixed strides; 'same' with an even kernel.
    { x: [2, 6, 10, 12], w: [4, 3, 3, 3], opts: { padding: [2, 1], groups: 2 } },
    { x: [1, 4, 12, 13], w: [6, 2, 3, 3], opts: { padding: 2, dilation: [2, 1], groups: 2, stride: [2, 3] } },
    { x: [2, 4, 8, 10], w: [7, 4, 4, 2], opts: { padding: 'same' } },
    // K = 32·9 = 288 (two slices of taps), K = 512 (exactly two), K = 80·9 = 720 (three).
    { x: [2, 32, 7, 9], w: [12, 32, 3, 3], opts: { padding: 1 } },
    { x: [1, 128, 5, 5], w: [3, 128, 2, 2], opts: {} },
    { x: [1, 80, 6, 6], w: [10, 80, 3, 3], opts: { padding: 1, stride: 2 } },
    // 16 channels of 48×48 per sample: a 1 MB chunk holds 2 samples when padded (input, padded input and
    // output), 4 when not, so 5 samples take 3 and 2 chunks.
    { x: [5, 16, 48, 48], w: [8, 16, 3, 3], opts: { padding: 1 } },
    { x: [5, 16, 48, 48], w: [8, 16, 3, 3], opts: {} },
  ];
  test.each(cases)('x $x, w $w, $opts: the GEMM bits, near the definition', ({ x: xs, w: ws, opts }) => {
    const geo = conv2dGeometry('conv2d', xs, ws, opts);
    for (const withBias of [true, false]) {
      const { x, w, b } = operands(rng, xs, ws, withBias);
      const y = direct(x, w, b, geo);
      expect(sameBits(y, im2colGemm(x, w, b, geo))).toBe(true);
      expectNearDefinition(y, x, w, b, geo);
    }
  });

  test('property: random geometries match the GEMM bit for bit and the definition within the float32 bound', () => {
    fc.assert(
      fc.property(
        fc.record({
          n: fc.integer({ min: 1, max: 3 }),
          cg: fc.integer({ min: 1, max: 6 }),
          cog: fc.integer({ min: 1, max: 11 }),
          groups: fc.integer({ min: 1, max: 3 }),
          h: fc.integer({ min: 1, max: 11 }),
          w: fc.integer({ min: 1, max: 11 }),
          kh: fc.integer({ min: 1, max: 4 }),
          kw: fc.integer({ min: 1, max: 4 }),
          sh: fc.integer({ min: 1, max: 3 }),
          sw: fc.integer({ min: 1, max: 3 }),
          dh: fc.integer({ min: 1, max: 2 }),
          dw: fc.integer({ min: 1, max: 2 }),
          ph: fc.integer({ min: 0, max: 3 }),
          pw: fc.integer({ min: 0, max: 3 }),
          bias: fc.boolean(),
          seed: fc.nat(1000),
        }),
        (p) => {
          // Only geometries with a non-empty output.
          fc.pre(p.h + 2 * p.ph >= p.dh * (p.kh - 1) + 1 && p.w + 2 * p.pw >= p.dw * (p.kw - 1) + 1);
          const xs = [p.n, p.cg * p.groups, p.h, p.w];
          const ws = [p.cog * p.groups, p.cg, p.kh, p.kw];
          const opts = { stride: [p.sh, p.sw], dilation: [p.dh, p.dw], padding: [p.ph, p.pw], groups: p.groups } as const;
          const geo = conv2dGeometry('conv2d', xs, ws, opts);
          const { x, w, b } = operands(new Rng(p.seed), xs, ws, p.bias);
          const y = direct(x, w, b, geo);
          expect(sameBits(y, im2colGemm(x, w, b, geo))).toBe(true);
          expectNearDefinition(y, x, w, b, geo);
        },
      ),
      { numRuns: 150, seed: 23 },
    );
  });
});

describe('conv2d picks the direct kernel or the threaded GEMM with the same bits', () => {
  afterAll(() => setNumThreads(getNumThreads()));

  test('setNumThreads(1) (direct) and setNumThreads(2) (GEMM on the worker pool) agree bit for bit', async () => {
    // 64 channels of 32×32, 3×3: each GEMM product of the stride-1 path (one sample) is 64 × 1024 × 576
    // multiply-adds, over the size from which conv2d hands the forward to the threaded GEMM; K = 576 takes
    // three slices of taps.
    const rng = new Rng(9);
    const x = rng.normal([2, 64, 32, 32]).astype('float32');
    const w = rng.normal([64, 64, 3, 3]).astype('float32');
    const b = rng.normal([64]).astype('float32');
    const before = getNumThreads();
    setNumThreads(1);
    const one = conv2d(x, w, b, { padding: 1 }).data as Float32Array;
    setNumThreads(2);
    conv2d(x, w, b, { padding: 1 });
    const start = Date.now();
    while (threadPoolStatus().readyWorkers < 1 && Date.now() - start < 20_000) await new Promise((r) => setTimeout(r, 10));
    const panels = threadPoolStatus().workerPanels;
    // Which thread claims a panel is a race (a sleeping worker may wake after this thread has taken every panel, as
    // happened once on a loaded CI machine): repeat until the worker has taken some, comparing the bits each time.
    let same = true;
    for (let rep = 0; rep < 20 && (rep === 0 || threadPoolStatus().workerPanels === panels); rep++) {
      same &&= sameBits(one, conv2d(x, w, b, { padding: 1 }).data as Float32Array);
    }
    // The second thread took part: this really was the GEMM path.
    expect(threadPoolStatus().workerPanels).toBeGreaterThan(panels);
    expect(same).toBe(true);
    expect(sameBits(one, direct(x, w, b, conv2dGeometry('conv2d', x.shape, w.shape, { padding: 1 })))).toBe(true);
    setNumThreads(before);
  }, 60_000);
});
