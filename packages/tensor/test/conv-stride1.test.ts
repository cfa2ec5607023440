import { describe, expect, test } from 'vitest';
import { type Conv2dOptions, NDArray, Rng } from '../src/index.ts';
import { conv2dGeometry } from '../src/conv/conv-geometry.ts';
import { conv2dStride1Forward, useStride1Forward } from '../src/conv/conv2d-stride1.ts';
import { conv2dReference } from './helpers.ts';

/*
 * The stride-1 "wide row" forward (conv2d-stride1.ts: padded planes, one copy per patch row, garbage
 * columns dropped on copy-out) against a float64 reference written from the definition
 * y[n,o,i,j] = b[o] + Σ_{c,p,q} w[o,c,p,q]·x[n, g·C/G + c, i − padTop + p·dH, j − padLeft + q·dW],
 * with the patches written into the SIMD GEMM's memory or built in JS memory (big planes, tiny products),
 * over kernel sizes, symmetric / asymmetric ('same' with even kernels) / oversized paddings, dilations,
 * groups and batches that span several chunks. The fast path accumulates in float32: on N(0, 1) data with
 * K ≤ 288 terms the rounding error is ≲ K·2⁻²⁴·Σ|w·x| ≈ 1e-4 in the worst case, so 1e-3 (absolute and
 * relative) is a loose bound that still catches any misplaced tap (errors of order 1).
 */

describe('conv2d stride-1 wide-row forward', () => {
  const rng = new Rng(11);
  const cases: { x: number[]; w: number[]; opts: Conv2dOptions }[] = [
    { x: [3, 4, 9, 11], w: [5, 4, 3, 3], opts: { padding: 1 } },
    { x: [2, 3, 14, 14], w: [6, 3, 5, 5], opts: {} },
    { x: [2, 4, 8, 10], w: [4, 4, 2, 2], opts: { padding: 'same' } },
    { x: [2, 4, 8, 10], w: [4, 4, 4, 3], opts: { padding: 'same' } },
    { x: [2, 6, 10, 12], w: [4, 3, 3, 3], opts: { padding: [2, 1], groups: 2 } },
    { x: [1, 4, 12, 13], w: [6, 2, 3, 3], opts: { padding: 2, dilation: [2, 1], groups: 2 } },
    { x: [2, 2, 3, 2], w: [3, 2, 3, 3], opts: { padding: 4 } },
    { x: [1, 3, 7, 9], w: [2, 3, 1, 1], opts: {} },
    // 16·3·3 = 144 taps × 32·34 wide positions: three samples per chunk, so five samples take two chunks.
    { x: [5, 16, 32, 32], w: [8, 16, 3, 3], opts: { padding: 1 } },
    // One sample's 64·64 positions exceed a GEMM column chunk: patches built in JS memory, then the usual GEMM.
    { x: [2, 1, 64, 64], w: [2, 1, 1, 1], opts: {} },
    // A product too small for WebAssembly: the JS GEMM.
    { x: [1, 1, 3, 3], w: [1, 1, 2, 2], opts: {} },
  ];
  test.each(cases)('x $x, w $w, $opts matches the definition', ({ x: xs, w: ws, opts }) => {
    const x = rng.normal(xs).astype('float32');
    const w = rng.normal(ws).astype('float32');
    const b = rng.normal([ws[0]!]).astype('float32');
    const geo = conv2dGeometry('conv2d', xs, ws, opts);
    expect(useStride1Forward(geo, x.data, w.data)).toBe(true);
    // Called directly: conv2d itself sends float32 to the direct kernel unless the GEMM runs threaded.
    const y = new Float32Array(geo.n * geo.cOut * geo.outH * geo.outW);
    conv2dStride1Forward(x.data as Float32Array, w.data as Float32Array, b.data, y, geo);
    const want = conv2dReference(x, w, b, geo).y;
    for (let i = 0; i < want.length; i++) {
      expect(Math.abs(y[i]! - want[i]!)).toBeLessThan(1e-3 * (1 + Math.abs(want[i]!)));
    }
  });

  test('stride > 1, float64 and wide dilated kernels keep the im2col path', () => {
    const x = new NDArray(new Float32Array(2 * 3 * 8 * 8), [2, 3, 8, 8]);
    const w = new NDArray(new Float32Array(4 * 3 * 3 * 3), [4, 3, 3, 3]);
    expect(useStride1Forward(conv2dGeometry('conv2d', x.shape, w.shape, { stride: 2 }), x.data, w.data)).toBe(false);
    expect(useStride1Forward(conv2dGeometry('conv2d', x.shape, w.shape, {}), new Float64Array(1), w.data)).toBe(false);
    // outW = 8 − 6 = 2 columns, 6 garbage ones: more waste than the path allows.
    expect(useStride1Forward(conv2dGeometry('conv2d', x.shape, w.shape, { dilation: 3 }), x.data, w.data)).toBe(false);
  });
});
