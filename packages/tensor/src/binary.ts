import { RowWalker } from './broadcast-plan.ts';
import { type DType, type TypedArray, DEFAULT_DTYPE, allocate, resultDType } from './dtype.ts';
import { allocateUninitialized, allocateUninitializedF32 } from './uninitialized.ts';
import { ArgumentError, ShapeError, formatShape } from './errors.ts';
import { type SimdBinaryOp, binaryF32Simd, colF32Simd, rowF32Simd, scalarF32Simd } from './kernels/elementwise-f32-simd.ts';
import { NDArray, checkNDArray } from './ndarray.ts';
import { broadcastShapes, shapesEqual, sizeOf } from './shape.ts';

/** An operand of a binary op: an array, or a number that takes the other operand's dtype. */
export type Operand = NDArray | number;

/**
 * Computes `n` outputs `out[o + k] = f(a[ia + k*sa], b[ib + k*sb])`. One specialized kernel per op keeps
 * the per-element work free of calls; the unit-stride branch is the same-shape fast path.
 */
type RowKernel = (
  out: TypedArray,
  o: number,
  a: TypedArray,
  ia: number,
  sa: number,
  b: TypedArray,
  ib: number,
  sb: number,
  n: number,
) => void;

function scalarArray(value: number, dtype: DType): NDArray {
  const data = allocate(dtype, 1);
  data[0] = value;
  return new NDArray(data, []);
}

/** Turns an operand into an array; a number becomes a 0-d array of `dtype` (rounded to float32 if so). */
export function toOperandArray(op: string, x: Operand, dtype: DType, name: string): NDArray {
  if (x instanceof NDArray) return checkNDArray(op, name, x);
  if (typeof x === 'number') return scalarArray(x, dtype);
  throw new ArgumentError(op, `operand ${name} must be an NDArray or a number, got ${x === null ? 'null' : typeof x}`);
}

/** The dtype a number operand takes: the first array operand's, float32 when there is none. */
export function operandDType(...xs: Operand[]): DType {
  for (const x of xs) if (x instanceof NDArray) return x.dtype;
  return DEFAULT_DTYPE;
}

/**
 * Float32 results with at least this many elements (or broadcast rows this long) go to the WebAssembly
 * SIMD kernels; below it the call and the copies cost more than the JS loop.
 */
const SIMD_MIN = 256;

/**
 * How a smaller operand broadcasts against an output of shape `shape` when it is one of the SIMD cases:
 * 'row' = all 1s but a last axis equal to the output's (`[m, n] op [n]`), 'column' = the output's shape with a
 * last axis of 1 (`[m, n] op [m, 1]`), null = any other broadcast.
 */
function spreadOf(small: readonly number[], shape: readonly number[]): 'row' | 'column' | null {
  const rank = shape.length;
  const off = rank - small.length;
  if (rank < 2 || off < 0) return null;
  const last = small[small.length - 1];
  if (last === shape[rank - 1] && last !== 1) {
    for (let i = 0; i < small.length - 1; i++) if (small[i] !== 1) return null;
    return 'row';
  }
  if (last === 1 && off === 0) {
    for (let i = 0; i < rank - 1; i++) if (small[i] !== shape[i]) return null;
    return 'column';
  }
  return null;
}

/**
 * The SIMD paths of a float32 op: same shapes, a size-1 operand (a scalar), a row vector (`[m, n] op [n]`)
 * and a column (`[m, n] op [m, 1]`), on either side. Returns null when they do not apply (dtypes, sizes,
 * another broadcast, or no SIMD), so `binary` runs its row kernels.
 */
function simdBinary(op: SimdBinaryOp, x: NDArray, y: NDArray, shape: readonly number[], size: number): NDArray | null {
  const p = x.data;
  const q = y.data;
  if (size < SIMD_MIN || !(p instanceof Float32Array) || !(q instanceof Float32Array)) return null;
  // With one operand of the output's size, the other may be a row vector or a column, on either side.
  const bigFirst = p.length === size;
  const spread = bigFirst || q.length === size ? spreadOf((bigFirst ? y : x).shape, shape) : null;
  if (p.length !== size && q.length !== size) return null;
  if (p.length !== q.length && p.length !== 1 && q.length !== 1 && spread === null) return null;
  const out = allocateUninitializedF32(size);
  let done = false;
  if (p.length === size && q.length === size) done = binaryF32Simd(op, p, q, out);
  else if (q.length === 1 && p.length === size) done = scalarF32Simd(op, p, q[0]!, false, out);
  else if (p.length === 1 && q.length === size) done = scalarF32Simd(op, q, p[0]!, true, out);
  else if (spread === 'row') done = rowF32Simd(op, bigFirst ? p : q, bigFirst ? q : p, !bigFirst, out);
  else if (spread === 'column') done = colF32Simd(op, bigFirst ? p : q, bigFirst ? q : p, shape[shape.length - 1]!, !bigFirst, out);
  return done ? new NDArray(out, shape) : null;
}

function binary(op: string, a: Operand, b: Operand, row: RowKernel, simdOp?: SimdBinaryOp): NDArray {
  const dtype = operandDType(a, b);
  const x = toOperandArray(op, a, dtype, 'a');
  const y = toOperandArray(op, b, dtype, 'b');
  const outDType = resultDType(x.dtype, y.dtype);
  const equal = shapesEqual(x.shape, y.shape);
  if (simdOp !== undefined) {
    const shape = equal ? x.shape : broadcastShapes(op, x.shape, y.shape);
    const simd = simdBinary(simdOp, x, y, shape, sizeOf(shape));
    if (simd !== null) return simd;
  }
  if (equal) {
    const out = allocateUninitialized(outDType, x.size);
    row(out, 0, x.data, 0, 1, y.data, 0, 1, x.size);
    return new NDArray(out, x.shape);
  }
  const shape = broadcastShapes(op, x.shape, y.shape);
  const size = sizeOf(shape);
  // Every element is written below (one run, or walk.rows runs of n covering the output).
  const out = allocateUninitialized(outDType, size);
  if (size === 0) return new NDArray(out, shape);
  // A size-1 operand never changes the other's row-major order, so the whole output is one run.
  if (x.size === 1) {
    row(out, 0, x.data, 0, 0, y.data, 0, 1, size);
  } else if (y.size === 1) {
    row(out, 0, x.data, 0, 1, y.data, 0, 0, size);
  } else {
    const walk = new RowWalker(shape, [x.shape, y.shape]);
    const { n, step, offset } = walk;
    const sa = step[0]!;
    const sb = step[1]!;
    for (let r = 0, o = 0; r < walk.rows; r++, o += n) {
      row(out, o, x.data, offset[0]!, sa, y.data, offset[1]!, sb, n);
      walk.next();
    }
  }
  return new NDArray(out, shape);
}

const addRow: RowKernel = (out, o, a, ia, sa, b, ib, sb, n) => {
  if (sa === 1 && sb === 1) {
    for (let k = 0; k < n; k++) out[o + k] = a[ia + k]! + b[ib + k]!;
  } else {
    for (let k = 0; k < n; k++) out[o + k] = a[ia + k * sa]! + b[ib + k * sb]!;
  }
};

/**
 * Element-wise sum with broadcasting: out = a + b.
 * @example add(array([[1], [2]]), array([10, 20])).toArray(); // [[11, 21], [12, 22]]
 */
export function add(a: Operand, b: Operand): NDArray {
  return binary('add', a, b, addRow, 'add');
}

const subRow: RowKernel = (out, o, a, ia, sa, b, ib, sb, n) => {
  if (sa === 1 && sb === 1) {
    for (let k = 0; k < n; k++) out[o + k] = a[ia + k]! - b[ib + k]!;
  } else {
    for (let k = 0; k < n; k++) out[o + k] = a[ia + k * sa]! - b[ib + k * sb]!;
  }
};

/**
 * Element-wise difference with broadcasting: out = a - b.
 * @example sub(array([5, 7]), 2).toArray(); // [3, 5]
 */
export function sub(a: Operand, b: Operand): NDArray {
  return binary('sub', a, b, subRow, 'sub');
}

const mulRow: RowKernel = (out, o, a, ia, sa, b, ib, sb, n) => {
  if (sa === 1 && sb === 1) {
    for (let k = 0; k < n; k++) out[o + k] = a[ia + k]! * b[ib + k]!;
  } else {
    for (let k = 0; k < n; k++) out[o + k] = a[ia + k * sa]! * b[ib + k * sb]!;
  }
};

/**
 * Element-wise product with broadcasting: out = a * b.
 * @example mul(array([1, 2, 3]), array([2])).toArray(); // [2, 4, 6]
 */
export function mul(a: Operand, b: Operand): NDArray {
  return binary('mul', a, b, mulRow, 'mul');
}

const divRow: RowKernel = (out, o, a, ia, sa, b, ib, sb, n) => {
  if (sa === 1 && sb === 1) {
    for (let k = 0; k < n; k++) out[o + k] = a[ia + k]! / b[ib + k]!;
  } else {
    for (let k = 0; k < n; k++) out[o + k] = a[ia + k * sa]! / b[ib + k * sb]!;
  }
};

/**
 * Element-wise quotient with broadcasting: out = a / b (IEEE: x/0 = ±Infinity, 0/0 = NaN).
 * @example div(array([1, 3]), 2).toArray(); // [0.5, 1.5]
 */
export function div(a: Operand, b: Operand): NDArray {
  return binary('div', a, b, divRow, 'div');
}

const powRow: RowKernel = (out, o, a, ia, sa, b, ib, sb, n) => {
  if (sa === 1 && sb === 1) {
    for (let k = 0; k < n; k++) out[o + k] = a[ia + k]! ** b[ib + k]!;
  } else {
    for (let k = 0; k < n; k++) out[o + k] = a[ia + k * sa]! ** b[ib + k * sb]!;
  }
};

/**
 * Element-wise power with broadcasting: out = a ** b, with Math.pow semantics: pow(x, 0) = 1 even for
 * NaN x, a negative base with a non-integer exponent gives NaN, and (unlike C/NumPy) pow(1, ±Infinity) = NaN.
 * @example pow(array([2, 3]), 2).toArray(); // [4, 9]
 */
export function pow(a: Operand, b: Operand): NDArray {
  return binary('pow', a, b, powRow);
}

const maximumRow: RowKernel = (out, o, a, ia, sa, b, ib, sb, n) => {
  if (sa === 1 && sb === 1) {
    for (let k = 0; k < n; k++) out[o + k] = Math.max(a[ia + k]!, b[ib + k]!);
  } else {
    for (let k = 0; k < n; k++) out[o + k] = Math.max(a[ia + k * sa]!, b[ib + k * sb]!);
  }
};

/**
 * Element-wise maximum with broadcasting: out = max(a, b). NaN in either operand propagates (like NumPy `maximum`).
 * @example maximum(array([1, 5, NaN]), 3).toArray(); // [3, 5, NaN]
 */
export function maximum(a: Operand, b: Operand): NDArray {
  return binary('maximum', a, b, maximumRow);
}

const minimumRow: RowKernel = (out, o, a, ia, sa, b, ib, sb, n) => {
  if (sa === 1 && sb === 1) {
    for (let k = 0; k < n; k++) out[o + k] = Math.min(a[ia + k]!, b[ib + k]!);
  } else {
    for (let k = 0; k < n; k++) out[o + k] = Math.min(a[ia + k * sa]!, b[ib + k * sb]!);
  }
};

/**
 * Element-wise minimum with broadcasting: out = min(a, b). NaN in either operand propagates (like NumPy `minimum`).
 * @example minimum(array([1, 5, NaN]), 3).toArray(); // [1, 3, NaN]
 */
export function minimum(a: Operand, b: Operand): NDArray {
  return binary('minimum', a, b, minimumRow);
}

const equalRow: RowKernel = (out, o, a, ia, sa, b, ib, sb, n) => {
  if (sa === 1 && sb === 1) {
    for (let k = 0; k < n; k++) out[o + k] = a[ia + k]! === b[ib + k]! ? 1 : 0;
  } else {
    for (let k = 0; k < n; k++) out[o + k] = a[ia + k * sa]! === b[ib + k * sb]! ? 1 : 0;
  }
};

/**
 * Element-wise a == b as 1 or 0, with broadcasting (NaN equals nothing).
 * @example equal(array([1, 2]), 2).toArray(); // [0, 1]
 */
export function equal(a: Operand, b: Operand): NDArray {
  return binary('equal', a, b, equalRow);
}

const notEqualRow: RowKernel = (out, o, a, ia, sa, b, ib, sb, n) => {
  if (sa === 1 && sb === 1) {
    for (let k = 0; k < n; k++) out[o + k] = a[ia + k]! !== b[ib + k]! ? 1 : 0;
  } else {
    for (let k = 0; k < n; k++) out[o + k] = a[ia + k * sa]! !== b[ib + k * sb]! ? 1 : 0;
  }
};

/**
 * Element-wise a != b as 1 or 0, with broadcasting (NaN != anything is 1).
 * @example notEqual(array([1, 2]), 2).toArray(); // [1, 0]
 */
export function notEqual(a: Operand, b: Operand): NDArray {
  return binary('notEqual', a, b, notEqualRow);
}

const lessRow: RowKernel = (out, o, a, ia, sa, b, ib, sb, n) => {
  if (sa === 1 && sb === 1) {
    for (let k = 0; k < n; k++) out[o + k] = a[ia + k]! < b[ib + k]! ? 1 : 0;
  } else {
    for (let k = 0; k < n; k++) out[o + k] = a[ia + k * sa]! < b[ib + k * sb]! ? 1 : 0;
  }
};

/**
 * Element-wise a < b as 1 or 0, with broadcasting (0 when either is NaN).
 * @example less(array([1, 2, 3]), 2).toArray(); // [1, 0, 0]
 */
export function less(a: Operand, b: Operand): NDArray {
  return binary('less', a, b, lessRow);
}

const lessEqualRow: RowKernel = (out, o, a, ia, sa, b, ib, sb, n) => {
  if (sa === 1 && sb === 1) {
    for (let k = 0; k < n; k++) out[o + k] = a[ia + k]! <= b[ib + k]! ? 1 : 0;
  } else {
    for (let k = 0; k < n; k++) out[o + k] = a[ia + k * sa]! <= b[ib + k * sb]! ? 1 : 0;
  }
};

/**
 * Element-wise a <= b as 1 or 0, with broadcasting (0 when either is NaN).
 * @example lessEqual(array([1, 2, 3]), 2).toArray(); // [1, 1, 0]
 */
export function lessEqual(a: Operand, b: Operand): NDArray {
  return binary('lessEqual', a, b, lessEqualRow);
}

const greaterRow: RowKernel = (out, o, a, ia, sa, b, ib, sb, n) => {
  if (sa === 1 && sb === 1) {
    for (let k = 0; k < n; k++) out[o + k] = a[ia + k]! > b[ib + k]! ? 1 : 0;
  } else {
    for (let k = 0; k < n; k++) out[o + k] = a[ia + k * sa]! > b[ib + k * sb]! ? 1 : 0;
  }
};

/**
 * Element-wise a > b as 1 or 0, with broadcasting (0 when either is NaN).
 * @example greater(array([1, 2, 3]), 2).toArray(); // [0, 0, 1]
 */
export function greater(a: Operand, b: Operand): NDArray {
  return binary('greater', a, b, greaterRow);
}

const greaterEqualRow: RowKernel = (out, o, a, ia, sa, b, ib, sb, n) => {
  if (sa === 1 && sb === 1) {
    for (let k = 0; k < n; k++) out[o + k] = a[ia + k]! >= b[ib + k]! ? 1 : 0;
  } else {
    for (let k = 0; k < n; k++) out[o + k] = a[ia + k * sa]! >= b[ib + k * sb]! ? 1 : 0;
  }
};

/**
 * Element-wise a >= b as 1 or 0, with broadcasting (0 when either is NaN).
 * @example greaterEqual(array([1, 2, 3]), 2).toArray(); // [0, 1, 1]
 */
export function greaterEqual(a: Operand, b: Operand): NDArray {
  return binary('greaterEqual', a, b, greaterEqualRow);
}

/**
 * Picks element-wise from `a` where `cond` is non-zero and from `b` elsewhere: out = cond != 0 ? a : b,
 * broadcasting all three operands together (NaN in `cond` counts as non-zero, like NumPy's bool(nan)).
 * The result dtype is that of `a` and `b` (float64 if either is); `cond`'s dtype does not matter.
 * @example where(array([1, 0, 1]), array([1, 2, 3]), 0).toArray(); // [1, 0, 3]
 */
export function where(cond: Operand, a: Operand, b: Operand): NDArray {
  const dtype = operandDType(a, b, cond);
  const c = toOperandArray('where', cond, 'float64', 'cond');
  const x = toOperandArray('where', a, dtype, 'a');
  const y = toOperandArray('where', b, dtype, 'b');
  const outDType = resultDType(x.dtype, y.dtype);
  let shape: number[];
  try {
    shape = broadcastShapes('where', broadcastShapes('where', c.shape, x.shape), y.shape);
  } catch {
    throw new ShapeError(
      'where',
      `shapes cannot be broadcast: ${formatShape(c.shape)} and ${formatShape(x.shape)} and ${formatShape(y.shape)}`,
      [c.shape, x.shape, y.shape],
    );
  }
  const size = sizeOf(shape);
  const out = allocate(outDType, size);
  if (size === 0) return new NDArray(out, shape);
  const walk = new RowWalker(shape, [c.shape, x.shape, y.shape]);
  const { n, step, offset } = walk;
  const sc = step[0]!;
  const sa = step[1]!;
  const sb = step[2]!;
  const cd = c.data;
  const ad = x.data;
  const bd = y.data;
  for (let r = 0, o = 0; r < walk.rows; r++, o += n) {
    const ic = offset[0]!;
    const ia = offset[1]!;
    const ib = offset[2]!;
    for (let k = 0; k < n; k++) out[o + k] = cd[ic + k * sc]! !== 0 ? ad[ia + k * sa]! : bd[ib + k * sb]!;
    walk.next();
  }
  return new NDArray(out, shape);
}
