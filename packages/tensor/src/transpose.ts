/** `transpose`: permute the axes of an array (materialized, contiguous result). */
import { type TypedArray, allocate } from './dtype.ts';
import { ArgumentError, formatShape } from './errors.ts';
import { NDArray, checkNDArray } from './ndarray.ts';
import { requireArray, stridesOf } from './shape.ts';
import { stridedCopy } from './strided-copy.ts';

// NOTE: 32×32 tiles keep one tile of source rows and destination columns in L1 (8 KiB in float64).
const TILE = 32;

/**
 * Permutes the axes of `x`: result axis `i` is input axis `perm[i]`, so
 * `out.shape[i] = x.shape[perm[i]]` and `out[j_0, …, j_{n-1}] = x[k]` with `k[perm[i]] = j_i`.
 * Default `perm` reverses the axes (the matrix transpose for 2-D). Negative entries count from the end.
 * Always returns a new contiguous array.
 *
 * Size-1 axes are dropped and input axes that stay adjacent are merged first, so e.g. a batched
 * `[B, M, N] → [B, N, M]` runs as B cache-blocked (tiled) 2-D transposes.
 *
 * @throws ArgumentError when `perm` is not a permutation of `0 … rank-1`.
 * @example
 * transpose(array([[1, 2, 3], [4, 5, 6]])).toArray(); // [[1, 4], [2, 5], [3, 6]]
 * transpose(zeros([2, 3, 4]), [1, 2, 0]).shape;       // [3, 4, 2]
 */
export function transpose(x: NDArray, perm?: readonly number[]): NDArray {
  checkNDArray('transpose', 'x', x);
  if (perm !== undefined) requireArray('transpose', 'perm', perm, 'an array of axes');
  const rank = x.rank;
  const p = perm === undefined ? Array.from({ length: rank }, (_, i) => rank - 1 - i) : checkPerm(perm, x.shape);
  const outShape = p.map((a) => x.shape[a]!);
  const out = allocate(x.dtype, x.size);
  if (x.size > 0) transposeInto(x.data, x.shape, p, out);
  return new NDArray(out, outShape);
}

function checkPerm(perm: readonly number[], shape: readonly number[]): number[] {
  const rank = shape.length;
  const bad = (): ArgumentError =>
    new ArgumentError('transpose', `perm ${formatShape(perm)} is not a permutation of the axes of ${formatShape(shape)}`);
  if (perm.length !== rank) throw bad();
  const seen = new Uint8Array(rank);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const a = perm[i]!;
    if (!Number.isInteger(a) || a < -rank || a >= rank) throw bad();
    const n = a < 0 ? a + rank : a;
    if (seen[n] === 1) throw bad();
    seen[n] = 1;
    out[i] = n;
  }
  return out;
}

/** Writes the permuted `src` (row-major, `shape`) into `dst`. */
function transposeInto(src: TypedArray, shape: readonly number[], perm: readonly number[], dst: TypedArray): void {
  const { shape: s, perm: p } = simplify(shape, perm);
  const n = p.length;
  let identity = true;
  for (let i = 0; i < n; i++) if (p[i] !== i) identity = false;
  if (identity) {
    dst.set(src);
  } else if (n === 2) {
    transpose2d(src, 0, dst, 0, s[0]!, s[1]!);
  } else if (n === 3 && p[0] === 0 && p[1] === 2 && p[2] === 1) {
    const rows = s[1]!;
    const cols = s[2]!;
    const m = rows * cols;
    for (let b = 0; b < s[0]!; b++) transpose2d(src, b * m, dst, b * m, rows, cols);
  } else {
    const inStrides = stridesOf(s);
    const outShape = p.map((a) => s[a]!);
    stridedCopy(
      src,
      0,
      p.map((a) => inStrides[a]!),
      dst,
      0,
      stridesOf(outShape),
      outShape,
      1,
    );
  }
}

/** Cache-blocked transpose of a rows×cols matrix at `so` into a cols×rows matrix at `d0`. */
function transpose2d(src: TypedArray, so: number, dst: TypedArray, d0: number, rows: number, cols: number): void {
  for (let i0 = 0; i0 < rows; i0 += TILE) {
    const i1 = Math.min(i0 + TILE, rows);
    for (let j0 = 0; j0 < cols; j0 += TILE) {
      const j1 = Math.min(j0 + TILE, cols);
      for (let i = i0; i < i1; i++) {
        let s = so + i * cols + j0;
        let d = d0 + j0 * rows + i;
        for (let j = j0; j < j1; j++, s++, d += rows) dst[d] = src[s]!;
      }
    }
  }
}

/**
 * An equivalent smaller problem: drop size-1 axes, then merge runs of input axes that appear
 * consecutively and in order in `perm` (they move together, so they act as one axis).
 */
function simplify(shape: readonly number[], perm: readonly number[]): { shape: number[]; perm: number[] } {
  const newIndex = new Array<number>(shape.length);
  const kept: number[] = [];
  for (let a = 0; a < shape.length; a++) {
    if (shape[a] !== 1) {
      newIndex[a] = kept.length;
      kept.push(shape[a]!);
    }
  }
  const groups: number[][] = []; // in output order; each a run a, a+1, … of reduced input axes
  for (const a of perm) {
    if (shape[a] === 1) continue;
    const r = newIndex[a]!;
    const g = groups[groups.length - 1];
    if (g !== undefined && g[g.length - 1]! + 1 === r) g.push(r);
    else groups.push([r]);
  }
  const order = groups.map((_, i) => i).sort((i, j) => groups[i]![0]! - groups[j]![0]!);
  const mergedShape = order.map((gi) => groups[gi]!.reduce((acc, r) => acc * kept[r]!, 1));
  const position = new Array<number>(groups.length);
  order.forEach((gi, pos) => {
    position[gi] = pos;
  });
  return { shape: mergedShape, perm: position };
}
