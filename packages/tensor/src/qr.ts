import { allocate } from './dtype.ts';
import { ShapeError, formatShape } from './errors.ts';
import { NDArray } from './ndarray.ts';

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
 * Computed in float64; outputs have `a`'s dtype.
 *
 * @example
 * const { q, r } = qr(array([[3, 1], [4, 2]], { dtype: 'float64' }));
 * r.toArray(); // ≈ [[-5, -2.2], [0, 0.4]]
 * matmul(q, r).toArray(); // ≈ [[3, 1], [4, 2]]
 */
export function qr(a: NDArray): QRResult {
  if (a.rank !== 2) {
    throw new ShapeError('qr', `expected a 2-D array, got shape ${formatShape(a.shape)}`, [a.shape]);
  }
  const m = a.shape[0]!;
  const n = a.shape[1]!;
  const k = Math.min(m, n);
  const r = Float64Array.from(a.data); // m×n working copy, becomes R in its top k rows
  const vs = new Float64Array(m * k); // reflector j stored in vs[j*m + j .. j*m + m)
  const used = new Uint8Array(k);
  const w = new Float64Array(n);

  for (let j = 0; j < k; j++) {
    const len = m - j;
    const tail = norm2(r, (j + 1) * n + j, n, len - 1);
    if (tail === 0) continue; // nothing below the diagonal to eliminate: H = I (as LAPACK's dlarfg)
    const x0 = r[j * n + j]!;
    const norm = Math.hypot(x0, tail);
    const alpha = x0 >= 0 ? -norm : norm;
    // v = x − α·e₁, normalized. NOTE: ‖v‖ computed from v itself (not the identity ‖v‖² = 2‖x‖(‖x‖+|x₀|)) for accuracy.
    const vOff = j * m;
    for (let i = 0; i < len; i++) vs[vOff + j + i] = r[(j + i) * n + j]!;
    vs[vOff + j] = x0 - alpha;
    const vNorm = norm2(vs, vOff + j, 1, len);
    if (vNorm === 0 || !Number.isFinite(vNorm)) continue;
    for (let i = 0; i < len; i++) vs[vOff + j + i] = vs[vOff + j + i]! / vNorm;
    used[j] = 1;
    applyReflector(r, n, vs, vOff, j, m, j + 1, n, w);
    r[j * n + j] = alpha;
    for (let i = j + 1; i < m; i++) r[i * n + j] = 0;
  }

  // q = H₀·H₁·…·H_{k−1}·I[:, :k], built right to left so each H_j touches rows j.. only.
  const q = new Float64Array(m * k);
  for (let i = 0; i < k; i++) q[i * k + i] = 1;
  const wq = new Float64Array(k);
  for (let j = k - 1; j >= 0; j--) {
    if (used[j] === 1) applyReflector(q, k, vs, j * m, j, m, j, k, wq);
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
function applyReflector(x: Float64Array, ld: number, vs: Float64Array, vOff: number, j0: number, m: number, c0: number, c1: number, w: Float64Array): void {
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
