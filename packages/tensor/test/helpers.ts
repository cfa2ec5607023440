/**
 * Reference helpers shared by the tensor tests: plain JS over row-major indices, none of it calling the
 * code under test, so the tests compare against something independent.
 */
import { expect } from 'vitest';
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
