import type { TypedArray } from '../dtype.ts';

/*
 * The one GEMM kernel behind `matmul`: C = A·B for strided A (m×k) and B (k×n), C contiguous m×n.
 *
 * Layout (the classic packed-panel scheme):
 *   1. A is packed once into row panels of MR = 4 rows, k-major: `ap[panel*k*4 + p*4 + r]`.
 *   2. B is packed one column block of up to NC columns at a time into panels of NR = 4 columns,
 *      k-major: `bp[panel*k*4 + p*4 + c]`, so a block stays in L2 while every A panel streams past it.
 *   3. A 4×4 micro-kernel walks one A panel and one B panel with 16 local accumulators.
 * Packing reads each operand through its strides once, so transposed operands cost nothing extra in
 * the hot loop, and converts float32 to float64 once (the micro-kernel only ever sees Float64Array,
 * which keeps it monomorphic). Edge panels are zero-padded; the store writes only the valid part.
 */

const MR = 4;
const NR = 4;
/** Columns of B packed per block: NC × k doubles should sit in L2 (256 × 1024 × 8 B = 2 MB max here). */
const NC_TARGET_BYTES = 256 * 1024;
/** Below this many multiply-adds the packing overhead outweighs the tiled kernel's gain. */
const SMALL_WORK = 4096;
/** Scratch buffers up to this many doubles are kept between calls; larger ones are freed after use. */
const KEEP_SCRATCH = 1 << 18;

let scratchA = new Float64Array(0);
let scratchB = new Float64Array(0);

function scratch(which: 'a' | 'b', n: number): Float64Array {
  const cur = which === 'a' ? scratchA : scratchB;
  if (cur.length >= n) return cur;
  const buf = new Float64Array(n);
  if (n <= KEEP_SCRATCH) {
    if (which === 'a') scratchA = buf;
    else scratchB = buf;
  }
  return buf;
}

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
  const mPanels = Math.ceil(m / MR);
  const ap = scratch('a', mPanels * k * MR);
  packA(m, k, a, aOff, aRs, aCs, ap);
  let nc = Math.max(NR, Math.floor(NC_TARGET_BYTES / (8 * k * NR)) * NR);
  if (nc > n) nc = Math.ceil(n / NR) * NR;
  const bp = scratch('b', nc * k);
  for (let jc = 0; jc < n; jc += nc) {
    const ncCur = Math.min(nc, n - jc);
    packB(k, ncCur, b, bOff + jc * bCs, bRs, bCs, bp);
    macroKernel(m, ncCur, k, ap, bp, c, cOff + jc, n);
  }
}

/** Straight strided triple loop for tiny or skinny products (matrix-vector, a few rows). */
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
  for (let i = 0; i < m; i++) {
    const aRow = aOff + i * aRs;
    const cRow = cOff + i * n;
    for (let j = 0; j < n; j++) {
      let ia = aRow;
      let ib = bOff + j * bCs;
      let s = 0;
      for (let p = 0; p < k; p++) {
        s += a[ia]! * b[ib]!;
        ia += aCs;
        ib += bRs;
      }
      c[cRow + j] = s;
    }
  }
}

/** Packs all of A into zero-padded MR-row panels, k-major within a panel. */
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

/** Packs `nc` columns of B into zero-padded NR-column panels, k-major within a panel. */
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

/** Runs the 4×4 micro-kernel over every (A panel, B panel) pair of one packed B block. */
function macroKernel(m: number, nc: number, k: number, ap: Float64Array, bp: Float64Array, c: TypedArray, cOff: number, ldc: number): void {
  const panelSize = k * 4;
  for (let i0 = 0; i0 < m; i0 += 4) {
    const aBase = (i0 >> 2) * panelSize;
    const rows = m - i0 < 4 ? m - i0 : 4;
    for (let j0 = 0; j0 < nc; j0 += 4) {
      const cols = nc - j0 < 4 ? nc - j0 : 4;
      let ia = aBase;
      let ib = (j0 >> 2) * panelSize;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let p = 0; p < k; p++) {
        const a0 = ap[ia]!;
        const a1 = ap[ia + 1]!;
        const a2 = ap[ia + 2]!;
        const a3 = ap[ia + 3]!;
        const b0 = bp[ib]!;
        const b1 = bp[ib + 1]!;
        const b2 = bp[ib + 2]!;
        const b3 = bp[ib + 3]!;
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        ia += 4;
        ib += 4;
      }
      let o = cOff + i0 * ldc + j0;
      if (rows === 4 && cols === 4) {
        c[o] = c00; c[o + 1] = c01; c[o + 2] = c02; c[o + 3] = c03; o += ldc;
        c[o] = c10; c[o + 1] = c11; c[o + 2] = c12; c[o + 3] = c13; o += ldc;
        c[o] = c20; c[o + 1] = c21; c[o + 2] = c22; c[o + 3] = c23; o += ldc;
        c[o] = c30; c[o + 1] = c31; c[o + 2] = c32; c[o + 3] = c33;
      } else {
        storeEdge(c, o, ldc, rows, cols, c00, c01, c02, c03, 0);
        if (rows > 1) storeEdge(c, o + ldc, ldc, rows, cols, c10, c11, c12, c13, 1);
        if (rows > 2) storeEdge(c, o + 2 * ldc, ldc, rows, cols, c20, c21, c22, c23, 2);
        if (rows > 3) storeEdge(c, o + 3 * ldc, ldc, rows, cols, c30, c31, c32, c33, 3);
      }
    }
  }
}

/** Writes the first `cols` values of one micro-tile row (edge tiles only). */
function storeEdge(c: TypedArray, o: number, _ldc: number, _rows: number, cols: number, v0: number, v1: number, v2: number, v3: number, _r: number): void {
  c[o] = v0;
  if (cols > 1) c[o + 1] = v1;
  if (cols > 2) c[o + 2] = v2;
  if (cols > 3) c[o + 3] = v3;
}
