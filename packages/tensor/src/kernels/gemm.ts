import type { TypedArray } from '../dtype.ts';

/*
 * The one GEMM kernel behind `matmul`: C = A·B for strided A (m×k) and B (k×n), C contiguous m×n.
 *
 * Layout (the classic packed-panel scheme of GotoBLAS / BLIS, written from the published description):
 *   for each block of NC columns of B, for each KC-deep slice of k:
 *     pack B[slice, block] into NR-column panels (k-major inside a panel);
 *     for each block of MC rows of A: pack A[rows, slice] into MR-row panels, then run the
 *     4×4 micro-kernel over every (A panel, B panel) pair, adding into C after the first slice.
 * Packing reads each operand through its strides once, so transposed operands cost nothing extra in
 * the hot loop, and converts float32 to float64 once: the micro-kernel only sees Float64Array, which
 * keeps it monomorphic. Edge panels are zero-padded; stores write only the valid part of a tile.
 * Block sizes keep a micro-panel pair in L1 (2 × 4 × KC × 8 B = 16 KB) and the packed blocks in L2,
 * and bound the scratch memory whatever the matrix size.
 */

const MR = 4;
const NR = 4;
/** Depth of one k slice. */
const KC = 256;
/** Rows of A packed per block. */
const MC = 64;
/** Columns of B packed per block. */
const NC = 512;
/** Below this many multiply-adds the packing overhead outweighs the tiled kernel's gain. */
const SMALL_WORK = 4096;
/*
 * Packing buffers, allocated once at their largest size (MC·KC and KC·NC doubles: 128 KB + 1 MB) and
 * reused by every call; gemm never calls out while using them, so sharing them is safe.
 */
let scratchA: Float64Array | null = null;
let scratchB: Float64Array | null = null;

/**
 * General matrix multiply `C = A·B` reading A and B through arbitrary strides.
 *
 * `A[i,p] = a[aOff + i·aRs + p·aCs]`, `B[p,j] = b[bOff + p·bRs + j·bCs]`, and
 * `c[cOff + i·n + j] = Σ_p A[i,p]·B[p,j]` (overwritten, not accumulated). Transposed operands are just
 * swapped strides. Sums are accumulated in float64 whatever the storage dtype.
 *
 * This is the single entry point kernels replace (e.g. a WASM SIMD version later).
 *
 * @example
 * const c = new Float64Array(1);
 * gemm(1, 1, 2, new Float64Array([1, 2]), 0, 2, 1, new Float64Array([3, 4]), 0, 1, 1, c, 0);
 * c[0]; // 11
 */
export function gemm(
  m: number,
  n: number,
  k: number,
  a: TypedArray,
  aOff: number,
  aRs: number,
  aCs: number,
  b: TypedArray,
  bOff: number,
  bRs: number,
  bCs: number,
  c: TypedArray,
  cOff: number,
): void {
  if (m === 0 || n === 0) return;
  if (k === 0) {
    c.fill(0, cOff, cOff + m * n);
    return;
  }
  if (m < MR || n < NR || m * n * k < SMALL_WORK) {
    gemmSmall(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff);
    return;
  }
  scratchA ??= new Float64Array(MC * KC);
  scratchB ??= new Float64Array(KC * NC);
  const ap = scratchA;
  const bp = scratchB;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packB(kc, nc, b, bOff + pc * bRs + jc * bCs, bRs, bCs, bp);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        packA(mc, kc, a, aOff + ic * aRs + pc * aCs, aRs, aCs, ap);
        macroKernel(mc, nc, kc, ap, bp, c, cOff + ic * n + jc, n, pc > 0);
      }
    }
  }
}

/**
 * Plain loops for tiny or skinny products (matrix-vector, a few rows or columns), where packing would
 * cost as much as the arithmetic. Row-major B is walked row by row (axpy form, contiguous reads) into a
 * float64 row accumulator; otherwise each output is a strided dot product.
 */
function gemmSmall(
  m: number,
  n: number,
  k: number,
  a: TypedArray,
  aOff: number,
  aRs: number,
  aCs: number,
  b: TypedArray,
  bOff: number,
  bRs: number,
  bCs: number,
  c: TypedArray,
  cOff: number,
): void {
  if (bCs === 1 && n > 1) {
    // Reuse the B packing buffer as the row accumulator when it is big enough (it is idle here).
    scratchB ??= new Float64Array(KC * NC);
    const acc = n <= scratchB.length ? scratchB : new Float64Array(n);
    for (let i = 0; i < m; i++) {
      acc.fill(0, 0, n);
      let ia = aOff + i * aRs;
      let ib = bOff;
      for (let p = 0; p < k; p++, ia += aCs, ib += bRs) {
        const av = a[ia]!;
        for (let j = 0; j < n; j++) acc[j] = acc[j]! + av * b[ib + j]!;
      }
      const cRow = cOff + i * n;
      for (let j = 0; j < n; j++) c[cRow + j] = acc[j]!;
    }
    return;
  }
  for (let i = 0; i < m; i++) {
    const aRow = aOff + i * aRs;
    const cRow = cOff + i * n;
    for (let j = 0; j < n; j++) {
      let ia = aRow;
      let ib = bOff + j * bCs;
      let s = 0;
      for (let p = 0; p < k; p++, ia += aCs, ib += bRs) s += a[ia]! * b[ib]!;
      c[cRow + j] = s;
    }
  }
}

/** Packs an m×k block of A into zero-padded MR-row panels, k-major within a panel. */
function packA(m: number, k: number, a: TypedArray, aOff: number, aRs: number, aCs: number, ap: Float64Array): void {
  const panelSize = k * MR;
  for (let i0 = 0, panel = 0; i0 < m; i0 += MR, panel += panelSize) {
    const rows = Math.min(MR, m - i0);
    for (let r = 0; r < MR; r++) {
      let dst = panel + r;
      if (r >= rows) {
        for (let p = 0; p < k; p++, dst += MR) ap[dst] = 0;
        continue;
      }
      let src = aOff + (i0 + r) * aRs;
      for (let p = 0; p < k; p++, dst += MR, src += aCs) ap[dst] = a[src]!;
    }
  }
}

/** Packs a k×nc block of B into zero-padded NR-column panels, k-major within a panel. */
function packB(k: number, nc: number, b: TypedArray, bOff: number, bRs: number, bCs: number, bp: Float64Array): void {
  const panelSize = k * NR;
  for (let j0 = 0, panel = 0; j0 < nc; j0 += NR, panel += panelSize) {
    const cols = Math.min(NR, nc - j0);
    if (cols === NR && bCs === 1) {
      // Common case (row-major B): four neighbours per row, one strided walk down k.
      let src = bOff + j0;
      for (let p = 0, dst = panel; p < k; p++, dst += NR, src += bRs) {
        bp[dst] = b[src]!;
        bp[dst + 1] = b[src + 1]!;
        bp[dst + 2] = b[src + 2]!;
        bp[dst + 3] = b[src + 3]!;
      }
      continue;
    }
    for (let col = 0; col < NR; col++) {
      let dst = panel + col;
      if (col >= cols) {
        for (let p = 0; p < k; p++, dst += NR) bp[dst] = 0;
        continue;
      }
      let src = bOff + (j0 + col) * bCs;
      for (let p = 0; p < k; p++, dst += NR, src += bRs) bp[dst] = b[src]!;
    }
  }
}

/**
 * Runs the 4×4 micro-kernel over every (A panel, B panel) pair of one packed block; `accumulate` adds
 * into C (k slices after the first) instead of overwriting it.
 */
function macroKernel(
  m: number,
  nc: number,
  k: number,
  ap: Float64Array,
  bp: Float64Array,
  c: TypedArray,
  cOff: number,
  ldc: number,
  accumulate: boolean,
): void {
  const panelSize = k * 4;
  for (let i0 = 0; i0 < m; i0 += 4) {
    const aBase = (i0 >> 2) * panelSize;
    const rows = m - i0 < 4 ? m - i0 : 4;
    for (let j0 = 0; j0 < nc; j0 += 4) {
      const cols = nc - j0 < 4 ? nc - j0 : 4;
      let ia = aBase;
      let ib = (j0 >> 2) * panelSize;
      let c00 = 0,
        c01 = 0,
        c02 = 0,
        c03 = 0;
      let c10 = 0,
        c11 = 0,
        c12 = 0,
        c13 = 0;
      let c20 = 0,
        c21 = 0,
        c22 = 0,
        c23 = 0;
      let c30 = 0,
        c31 = 0,
        c32 = 0,
        c33 = 0;
      for (let p = 0; p < k; p++) {
        const a0 = ap[ia]!;
        const a1 = ap[ia + 1]!;
        const a2 = ap[ia + 2]!;
        const a3 = ap[ia + 3]!;
        const b0 = bp[ib]!;
        const b1 = bp[ib + 1]!;
        const b2 = bp[ib + 2]!;
        const b3 = bp[ib + 3]!;
        c00 += a0 * b0;
        c01 += a0 * b1;
        c02 += a0 * b2;
        c03 += a0 * b3;
        c10 += a1 * b0;
        c11 += a1 * b1;
        c12 += a1 * b2;
        c13 += a1 * b3;
        c20 += a2 * b0;
        c21 += a2 * b1;
        c22 += a2 * b2;
        c23 += a2 * b3;
        c30 += a3 * b0;
        c31 += a3 * b1;
        c32 += a3 * b2;
        c33 += a3 * b3;
        ia += 4;
        ib += 4;
      }
      const o = cOff + i0 * ldc + j0;
      if (rows === 4 && cols === 4 && !accumulate) {
        c[o] = c00;
        c[o + 1] = c01;
        c[o + 2] = c02;
        c[o + 3] = c03;
        const o1 = o + ldc;
        c[o1] = c10;
        c[o1 + 1] = c11;
        c[o1 + 2] = c12;
        c[o1 + 3] = c13;
        const o2 = o1 + ldc;
        c[o2] = c20;
        c[o2 + 1] = c21;
        c[o2 + 2] = c22;
        c[o2 + 3] = c23;
        const o3 = o2 + ldc;
        c[o3] = c30;
        c[o3 + 1] = c31;
        c[o3 + 2] = c32;
        c[o3 + 3] = c33;
      } else {
        storeRow(c, o, cols, accumulate, c00, c01, c02, c03);
        if (rows > 1) storeRow(c, o + ldc, cols, accumulate, c10, c11, c12, c13);
        if (rows > 2) storeRow(c, o + 2 * ldc, cols, accumulate, c20, c21, c22, c23);
        if (rows > 3) storeRow(c, o + 3 * ldc, cols, accumulate, c30, c31, c32, c33);
      }
    }
  }
}

/** Writes (or adds) the first `cols` values of one micro-tile row. */
function storeRow(c: TypedArray, o: number, cols: number, accumulate: boolean, v0: number, v1: number, v2: number, v3: number): void {
  if (accumulate) {
    c[o] = c[o]! + v0;
    if (cols > 1) c[o + 1] = c[o + 1]! + v1;
    if (cols > 2) c[o + 2] = c[o + 2]! + v2;
    if (cols > 3) c[o + 3] = c[o + 3]! + v3;
    return;
  }
  c[o] = v0;
  if (cols > 1) c[o + 1] = v1;
  if (cols > 2) c[o + 2] = v2;
  if (cols > 3) c[o + 3] = v3;
}
