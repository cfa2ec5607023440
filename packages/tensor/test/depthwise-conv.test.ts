import { describe, expect, test } from 'vitest';
import { NDArray, Rng, conv2d, conv2dInputGrad, conv2dWeightGrad } from '../src/index.ts';

/*
 * The direct depthwise kernels (groups = input channels) against a naive reference written from the
 * definition y[n,o,i,j] = Σ_{p,q} w[o,0,p,q]·x[n, ⌊o/m⌋, i·sH − pad + p·dH, j·sW − pad + q·dW], over a grid
 * of kernel sizes, strides, paddings, dilations and channel multipliers m (3×3 with column stride 1 takes
 * the fused interior path, the rest the tap-by-tap one). The gradients are checked through the adjoint
 * identities ⟨conv(x, w), g⟩ = ⟨x, dx(g)⟩ = ⟨w, dw(x, g)⟩, in float64.
 */

function reference(x: NDArray, w: NDArray, s: [number, number], pad: [number, number], d: [number, number]): Float64Array {
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const [o, , kh, kw] = w.shape as [number, number, number, number];
  const m = o / c;
  const outH = Math.floor((h + 2 * pad[0] - d[0] * (kh - 1) - 1) / s[0]) + 1;
  const outW = Math.floor((wd + 2 * pad[1] - d[1] * (kw - 1) - 1) / s[1]) + 1;
  const y = new Float64Array(n * o * outH * outW);
  for (let b = 0; b < n; b++) {
    for (let oc = 0; oc < o; oc++) {
      const ic = Math.floor(oc / m);
      for (let i = 0; i < outH; i++) {
        for (let j = 0; j < outW; j++) {
          let acc = 0;
          for (let p = 0; p < kh; p++) {
            for (let q = 0; q < kw; q++) {
              const r = i * s[0] - pad[0] + p * d[0];
              const col = j * s[1] - pad[1] + q * d[1];
              if (r >= 0 && r < h && col >= 0 && col < wd)
                acc += w.data[(oc * kh + p) * kw + q]! * x.data[((b * c + ic) * h + r) * wd + col]!;
            }
          }
          y[((b * o + oc) * outH + i) * outW + j] = acc;
        }
      }
    }
  }
  return y;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

describe('depthwise conv2d (direct kernels)', () => {
  const rng = new Rng(7);
  const cases: { k: [number, number]; s: [number, number]; pad: [number, number]; d: [number, number]; m: number; hw: [number, number] }[] =
    [];
  for (const k of [
    [3, 3],
    [5, 5],
    [1, 3],
    [3, 2],
  ] as [number, number][]) {
    for (const s of [
      [1, 1],
      [2, 2],
      [1, 2],
      [2, 1],
    ] as [number, number][]) {
      for (const pad of [
        [0, 0],
        [1, 1],
        [2, 1],
      ] as [number, number][]) {
        for (const d of [
          [1, 1],
          [2, 2],
          [1, 2],
        ] as [number, number][]) {
          if (2 * pad[0] > d[0] * (k[0] - 1) + 1 || 2 * pad[1] > d[1] * (k[1] - 1) + 1) continue;
          // Inputs of 9–11 × 10–13: never smaller than the largest dilated kernel (9), so no output is empty.
          cases.push({ k, s, pad, d, m: 1 + (cases.length % 2), hw: [9 + (cases.length % 3), 10 + (cases.length % 4)] });
        }
      }
    }
  }
  test(`forward and both gradients match the definition (${cases.length} option combinations)`, () => {
    for (const { k, s, pad, d, m, hw } of cases) {
      const c = 3;
      const x = new NDArray(Float64Array.from(rng.normal([2 * c * hw[0] * hw[1]]).data), [2, c, hw[0], hw[1]]);
      const w = new NDArray(Float64Array.from(rng.normal([c * m * k[0] * k[1]]).data), [c * m, 1, k[0], k[1]]);
      const options = { stride: s, padding: pad, dilation: d, groups: c };
      const y = conv2d(x, w, null, options);
      const want = reference(x, w, s, pad, d);
      expect(y.size).toBe(want.length);
      for (let i = 0; i < want.length; i++) expect(y.data[i]).toBeCloseTo(want[i]!, 10);
      const g = new NDArray(Float64Array.from(rng.normal([y.size]).data), y.shape);
      const lhs = dot(want, g.data);
      expect(dot(x.data, conv2dInputGrad(g, w, x.shape, options).data)).toBeCloseTo(lhs, 9);
      expect(dot(w.data, conv2dWeightGrad(x, g, w.shape, options).data)).toBeCloseTo(lhs, 9);
    }
  });
  test('float32 3×3 with column stride 1 (the WebAssembly SIMD path, bias fused) matches the definition to float32 rounding', () => {
    // Widths 5–13 leave 0–3 outputs after the last group of four (the kernel's scalar tail).
    for (const [sh, pad, d, m, hw] of [
      [1, [1, 1], [1, 1], 1, [9, 10]],
      [1, [0, 0], [1, 1], 2, [7, 13]],
      [2, [1, 0], [1, 2], 1, [11, 9]],
      [1, [2, 2], [2, 2], 2, [8, 5]],
      [2, [0, 1], [2, 1], 1, [10, 12]],
    ] as [number, [number, number], [number, number], number, [number, number]][]) {
      const x = new NDArray(Float32Array.from(rng.normal([2 * 4 * hw[0] * hw[1]]).data), [2, 4, hw[0], hw[1]]);
      const w = new NDArray(Float32Array.from(rng.normal([4 * m * 9]).data), [4 * m, 1, 3, 3]);
      const b = new NDArray(Float32Array.from(rng.normal([4 * m]).data), [4 * m]);
      const y = conv2d(x, w, b, { stride: [sh, 1], padding: pad, dilation: d, groups: 4 });
      const want = reference(x, w, [sh, 1], pad, d);
      expect(y.size).toBe(want.length);
      const plane = y.shape[2]! * y.shape[3]!;
      for (let i = 0; i < want.length; i++) {
        const v = want[i]! + b.data[Math.floor(i / plane) % (4 * m)]!;
        expect(Math.abs(y.data[i]! - v)).toBeLessThan(1e-5 * (1 + Math.abs(v)));
      }
    }
  });
});
