/**
 * The rows each chart draws, built from the statistics of the current run and of the pinned one (pure
 * functions: the page passes in what it holds).
 */
import type { Row } from './data-sync.ts';
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

/** A tooltip's text, made once per row (Vega would format it per item on every frame). */
function tip(w: Words, series: string, layer: number, value: number): string {
  return `${series}, ${w.layer} ${layer}: ${value.toPrecision(3)}`;
}

/** Drawable on a log axis. */
function positive(v: number): boolean {
  return Number.isFinite(v) && v > 0;
}

/** A histogram chart's tuples: one per (layer, bin), fraction 0 until a frame modifies it. */
export interface HistTuple {
  layer: number;
  b: number;
  frac: number;
}

/** The `depth × bins` tuples a histogram chart holds for a whole experiment (frames only change `frac`). */
export function histogramTuples(depth: number, bins: number): HistTuple[] {
  const rows: HistTuple[] = [];
  for (let l = 1; l <= depth; l++) for (let b = 0; b < bins; b++) rows.push({ layer: l, b, frac: 0 });
  return rows;
}

/** The fraction of a tuple's cell in a frame's histogram (`fractions[(layer − 1)·bins + b]`). */
export function cellFraction(h: Histogram, bins: number, t: HistTuple): number {
  return h.fractions[(t.layer - 1) * bins + t.b] ?? 0;
}

/** Dead (ReLU) or saturated (tanh/sigmoid) fraction per layer, both runs. */
export function flagRows(w: Words, current: LayerStats[], pinned: RunTrace | null): Row[] {
  const row = (s: LayerStats, i: number, run: 'current' | 'pinned') => {
    const frac = s.dead ?? s.saturated ?? 0;
    return { layer: i + 1, frac, run, tip: `${w[run]}, ${w.layer} ${i + 1}: ${(100 * frac).toFixed(1)}%` };
  };
  const rows: Row[] = current.map((s, i) => row(s, i, 'current'));
  pinned?.layers.forEach((s, i) => {
    if (s.dead !== null || s.saturated !== null) rows.push(row(s, i, 'pinned'));
  });
  return rows;
}

/** Measured per-layer stds and their prediction, for the current run and the pinned one. */
export function stdRows(w: Words, current: { layers: LayerStats[]; prediction: Setup['prediction'] }, pinned: RunTrace | null): Row[] {
  const rows: Row[] = [];
  const add = (layers: LayerStats[], pred: Setup['prediction'], run: 'current' | 'pinned'): void => {
    layers.forEach((s, i) => {
      if (positive(s.preStd))
        rows.push({
          layer: i + 1,
          value: s.preStd,
          series: w.preStd,
          kind: w.value,
          run,
          line: `${run}-pre`,
          tip: tip(w, w.preStd, i + 1, s.preStd),
        });
      if (positive(s.actStd))
        rows.push({
          layer: i + 1,
          value: s.actStd,
          series: w.actStd,
          kind: w.value,
          run,
          line: `${run}-act`,
          tip: tip(w, w.actStd, i + 1, s.actStd),
        });
    });
    pred?.forEach((p, i) => {
      if (positive(p.preStd))
        rows.push({
          layer: i + 1,
          value: p.preStd,
          series: w.preStd,
          kind: w.predicted,
          run,
          line: `${run}-pre-pred`,
          tip: tip(w, `${w.preStd} (${w.predicted})`, i + 1, p.preStd),
        });
      if (positive(p.actStd))
        rows.push({
          layer: i + 1,
          value: p.actStd,
          series: w.actStd,
          kind: w.predicted,
          run,
          line: `${run}-act-pred`,
          tip: tip(w, `${w.actStd} (${w.predicted})`, i + 1, p.actStd),
        });
    });
  };
  add(current.layers, current.prediction, 'current');
  if (pinned !== null) add(pinned.layers, pinned.prediction, 'pinned');
  return rows;
}

/** Weight-gradient std and update/weight ratio per layer, both runs. */
export function gradRows(w: Words, current: { layers: LayerStats[] }, pinned: RunTrace | null): Row[] {
  const rows: Row[] = [];
  const add = (layers: LayerStats[], run: 'current' | 'pinned'): void => {
    layers.forEach((s, i) => {
      if (positive(s.weightGradStd))
        rows.push({
          layer: i + 1,
          value: s.weightGradStd,
          series: w.weightGradStd,
          run,
          line: `${run}-g`,
          tip: tip(w, w.weightGradStd, i + 1, s.weightGradStd),
        });
      if (positive(s.updateRatio))
        rows.push({
          layer: i + 1,
          value: s.updateRatio,
          series: w.updateRatio,
          run,
          line: `${run}-u`,
          tip: tip(w, w.updateRatio, i + 1, s.updateRatio),
        });
    });
  };
  add(current.layers, 'current');
  if (pinned !== null) add(pinned.layers, 'pinned');
  return rows;
}

/** Most loss points a run draws: past it the stride doubles (a 10,000-step run draws every 16th step). */
export const LOSS_POINTS = 1000;

/** The stride that keeps `n` losses within `LOSS_POINTS` points (a power of 2, so points already drawn stay). */
export function lossStride(n: number): number {
  let k = 1;
  while (Math.ceil(n / k) > LOSS_POINTS) k *= 2;
  return k;
}

/** Loss rows of a run: every `stride`-th step from index `from` on (non-finite losses left out). */
export function lossRows(losses: readonly { step: number; loss: number }[], run: 'current' | 'pinned', stride: number, from = 0): object[] {
  const rows: object[] = [];
  for (let i = from; i < losses.length; i++) {
    const p = losses[i]!;
    if (i % stride === 0 && Number.isFinite(p.loss)) rows.push({ step: p.step, loss: p.loss, run });
  }
  return rows;
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
