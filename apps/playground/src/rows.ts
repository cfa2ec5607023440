/**
 * The rows each chart draws, built from the statistics of the current run and of the pinned one (pure
 * functions: the page passes in what it holds).
 */
import type { t } from './i18n.ts';
import type { Boundary, Histogram, LayerStats, Setup } from './session.ts';

type Words = ReturnType<typeof t>;

/** What a pinned run keeps to draw beside the current one. */
export interface RunTrace {
  label: string;
  losses: { step: number; loss: number }[];
  layers: LayerStats[];
  sv: number[];
  prediction: Setup['prediction'];
}

/** Drawable on a log axis. */
function positive(v: number): boolean {
  return Number.isFinite(v) && v > 0;
}

/** One rect per (layer, bin) of a histogram. */
export function histogramRows(h: Histogram): { layer: number; x0: number; x1: number; frac: number }[] {
  const rows: { layer: number; x0: number; x1: number; frac: number }[] = [];
  const bins = h.layers[0]?.length ?? 0;
  const width = (2 * h.range) / Math.max(1, bins);
  h.layers.forEach((counts, l) => {
    for (let b = 0; b < counts.length; b++)
      rows.push({ layer: l + 1, x0: -h.range + b * width, x1: -h.range + (b + 1) * width, frac: counts[b]! });
  });
  return rows;
}

/** Measured per-layer stds (and the current run's prediction), with the pinned run's measurements. */
export function stdRows(w: Words, current: { layers: LayerStats[]; prediction: Setup['prediction'] }, pinned: RunTrace | null): object[] {
  const rows: object[] = [];
  const add = (layers: LayerStats[], pred: Setup['prediction'], run: 'current' | 'pinned'): void => {
    layers.forEach((s, i) => {
      if (positive(s.preStd)) rows.push({ layer: i + 1, value: s.preStd, series: w.preStd, kind: w.value, run, line: `${run}-pre` });
      if (positive(s.actStd)) rows.push({ layer: i + 1, value: s.actStd, series: w.actStd, kind: w.value, run, line: `${run}-act` });
    });
    pred?.forEach((p, i) => {
      if (positive(p.preStd))
        rows.push({ layer: i + 1, value: p.preStd, series: w.preStd, kind: w.predicted, run, line: `${run}-pre-pred` });
      if (positive(p.actStd))
        rows.push({ layer: i + 1, value: p.actStd, series: w.actStd, kind: w.predicted, run, line: `${run}-act-pred` });
    });
  };
  add(current.layers, current.prediction, 'current');
  if (pinned !== null) add(pinned.layers, null, 'pinned');
  return rows;
}

/** Weight-gradient std and update/weight ratio per layer, both runs. */
export function gradRows(w: Words, current: { layers: LayerStats[] }, pinned: RunTrace | null): object[] {
  const rows: object[] = [];
  const add = (layers: LayerStats[], run: 'current' | 'pinned'): void => {
    layers.forEach((s, i) => {
      if (positive(s.weightGradStd)) rows.push({ layer: i + 1, value: s.weightGradStd, series: w.weightGradStd, run, line: `${run}-g` });
      if (positive(s.updateRatio)) rows.push({ layer: i + 1, value: s.updateRatio, series: w.updateRatio, run, line: `${run}-u` });
    });
  };
  add(current.layers, 'current');
  if (pinned !== null) add(pinned.layers, 'pinned');
  return rows;
}

/** Loss per step, both runs; a long run is thinned to at most ~600 points per line (every k-th step). */
export function lossRows(current: { step: number; loss: number }[], pinned: { step: number; loss: number }[] | null): object[] {
  const thin = (ls: { step: number; loss: number }[], run: string): object[] => {
    const k = Math.max(1, Math.ceil(ls.length / 600));
    return ls.filter((_, i) => i % k === 0 && Number.isFinite(ls[i]!.loss)).map((p) => ({ ...p, run }));
  };
  return [...thin(current, 'current'), ...(pinned === null ? [] : thin(pinned, 'pinned'))];
}

/** Singular values by rank, both runs (zeros cannot be drawn on the log axis and are left out). */
export function spectrumRows(current: readonly number[], pinned: readonly number[] | null): object[] {
  const rows: object[] = [];
  current.forEach((sv, i) => {
    if (positive(sv)) rows.push({ i: i + 1, sv, run: 'current' });
  });
  pinned?.forEach((sv, i) => {
    if (positive(sv)) rows.push({ i: i + 1, sv, run: 'pinned' });
  });
  return rows;
}

/** One rect per grid cell of the decision boundary. */
export function boundaryRows(b: Boundary): object[] {
  const rows: object[] = [];
  const dx = (b.x1 - b.x0) / b.size;
  const dy = (b.y1 - b.y0) / b.size;
  for (let r = 0; r < b.size; r++) {
    for (let c = 0; c < b.size; c++) {
      const i = r * b.size + c;
      rows.push({ x0: b.x0 + c * dx, x1: b.x0 + (c + 1) * dx, y0: b.y0 + r * dy, y1: b.y0 + (r + 1) * dy, cls: b.cls[i], prob: b.prob[i] });
    }
  }
  return rows;
}
