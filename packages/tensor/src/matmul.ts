import { resultDType } from './dtype.ts';
import { allocateUninitialized } from './uninitialized.ts';
import { ShapeError, formatShape } from './errors.ts';
import { selectGemm } from './kernels/select-gemm.ts';
import { checkOptions, is } from './check-options.ts';
import { NDArray, checkNDArray } from './ndarray.ts';
import { sizeOf } from './shape.ts';

/** Options of `matmul`. */
export interface MatmulOptions {
  /** Use the transpose of `a`'s last two dims (ignored for a 1-D `a`; no copy is made). Default false. */
  transposeA?: boolean;
  /** Use the transpose of `b`'s last two dims (ignored for a 1-D `b`; no copy is made). Default false. */
  transposeB?: boolean;
}

function operandText(shape: readonly number[], transposed: boolean, flag: string): string {
  return transposed ? `${formatShape(shape)} (${flag})` : formatShape(shape);
}

/**
 * Matrix product with NumPy `matmul` semantics: `C[..., i, j] = Σ_p A[..., i, p] · B[..., p, j]`.
 *
 * - 1-D · 1-D → scalar (shape `[]`); a 1-D `a` acts as a row `[1,k]`, a 1-D `b` as a column `[k,1]`,
 *   and the added dim is dropped from the result.
 * - N-D operands are stacks of matrices in the last two dims; the leading (batch) dims broadcast.
 * - `transposeA` / `transposeB` use `xᵀ` of the last two dims without copying (the kernel reads
 *   through swapped strides), so `x·Wᵀ` is `matmul(x, w, { transposeB: true })`.
 *
 * Result dtype is float64 if either operand is float64, else float32. float64 products accumulate in
 * float64 (JS kernel); float32 × float32 runs on the WebAssembly SIMD kernel with float32 accumulation
 * where the engine has SIMD (see `selectGemm`), like BLAS sgemm.
 * Throws ShapeError for 0-D operands, differing inner dims or batch dims that do not broadcast.
 *
 * @example
 * matmul(array([[1, 2], [3, 4]]), array([[5], [6]])).toArray(); // [[17], [39]]
 * matmul(array([1, 2]), array([3, 4])).toArray();               // 11
 * matmul(array([[1, 2]]), array([[3, 4]]), { transposeB: true }).toArray(); // [[11]]
 */
export function matmul(a: NDArray, b: NDArray, options: MatmulOptions = {}): NDArray {
  checkNDArray('matmul', 'a', a);
  checkNDArray('matmul', 'b', b);
  checkOptions('matmul', options, { transposeA: is.boolean, transposeB: is.boolean });
  const transA = (options.transposeA ?? false) && a.rank >= 2;
  const transB = (options.transposeB ?? false) && b.rank >= 2;
  if (a.rank === 0 || b.rank === 0) {
    throw new ShapeError('matmul', `scalar operands are not allowed, use mul: ${formatShape(a.shape)} @ ${formatShape(b.shape)}`, [
      a.shape,
      b.shape,
    ]);
  }

  // Logical matrix dims and element strides of one matrix of each stack.
  const ar = a.rank;
  const br = b.rank;
  const aRows = ar === 1 ? 1 : a.shape[ar - 2]!;
  const aCols = a.shape[ar - 1]!;
  const bRows = br === 1 ? b.shape[0]! : b.shape[br - 2]!;
  const bCols = br === 1 ? 1 : b.shape[br - 1]!;
  const m = transA ? aCols : aRows;
  const k = transA ? aRows : aCols;
  const kb = transB ? bCols : bRows;
  const n = transB ? bRows : bCols;
  if (k !== kb) {
    throw new ShapeError(
      'matmul',
      `inner dimensions differ: ${operandText(a.shape, transA, 'transposeA')} @ ${operandText(b.shape, transB, 'transposeB')}`,
      [a.shape, b.shape],
    );
  }
  const aRs = transA ? 1 : aCols;
  const aCs = transA ? aCols : 1;
  const bRs = transB ? 1 : bCols;
  const bCs = transB ? bCols : 1;

  // Batch dims broadcast like element-wise shapes.
  const aBatch = a.shape.slice(0, Math.max(0, ar - 2));
  const bBatch = b.shape.slice(0, Math.max(0, br - 2));
  const rank = Math.max(aBatch.length, bBatch.length);
  const batch = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = aBatch[aBatch.length - rank + i] ?? 1;
    const db = bBatch[bBatch.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError('matmul', `batch dimensions cannot be broadcast: ${formatShape(a.shape)} @ ${formatShape(b.shape)}`, [
        a.shape,
        b.shape,
      ]);
    }
    batch[i] = da === 1 ? db : da;
  }

  const outShape = [...batch];
  if (ar >= 2) outShape.push(m);
  if (br >= 2) outShape.push(n);
  // Every element is written below (the GEMM overwrites C; an empty product is zero-filled by it).
  const out = allocateUninitialized(resultDType(a.dtype, b.dtype), sizeOf(outShape));
  const batchSize = sizeOf(batch);
  if (batchSize === 0 || m === 0 || n === 0) return new NDArray(out, outShape);

  const aMat = aRows * aCols;
  const bMat = bRows * bCols;
  const cMat = m * n;
  const gemm = selectGemm(a.dtype, b.dtype, m, n, k);
  const aBatchSize = sizeOf(aBatch);
  const bBatchSize = sizeOf(bBatch);

  // A stack of row-major A times one shared B is a single tall product: fold the batch into the rows.
  if (bBatchSize === 1 && !transA && aBatchSize === batchSize) {
    gemm(batchSize * m, n, k, a.data, 0, aRs, aCs, b.data, 0, bRs, bCs, out, 0);
    return new NDArray(out, outShape);
  }

  // Element strides of each batch axis into a and b (0 where the operand is broadcast).
  const aStr = new Array<number>(rank).fill(0);
  const bStr = new Array<number>(rank).fill(0);
  for (let i = rank - 1, sa = aMat, sb = bMat; i >= 0; i--) {
    const da = aBatch[aBatch.length - rank + i];
    const db = bBatch[bBatch.length - rank + i];
    if (da !== undefined) {
      if (da !== 1) aStr[i] = sa;
      sa *= da;
    }
    if (db !== undefined) {
      if (db !== 1) bStr[i] = sb;
      sb *= db;
    }
  }
  const idx = new Array<number>(rank).fill(0);
  let aOff = 0;
  let bOff = 0;
  for (let t = 0; t < batchSize; t++) {
    gemm(m, n, k, a.data, aOff, aRs, aCs, b.data, bOff, bRs, bCs, out, t * cMat);
    // Odometer step over the batch index, keeping the operand offsets in sync.
    for (let ax = rank - 1; ax >= 0; ax--) {
      idx[ax]!++;
      aOff += aStr[ax]!;
      bOff += bStr[ax]!;
      if (idx[ax]! < batch[ax]!) break;
      aOff -= aStr[ax]! * batch[ax]!;
      bOff -= bStr[ax]! * batch[ax]!;
      idx[ax] = 0;
    }
  }
  return new NDArray(out, outShape);
}
