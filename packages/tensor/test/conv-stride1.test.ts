import { describe, expect, test } from 'vitest';
import { type Conv2dOptions, NDArray, Rng, conv2d } from '../src/index.ts';
import { conv2dGeometry } from '../src/conv/conv-geometry.ts';
import { useStride1Forward } from '../src/conv/conv2d-stride1.ts';

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

function reference(x: NDArray, w: NDArray, b: NDArray, geo: ReturnType<typeof conv2dGeometry>): Float64Array {
  const { n, cIn, h, w: wd, cOut, kh, kw, padTop, padLeft, dh, dw, groups, outH, outW } = geo;
  const cg = cIn / groups;
  const cog = cOut / groups;
  const y = new Float64Array(n * cOut * outH * outW);
  for (let s = 0; s < n; s++) {
    for (let o = 0; o < cOut; o++) {
      const g = Math.floor(o / cog);
      for (let i = 0; i < outH; i++) {
        for (let j = 0; j < outW; j++) {
          let acc = b.data[o]!;
          for (let c = 0; c < cg; c++) {
            for (let p = 0; p < kh; p++) {
              for (let q = 0; q < kw; q++) {
                const r = i - padTop + p * dh;
                const col = j - padLeft + q * dw;
                if (r >= 0 && r < h && col >= 0 && col < wd) {
                  acc += w.data[((o * cg + c) * kh + p) * kw + q]! * x.data[((s * cIn + g * cg + c) * h + r) * wd + col]!;
                }
              }
            }
          }
          y[((s * cOut + o) * outH + i) * outW + j] = acc;
        }
      }
    }
  }
  return y;
}

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
    const y = conv2d(x, w, b, opts);
    expect(y.shape).toEqual([geo.n, geo.cOut, geo.outH, geo.outW]);
    const want = reference(x, w, b, geo);
    for (let i = 0; i < want.length; i++) {
      expect(Math.abs(y.data[i]! - want[i]!)).toBeLessThan(1e-3 * (1 + Math.abs(want[i]!)));
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
