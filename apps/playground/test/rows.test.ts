import { describe, expect, it } from 'vitest';
import { histogramRows, lossRows, spectrumRows } from '../src/rows.ts';

describe('chart rows', () => {
  it('histogram rects tile [-range, range] in equal bins, one row per (layer, bin)', () => {
    const rows = histogramRows({
      range: 2,
      layers: [
        [0.5, 0.5, 0, 0],
        [0, 0, 0, 1],
      ],
    });
    expect(rows).toHaveLength(8);
    expect(rows.slice(0, 4).map((r) => [r.x0, r.x1])).toEqual([
      [-2, -1],
      [-1, 0],
      [0, 1],
      [1, 2],
    ]);
    expect(rows[7]).toEqual({ layer: 2, x0: 1, x1: 2, frac: 1 });
  });
  it('a long loss curve is thinned to at most ~600 points per run, non-finite losses dropped', () => {
    const long = Array.from({ length: 3000 }, (_, i) => ({ step: i + 1, loss: i === 0 ? Number.NaN : 1 / (i + 1) }));
    const rows = lossRows(long, [{ step: 1, loss: 2 }]) as { run: string }[];
    const current = rows.filter((r) => r.run === 'current').length;
    expect(current).toBeLessThanOrEqual(600);
    expect(current).toBeGreaterThanOrEqual(590);
    expect(rows.filter((r) => r.run === 'pinned')).toHaveLength(1);
  });
  it('singular values of 0 (not drawable on a log axis) are left out', () => {
    expect(spectrumRows([3, 1, 0], [2, 0])).toEqual([
      { i: 1, sv: 3, run: 'current' },
      { i: 2, sv: 1, run: 'current' },
      { i: 1, sv: 2, run: 'pinned' },
    ]);
  });
});
