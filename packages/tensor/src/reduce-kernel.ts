// Internal: strided reduction kernels shared by reduce.ts and sumToShape. Not re-exported.
import type { TypedArray } from './dtype.ts';
import { ShapeError, formatShape } from './errors.ts';
import { type SimdReduceOp, foldColsF32Simd, foldRowsF32Simd } from './kernels/reduce-f32-simd.ts';

/** What a pass accumulates into its float64 accumulator (plain constants: no enum emit needed). */
export const Fold = {
  /** acc += x */
  Sum: 0,
  /** acc = max(acc, x), NaN propagating */
  Max: 1,
  /** acc = min(acc, x), NaN propagating */
  Min: 2,
  /** acc += exp(x - aux) (logsumexp's second pass; aux = per-output shift) */
  SumExpShifted: 3,
  /** acc += (x - aux)^2 (variance's second pass; aux = per-output mean) */
  SumSquaredDeviation: 4,
} as const;
/** One of the Fold constants. */
export type Fold = (typeof Fold)[keyof typeof Fold];

/**
 * Smallest float32 input (elements) whose Sum/Max/Min folds run on the WebAssembly SIMD kernels
 * (kernels/reduce-f32-simd.ts); smaller ones run the JS loops below, cheaper than a copy into the module's memory
 * and a call. Measured: see docs/benchmarks.md, third round: reductions.
 */
let simdMin = 512;

/**
 * Fewest elements per kernel call (the runs along the two innermost merged axes): below, the copy and call per block
 * cost more than the JS loop (sum over axis 1 of [10000, 2, 4], blocks of 8: 1.56 ms on the kernels against 0.35 ms
 * in JS; [256, 8, 8], blocks of 64: 49 against 53 µs; [2000, 16, 16], blocks of 256: 0.53 against 1.42 ms).
 */
const SIMD_MIN_BLOCK = 64;
let simdMinBlock = SIMD_MIN_BLOCK;

/**
 * Test and measurement hook: sets the smallest float32 input folded by the SIMD kernels (Infinity: never; default
 * 512) and the fewest elements per kernel call (default 64; tests lower it to reach the kernels with small shapes).
 */
export function setReduceSimdMin(n: number, minBlock = SIMD_MIN_BLOCK): void {
  simdMin = n;
  simdMinBlock = minBlock;
}

const SIMD_OPS: readonly SimdReduceOp[] = ['sum', 'max', 'min'];

/**
 * `acc[k] += Σ_r x[r·n + k]` for the `rows` rows of x (a float32 `[rows, n]` array; acc of length n, pre-filled)
 * on the SIMD kernels, each output adding its rows in order as the JS loop does (same bits). Returns false when
 * x is too small for them or they are unavailable: the caller runs its JS loop.
 */
export function sumRowsF32(x: Float32Array, rows: number, n: number, acc: Float64Array): boolean {
  return x.length >= simdMin && foldColsF32Simd('sum', x, 0, rows, n, acc, 0);
}

/**
 * How a contiguous array is reduced over a set of axes. x's axes are merged into alternating groups of
 * reduced and kept axes (size-1 axes dropped), so a reduction walks x once, in memory order, as `rows`
 * runs of `n` elements; each run either folds into one output (`innerReduced`) or into `n` consecutive
 * outputs. No transpose, no per-element index arithmetic beyond `k`.
 */
export class ReducePlan {
  /** Sorted, normalized reduced axes. */
  readonly axes: readonly number[];
  /** Output shape with reduced axes removed, or kept as 1 when keepdims. */
  readonly outShape: number[];
  /** Number of outputs. */
  readonly outSize: number;
  /** Number of x elements folded into each output. */
  readonly count: number;
  private readonly dims: number[];
  private readonly outStrides: number[];
  private readonly size: number;
  /** Elements per SIMD kernel call: the two innermost merged axes (see foldSimd). */
  private readonly block: number;

  /** Plans reducing an array of `shape` over the sorted, normalized `axes`. */
  constructor(shape: readonly number[], axes: readonly number[], keepdims: boolean) {
    this.axes = axes;
    const reduced = new Array<boolean>(shape.length).fill(false);
    for (const a of axes) reduced[a] = true;
    this.outShape = [];
    let count = 1;
    let size = 1;
    for (let i = 0; i < shape.length; i++) {
      const d = shape[i]!;
      size *= d;
      if (reduced[i]) {
        count *= d;
        if (keepdims) this.outShape.push(1);
      } else {
        this.outShape.push(d);
      }
    }
    this.count = count;
    this.size = size;
    this.outSize = size === 0 ? sizeOfShape(this.outShape) : size / count;
    // Merge runs of axes with the same role; a kept group's output stride is the product of the kept
    // groups after it, a reduced group's is 0.
    const dims: number[] = [];
    const isReduced: boolean[] = [];
    for (let i = 0; i < shape.length; i++) {
      const d = shape[i]!;
      if (d === 1) continue;
      const last = dims.length - 1;
      if (last >= 0 && isReduced[last] === reduced[i]) dims[last] = dims[last]! * d;
      else {
        dims.push(d);
        isReduced.push(reduced[i]!);
      }
    }
    if (dims.length === 0) {
      dims.push(1);
      isReduced.push(false);
    }
    const outStrides = new Array<number>(dims.length).fill(0);
    let step = 1;
    for (let i = dims.length - 1; i >= 0; i--) {
      if (!isReduced[i]) {
        outStrides[i] = step;
        step *= dims[i]!;
      }
    }
    this.dims = dims;
    this.outStrides = outStrides;
    this.block = dims.length >= 2 ? dims[dims.length - 2]! * dims[dims.length - 1]! : dims[0]!;
  }

  /** Throws ShapeError when some output would fold zero elements (max/min/argmax have no identity). */
  requireNonEmpty(op: string, shape: readonly number[]): void {
    if (this.count === 0 && this.outSize > 0) {
      throw new ShapeError(op, `cannot reduce over zero elements (no identity): axes [${this.axes.join(',')}] of ${formatShape(shape)}`, [
        shape,
      ]);
    }
  }

  /**
   * Folds x into `acc` (length outSize, pre-filled with the fold's identity). `aux` (length outSize) is
   * the per-output shift or mean for the two second-pass folds.
   */
  fold(x: TypedArray, fold: Fold, acc: Float64Array, aux?: Float64Array): void {
    if (this.size === 0) return;
    if (
      fold <= Fold.Min &&
      x instanceof Float32Array &&
      this.size >= simdMin &&
      this.block >= simdMinBlock &&
      this.foldSimd(x, SIMD_OPS[fold]!, acc)
    ) {
      return;
    }
    const { dims, outStrides } = this;
    const m = dims.length;
    const n = dims[m - 1]!;
    const rows = this.size / n;
    const innerReduced = outStrides[m - 1] === 0;
    const index = new Array<number>(m).fill(0);
    const shift = aux ?? acc;
    let o = 0;
    for (let r = 0, i = 0; r < rows; r++, i += n) {
      if (innerReduced) foldRunToOne(x, i, n, fold, acc, shift, o);
      else foldRunToMany(x, i, n, fold, acc, shift, o);
      for (let axis = m - 2; axis >= 0; axis--) {
        o += outStrides[axis]!;
        if (++index[axis]! < dims[axis]!) break;
        o -= outStrides[axis]! * dims[axis]!;
        index[axis] = 0;
      }
    }
  }

  /**
   * `fold` on the float32 SIMD kernels: the runs along the second-innermost merged axis (whose role is the
   * innermost's opposite) go to one kernel call — a run per consecutive output when the innermost axis is reduced,
   * all into the same n outputs when it is kept — and the outer axes step the output offset as `fold` does.
   * Returns false when the kernels are unavailable (nothing done: the first call fails or none does).
   */
  private foldSimd(x: Float32Array, op: SimdReduceOp, acc: Float64Array): boolean {
    const { dims, outStrides } = this;
    const m = dims.length;
    const n = dims[m - 1]!;
    const innerReduced = outStrides[m - 1] === 0;
    const batch = m >= 2 ? dims[m - 2]! : 1;
    const blocks = this.size / this.block;
    const index = new Array<number>(m).fill(0);
    let o = 0;
    for (let b = 0, i = 0; b < blocks; b++, i += this.block) {
      const ok = innerReduced ? foldRowsF32Simd(op, x, i, batch, n, acc, o) : foldColsF32Simd(op, x, i, batch, n, acc, o);
      if (!ok) return false;
      for (let axis = m - 3; axis >= 0; axis--) {
        o += outStrides[axis]!;
        if (++index[axis]! < dims[axis]!) break;
        o -= outStrides[axis]! * dims[axis]!;
        index[axis] = 0;
      }
    }
    return true;
  }
}

function sizeOfShape(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Folds x[i .. i+n) into acc[o]; a local float64 accumulator keeps the loop register-only. */
function foldRunToOne(x: TypedArray, i: number, n: number, fold: Fold, acc: Float64Array, aux: Float64Array, o: number): void {
  let s = acc[o]!;
  const end = i + n;
  switch (fold) {
    case Fold.Sum:
      for (let k = i; k < end; k++) s += x[k]!;
      break;
    case Fold.Max:
      for (let k = i; k < end; k++) s = Math.max(s, x[k]!);
      break;
    case Fold.Min:
      for (let k = i; k < end; k++) s = Math.min(s, x[k]!);
      break;
    case Fold.SumExpShifted: {
      const c = aux[o]!;
      for (let k = i; k < end; k++) s += Math.exp(x[k]! - c);
      break;
    }
    case Fold.SumSquaredDeviation: {
      const c = aux[o]!;
      for (let k = i; k < end; k++) {
        const d = x[k]! - c;
        s += d * d;
      }
      break;
    }
  }
  acc[o] = s;
}

/** Folds x[i + k] into acc[o + k] for k < n (the run lies along kept axes). */
function foldRunToMany(x: TypedArray, i: number, n: number, fold: Fold, acc: Float64Array, aux: Float64Array, o: number): void {
  switch (fold) {
    case Fold.Sum:
      for (let k = 0; k < n; k++) acc[o + k]! += x[i + k]!;
      break;
    case Fold.Max:
      for (let k = 0; k < n; k++) acc[o + k] = Math.max(acc[o + k]!, x[i + k]!);
      break;
    case Fold.Min:
      for (let k = 0; k < n; k++) acc[o + k] = Math.min(acc[o + k]!, x[i + k]!);
      break;
    case Fold.SumExpShifted:
      for (let k = 0; k < n; k++) acc[o + k]! += Math.exp(x[i + k]! - aux[o + k]!);
      break;
    case Fold.SumSquaredDeviation:
      for (let k = 0; k < n; k++) {
        const d = x[i + k]! - aux[o + k]!;
        acc[o + k]! += d * d;
      }
      break;
  }
}
