/**
 * Reference helpers shared by the tensor tests: plain JS over row-major indices, none of it calling the
 * code under test, so the tests compare against something independent.
 */
import { expect } from 'vitest';
import type { ConvGeometry } from '../src/conv/conv-geometry.ts';
import type { NDArray } from '../src/ndarray.ts';

/** Number of elements of a shape. */
export function prod(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The multi-index of flat row-major position `f` in `shape`. */
export function unravel(f: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length).fill(0);
  for (let i = shape.length - 1; i >= 0; i--) {
    idx[i] = f % shape[i]!;
    f = Math.floor(f / shape[i]!);
  }
  return idx;
}

/** The flat row-major position of multi-index `idx` in `shape`. */
export function flatIndex(idx: readonly number[], shape: readonly number[]): number {
  let f = 0;
  for (let i = 0; i < idx.length; i++) f = f * shape[i]! + idx[i]!;
  return f;
}

/** The element of `x` at multi-index `idx`. */
export function at(x: NDArray, idx: readonly number[]): number {
  return x.data[flatIndex(idx, x.shape)]!;
}

/** A flat reference built by evaluating `fn` at every multi-index of `shape`. */
export function build(shape: readonly number[], fn: (idx: number[]) => number): number[] {
  const out: number[] = [];
  for (let f = 0; f < prod(shape); f++) out.push(fn(unravel(f, shape)));
  return out;
}

/** Σ a·b over the flat data (for adjoint checks ⟨op(x), y⟩ = ⟨x, op*(y)⟩). */
export function dot(a: NDArray, b: NDArray): number {
  let s = 0;
  for (let i = 0; i < a.size; i++) s += a.data[i]! * b.data[i]!;
  return s;
}

/** Asserts shape and exact values. */
export function expectSame(actual: NDArray, shape: readonly number[], values: readonly number[]): void {
  expect([...actual.shape]).toEqual([...shape]);
  expect(Array.from(actual.data)).toEqual([...values]);
}

/** Asserts that `fn` throws an instance of `cls` with exactly `message`; returns the error. */
export function expectError(fn: () => unknown, cls: new (...args: never[]) => Error, message: string): Error {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(cls);
  expect((err as Error).message).toBe(message);
  return err as Error;
}

/** Every multi-index of `shape`, in row-major order. */
export function* indices(shape: readonly number[]): Generator<number[]> {
  for (let f = 0; f < prod(shape); f++) yield unravel(f, shape);
}

/** Small seeded PRNG (mulberry32) so test values derive from a fast-check integer and replay on shrink. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 2-D convolution from its definition, in float64:
 * y[n,o,i,j] = b[o] + Σ_{c,p,q} w[o,c,p,q]·x[n, g·C/G + c, i·sH − padTop + p·dH, j·sW − padLeft + q·dW]
 * (g = ⌊o / (O/G)⌋, zeros outside the input), with `abs` the same sum of absolute terms |b| + Σ|w·x|
 * (the scale of a float32 summation's rounding error).
 */
export function conv2dReference(x: NDArray, w: NDArray, b: NDArray | null, geo: ConvGeometry): { y: Float64Array; abs: Float64Array } {
  const { n, cIn, h, w: wd, cOut, kh, kw, sh, sw, padTop, padLeft, dh, dw, groups, outH, outW } = geo;
  const cg = cIn / groups;
  const cog = cOut / groups;
  const y = new Float64Array(n * cOut * outH * outW);
  const abs = new Float64Array(y.length);
  for (let s = 0; s < n; s++) {
    for (let o = 0; o < cOut; o++) {
      const g = Math.floor(o / cog);
      for (let i = 0; i < outH; i++) {
        for (let j = 0; j < outW; j++) {
          let acc = b === null ? 0 : b.data[o]!;
          let mag = Math.abs(acc);
          for (let c = 0; c < cg; c++) {
            for (let p = 0; p < kh; p++) {
              for (let q = 0; q < kw; q++) {
                const r = i * sh - padTop + p * dh;
                const col = j * sw - padLeft + q * dw;
                if (r >= 0 && r < h && col >= 0 && col < wd) {
                  const t = w.data[((o * cg + c) * kh + p) * kw + q]! * x.data[((s * cIn + g * cg + c) * h + r) * wd + col]!;
                  acc += t;
                  mag += Math.abs(t);
                }
              }
            }
          }
          const at = ((s * cOut + o) * outH + i) * outW + j;
          y[at] = acc;
          abs[at] = mag;
        }
      }
    }
  }
  return { y, abs };
}
