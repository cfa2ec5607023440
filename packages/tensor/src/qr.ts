import { allocate } from './dtype.ts';
import { ShapeError, formatShape } from './errors.ts';
import { gemm } from './kernels/gemm.ts';
import { NDArray, checkNDArray } from './ndarray.ts';

/** Panel width of the blocked factorization. */
const NB = 32;

/** The factors returned by `qr`. */
export interface QRResult {
  /** m×k with orthonormal columns (`qᵀq = I`), k = min(m, n). */
  q: NDArray;
  /** k×n upper triangular. */
  r: NDArray;
}

/** ‖x‖₂ of `len` values starting at `off` with `stride`, scaled by the largest magnitude so it cannot overflow. */
function norm2(x: Float64Array, off: number, stride: number, len: number): number {
  let scale = 0;
  for (let i = 0, o = off; i < len; i++, o += stride) {
    const v = Math.abs(x[o]!);
    if (v > scale) scale = v;
  }
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let s = 0;
  for (let i = 0, o = off; i < len; i++, o += stride) {
    const v = x[o]! / scale;
    s += v * v;
  }
  return scale * Math.sqrt(s);
}

/**
 * Reduced QR decomposition `a = q·r` of a 2-D m×n array by Householder reflections.
 *
 * Step j reflects column j from the diagonal down, x, onto `α·e₁` with `H = I − 2vvᵀ`, `v ∝ x − α·e₁`,
 * `α = −sign(x₀)·‖x‖` (the sign that avoids cancellation, as LAPACK does), so `r`'s diagonal may be
 * negative. A column already zero below the diagonal gets no reflection (H = I), so rank-deficient
 * input gives (near-)zeros on `r`'s diagonal and still an orthonormal `q`, never NaN.
 * Computed in float64, blocked in panels of 32 columns (LAPACK's geqrf scheme) so the bulk of the
 * work runs through the matmul kernel; outputs have `a`'s dtype.
 *
 * @example
 * const { q, r } = qr(array([[3, 1], [4, 2]], { dtype: 'float64' }));
 * r.toArray(); // ≈ [[-5, -2.2], [0, 0.4]]
 * matmul(q, r).toArray(); // ≈ [[3, 1], [4, 2]]
 */
export function qr(a: NDArray): QRResult {
  checkNDArray('qr', 'a', a);
  if (a.rank !== 2) {
    throw new ShapeError('qr', `expected a 2-D array, got shape ${formatShape(a.shape)}`, [a.shape]);
  }
  const m = a.shape[0]!;
  const n = a.shape[1]!;
  const k = Math.min(m, n);
  const r = Float64Array.from(a.data); // m×n working copy, becomes R in its top k rows
  // Reflector j is v_j = vs[j*m .. j*m + m) (zero above row j), H_j = I − τ_j·v_j·v_jᵀ with τ_j = 2 for a
  // unit v_j and τ_j = 0 where no reflection was needed.
  const vs = new Float64Array(m * k);
  const tau = new Float64Array(k);
  const w = new Float64Array(n);
  // Scratch for the blocked updates: T (NB×NB), Vᵀ·C and T·(Vᵀ·C) (NB×cols), V·(…) (rows×cols).
  const t = new Float64Array(NB * NB);
  const wa = new Float64Array(NB * Math.max(n, k));
  const wb = new Float64Array(NB * Math.max(n, k));
  const tmp = new Float64Array(m * Math.max(n, k));

  // Blocked Householder (LAPACK's geqrf / larft / larfb scheme): factor a panel of NB columns one
  // reflector at a time, then apply the whole panel to the trailing columns at once as
  // I − V·T·Vᵀ, so the big update runs through gemm instead of NB passes over memory.
  for (let j0 = 0; j0 < k; j0 += NB) {
    const jb = Math.min(NB, k - j0);
    for (let j = j0; j < j0 + jb; j++) {
      const len = m - j;
      const tail = norm2(r, (j + 1) * n + j, n, len - 1);
      if (tail === 0) continue; // nothing below the diagonal to eliminate: H = I (as LAPACK's dlarfg)
      const x0 = r[j * n + j]!;
      const norm = Math.hypot(x0, tail);
      const alpha = x0 >= 0 ? -norm : norm;
      // v = x − α·e₁, normalized. NOTE: ‖v‖ is computed from v itself rather than from the identity
      // ‖v‖² = 2‖x‖(‖x‖ + |x₀|), for accuracy.
      const vOff = j * m;
      for (let i = 1; i < len; i++) vs[vOff + j + i] = r[(j + i) * n + j]!;
      vs[vOff + j] = x0 - alpha;
      const vNorm = norm2(vs, vOff + j, 1, len);
      if (vNorm === 0 || !Number.isFinite(vNorm)) {
        vs.fill(0, vOff + j, vOff + m);
        continue;
      }
      for (let i = 0; i < len; i++) vs[vOff + j + i] = vs[vOff + j + i]! / vNorm;
      tau[j] = 2;
      applyReflector(r, n, vs, vOff, j, m, j + 1, j0 + jb, w); // the rest of the panel only
      r[j * n + j] = alpha;
      for (let i = j + 1; i < m; i++) r[i * n + j] = 0;
    }
    const c0 = j0 + jb;
    if (c0 < n) {
      buildT(vs, tau, m, j0, jb, t);
      // C ← (H_{j0}…H_{j0+jb−1})ᵀ·C = C − V·(Tᵀ·(Vᵀ·C)) for C = r[j0.., c0..].
      applyBlock(r, n, j0, c0, n - c0, m, vs, j0, jb, t, true, wa, wb, tmp);
    }
  }

  // q = H₀·H₁·…·H_{k−1}·I[:, :k], built right to left panel by panel: Q_sub ← (I − V·T·Vᵀ)·Q_sub.
  // Columns before a panel's first are still unit vectors that its reflectors do not touch.
  const q = new Float64Array(m * k);
  for (let i = 0; i < k; i++) q[i * k + i] = 1;
  for (let j0 = Math.floor((k - 1) / NB) * NB; j0 >= 0; j0 -= NB) {
    const jb = Math.min(NB, k - j0);
    buildT(vs, tau, m, j0, jb, t);
    applyBlock(q, k, j0, j0, k - j0, m, vs, j0, jb, t, false, wa, wb, tmp);
  }

  const qOut = allocate(a.dtype, m * k);
  qOut.set(q);
  const rOut = allocate(a.dtype, k * n);
  rOut.set(r.subarray(0, k * n));
  return { q: new NDArray(qOut, [m, k]), r: new NDArray(rOut, [k, n]) };
}

/**
 * In place `X[rows, cols] −= 2·v·(vᵀ·X[rows, cols])` on row-major X with `ld` columns, rows j0..m−1
 * and columns c0..c1−1, v = vs[vOff + j0 ..]. Row-wise so every access is contiguous.
 */
function applyReflector(
  x: Float64Array,
  ld: number,
  vs: Float64Array,
  vOff: number,
  j0: number,
  m: number,
  c0: number,
  c1: number,
  w: Float64Array,
): void {
  if (c0 >= c1) return;
  w.fill(0, c0, c1);
  for (let i = j0; i < m; i++) {
    const vi = vs[vOff + i]!;
    if (vi === 0) continue;
    const row = i * ld;
    for (let c = c0; c < c1; c++) w[c] = w[c]! + vi * x[row + c]!;
  }
  for (let i = j0; i < m; i++) {
    const vi2 = 2 * vs[vOff + i]!;
    if (vi2 === 0) continue;
    const row = i * ld;
    for (let c = c0; c < c1; c++) x[row + c] = x[row + c]! - vi2 * w[c]!;
  }
}

/**
 * The triangular factor T of a panel (LAPACK's larft, forward, column-wise): for reflectors
 * j0..j0+jb−1, H_{j0}·…·H_{j0+jb−1} = I − V·T·Vᵀ with T upper triangular, built column by column as
 * T[i,i] = τ_i, T[0:i, i] = −τ_i · T[0:i, 0:i] · (V[:, 0:i]ᵀ·v_i). Stored row-major jb×jb in `t`.
 */
function buildT(vs: Float64Array, tau: Float64Array, m: number, j0: number, jb: number, t: Float64Array): void {
  t.fill(0, 0, jb * jb);
  for (let i = 0; i < jb; i++) {
    const ti = tau[j0 + i]!;
    t[i * jb + i] = ti;
    if (ti === 0) continue;
    const vi = (j0 + i) * m;
    // z_b = v_bᵀ·v_i over rows where v_i is non-zero (from row j0+i); stored in column i above the diagonal.
    for (let b = 0; b < i; b++) {
      const vb = (j0 + b) * m;
      let z = 0;
      for (let row = j0 + i; row < m; row++) z += vs[vb + row]! * vs[vi + row]!;
      t[b * jb + i] = z;
    }
    // T[0:i, i] = −τ_i · T[0:i, 0:i] · z, top row first so each z_b is read before it is overwritten.
    for (let a = 0; a < i; a++) {
      let s = 0;
      for (let b = a; b < i; b++) s += t[a * jb + b]! * t[b * jb + i]!;
      t[a * jb + i] = -ti * s;
    }
  }
}

/**
 * Applies a panel of reflectors to X[r0.., c0..c0+nc) (row-major, `ld` columns), rows r0..m−1:
 * `X ← X − V·(Tᵀ·(Vᵀ·X))` when `transposed` (that is (I − V·T·Vᵀ)ᵀ·X), else `X − V·(T·(Vᵀ·X))`.
 * V's columns are reflectors j0..j0+jb−1 restricted to rows r0..m−1 (zero above their own rows).
 */
function applyBlock(
  x: Float64Array,
  ld: number,
  r0: number,
  c0: number,
  nc: number,
  m: number,
  vs: Float64Array,
  j0: number,
  jb: number,
  t: Float64Array,
  transposed: boolean,
  wa: Float64Array,
  wb: Float64Array,
  tmp: Float64Array,
): void {
  const rows = m - r0;
  if (rows <= 0 || nc <= 0) return;
  const vOff = j0 * m + r0; // V[i, c] = vs[vOff + c·m + i] for row i of the block
  gemm(jb, nc, rows, vs, vOff, m, 1, x, r0 * ld + c0, ld, 1, wa, 0); // wa = Vᵀ·X
  // wb = Tᵀ·wa or T·wa
  gemm(jb, nc, jb, t, 0, transposed ? 1 : jb, transposed ? jb : 1, wa, 0, nc, 1, wb, 0);
  gemm(rows, nc, jb, vs, vOff, 1, m, wb, 0, nc, 1, tmp, 0); // tmp = V·wb
  for (let i = 0; i < rows; i++) {
    const xRow = (r0 + i) * ld + c0;
    const tRow = i * nc;
    for (let c = 0; c < nc; c++) x[xRow + c] = x[xRow + c]! - tmp[tRow + c]!;
  }
}
