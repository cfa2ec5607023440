import { fc, test } from '@fast-check/vitest';
import { orthogonal } from '@seedling-ml/nn';
import { Rng } from '@seedling-ml/tensor';
import { describe, expect, it } from 'vitest';
import { singularValues, symmetricEigenvalues } from '../src/spectrum.ts';

describe('symmetricEigenvalues', () => {
  test.prop([fc.integer({ min: 1, max: 24 }), fc.integer({ min: 0, max: 1e6 })])('power sums equal tr(A), tr(A²), tr(A³)', (n, seed) => {
    const r = new Rng(seed).normal([n * n], 0, 1, { dtype: 'float64' }).data;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = r[i * n + j]!;
    let t1 = 0;
    let t2 = 0;
    let t3 = 0;
    for (let i = 0; i < n; i++) {
      t1 += a[i * n + i]!;
      for (let j = 0; j < n; j++) {
        t2 += a[i * n + j]! ** 2;
        for (let k = 0; k < n; k++) t3 += a[i * n + j]! * a[j * n + k]! * a[k * n + i]!;
      }
    }
    const ev = symmetricEigenvalues(a.slice(), n);
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (const v of ev) {
      s1 += v;
      s2 += v * v;
      s3 += v ** 3;
    }
    const scale = Math.max(1, t2);
    expect(Math.abs(s1 - t1)).toBeLessThan(1e-9 * scale);
    expect(Math.abs(s2 - t2)).toBeLessThan(1e-9 * scale);
    expect(Math.abs(s3 - t3)).toBeLessThan(1e-9 * scale ** 1.5);
  });
});

describe('singularValues', () => {
  it('of a diagonal matrix are its |entries|, sorted', () => {
    expect(Array.from(singularValues([0, 0, 0, 0, -5, 0, 0, 0, 2], 3))).toEqual([5, 2, 0]);
  });
  it('of [[1, 2], [3, 4]] are √(15 ± √221)', () => {
    const sv = singularValues([1, 2, 3, 4], 2);
    expect(sv[0]).toBeCloseTo(Math.sqrt(15 + Math.sqrt(221)), 12);
    expect(sv[1]).toBeCloseTo(Math.sqrt(15 - Math.sqrt(221)), 10);
  });
  it('of an orthogonal matrix are all 1', () => {
    const q = orthogonal().sample([40, 40], { rng: new Rng(3), dtype: 'float64' }).data;
    for (const s of singularValues(q, 40)) expect(s).toBeCloseTo(1, 9);
  });
});
