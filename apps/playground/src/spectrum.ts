/**
 * Singular values of a square matrix J from the eigenvalues of the symmetric J·Jᵀ: Householder
 * reduction to tridiagonal form, then the implicit QL iteration with Wilkinson shifts (eigenvalues
 * only, O(n³) once and O(n²) after). Squaring means singular values below ~1e-8·σ_max are rounding
 * noise; they are reported as 0 — on the log axis of the page they fall off the chart, which is the
 * honest picture of a Jacobian that has lost those directions.
 */

/** Eigenvalues of a symmetric n×n matrix (row-major, overwritten), in no particular order. */
export function symmetricEigenvalues(a: Float64Array, n: number): Float64Array {
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  // Householder: zero row i left of the sub-diagonal, for i = n−1 … 1 (the matrix shrinks from the bottom).
  for (let i = n - 1; i > 0; i--) {
    const l = i - 1;
    let scale = 0;
    for (let k = 0; k <= l; k++) scale += Math.abs(a[i * n + k]!);
    if (l === 0 || scale === 0) {
      e[i] = a[i * n + l]!;
      d[i] = 0;
      continue;
    }
    let h = 0;
    for (let k = 0; k <= l; k++) {
      const v = a[i * n + k]! / scale;
      a[i * n + k] = v;
      h += v * v;
    }
    const f = a[i * n + l]!;
    const g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
    e[i] = scale * g;
    h -= f * g;
    a[i * n + l] = f - g;
    // p = A·u/h, then K = uᵀp/(2h), q = p − K·u, A ← A − u·qᵀ − q·uᵀ on the leading (l+1)×(l+1) block.
    let ff = 0;
    for (let j = 0; j <= l; j++) {
      let gg = 0;
      for (let k = 0; k <= j; k++) gg += a[j * n + k]! * a[i * n + k]!;
      for (let k = j + 1; k <= l; k++) gg += a[k * n + j]! * a[i * n + k]!;
      e[j] = gg / h;
      ff += e[j]! * a[i * n + j]!;
    }
    const hh = ff / (h + h);
    for (let j = 0; j <= l; j++) {
      const fj = a[i * n + j]!;
      const gj = e[j]! - hh * fj;
      e[j] = gj;
      for (let k = 0; k <= j; k++) a[j * n + k] = a[j * n + k]! - (fj * e[k]! + gj * a[i * n + k]!);
    }
    d[i] = h;
  }
  for (let i = 0; i < n; i++) d[i] = a[i * n + i]!;
  // Sub-diagonal in e[1..n−1] → shift down so e[i] couples d[i] and d[i+1].
  for (let i = 1; i < n; i++) e[i - 1] = e[i]!;
  e[n - 1] = 0;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    for (;;) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]!) + Math.abs(d[m + 1]!);
        if (Math.abs(e[m]!) <= Number.EPSILON * dd) break;
      }
      if (m === l) break;
      if (++iter > 60) break; // does not happen for symmetric input; guards against NaN input.
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
      let r = Math.hypot(g, 1);
      g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      for (; i >= l; i--) {
        let f = s * e[i]!;
        const b = c * e[i]!;
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1] = d[i + 1]! - p;
          e[m] = 0;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1]! - p;
        r = (d[i]! - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        f = 0;
      }
      if (r === 0 && i >= l) continue;
      d[l] = d[l]! - p;
      e[l] = g;
      e[m] = 0;
    }
  }
  return d;
}

/**
 * Singular values of a square n×n matrix (row-major), largest first: √eig(J·Jᵀ), with eigenvalues
 * below rounding level clamped to 0.
 *
 * @example
 * singularValues(Float64Array.from([3, 0, 0, 2]), 2); // [3, 2]
 */
export function singularValues(j: ArrayLike<number>, n: number): Float64Array {
  const g = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c <= r; c++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += j[r * n + k]! * j[c * n + k]!;
      g[r * n + c] = s;
      g[c * n + r] = s;
    }
  }
  const ev = symmetricEigenvalues(g, n);
  let max = 0;
  for (let i = 0; i < n; i++) max = Math.max(max, Math.abs(ev[i]!));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = ev[i]! > max * 1e-15 ? Math.sqrt(ev[i]!) : 0;
  return out.sort().reverse();
}
