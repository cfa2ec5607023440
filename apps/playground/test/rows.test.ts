import { describe, expect, it } from 'vitest';
import { LOSS_POINTS, cellFraction, flagRows, histogramTuples, lossRows, lossStride, spectrumRows } from '../src/rows.ts';
import { t } from '../src/i18n.ts';
import type { LayerStats } from '../src/session.ts';

describe('chart rows', () => {
  it('histogram tuples: one per (layer, bin); a frame fraction is read at (layer − 1)·bins + b', () => {
    const tuples = histogramTuples(2, 4);
    expect(tuples).toHaveLength(8);
    expect(tuples[5]).toEqual({ layer: 2, b: 1, frac: 0 });
    const h = { range: 2, layers: 2, fractions: new Float32Array([0.5, 0.5, 0, 0, 0, 0.25, 0, 0.75]) };
    expect(tuples.map((t) => cellFraction(h, 4, t))).toEqual([0.5, 0.5, 0, 0, 0, 0.25, 0, 0.75]);
  });

  it('the loss stride doubles to keep a run within LOSS_POINTS points; non-finite losses are dropped', () => {
    expect(lossStride(LOSS_POINTS)).toBe(1);
    expect(lossStride(LOSS_POINTS + 1)).toBe(2);
    expect(lossStride(10_000)).toBe(16);
    const long = Array.from({ length: 3000 }, (_, i) => ({ step: i + 1, loss: i === 0 ? Number.NaN : 1 / (i + 1) }));
    const k = lossStride(long.length);
    const rows = lossRows(long, 'current', k) as { step: number; run: string }[];
    expect(rows.length).toBeLessThanOrEqual(LOSS_POINTS);
    expect(rows[0]!.step).toBe(1 + k); // step 1 (index 0) is NaN
    // Streaming from an index gives the same points as a rebuild.
    const streamed = [...lossRows(long.slice(0, 1234), 'current', k), ...lossRows(long, 'current', k, 1234)];
    expect(streamed).toEqual(rows);
  });

  it('dead/saturated bars for both runs (a pinned run without such units adds none)', () => {
    const layer = (dead: number | null): LayerStats => ({
      preStd: 1,
      actStd: 1,
      gradStd: 1,
      weightGradStd: 1,
      updateRatio: 0,
      dead,
      saturated: null,
    });
    const pinned = { label: 'p', losses: [], layers: [layer(0.5)], sv: [], prediction: null };
    expect(flagRows(t('en'), [layer(0.25)], pinned)).toEqual([
      { layer: 1, frac: 0.25, run: 'current', tip: 'current, layer 1: 25.0%' },
      { layer: 1, frac: 0.5, run: 'pinned', tip: 'pinned, layer 1: 50.0%' },
    ]);
    expect(flagRows(t('en'), [layer(0.25)], { ...pinned, layers: [layer(null)] })).toHaveLength(1);
  });

  it('singular values of 0 (not drawable on a log axis) are left out', () => {
    expect(spectrumRows([3, 1, 0], [2, 0])).toEqual([
      { i: 1, sv: 3, run: 'current' },
      { i: 2, sv: 1, run: 'current' },
      { i: 1, sv: 2, run: 'pinned' },
    ]);
  });
});
