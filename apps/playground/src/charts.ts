/**
 * Vega-Lite specs of the page's panels. Each reads named data sets, so a frame only swaps data
 * (`view.data(name, rows)`) and never re-compiles a spec.
 */
import type { TopLevelSpec } from 'vega-lite';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
/** Charts start empty and grow axis labels and legends as data arrives: let the view resize with them. */
const AUTOSIZE = { type: 'pad', resize: true } as const;
const RUNS = {
  domain: ['current', 'pinned'],
  range: [
    [1, 0],
    [4, 3],
  ],
};

/** The words a run legend shows for the data's fixed run keys 'current' and 'pinned'. */
export interface RunWords {
  current: string;
  pinned: string;
}

function runLegend(w: RunWords, orient?: 'bottom'): object {
  const q = (x: string) => JSON.stringify(x);
  return { ...(orient === undefined ? {} : { orient }), labelExpr: `datum.label === 'pinned' ? ${q(w.pinned)} : ${q(w.current)}` };
}

/**
 * The heatmaps' shades: a fraction f gets the colour of the first step above it, steps spaced as √f (so a
 * few per cent already shows, as the sqrt scale did). A handful of fixed colours instead of an
 * interpolated one per cell: no colour interpolation and formatting per cell and frame.
 */
const SHADE_STEPS = [0.0005, 0.004, 0.015, 0.04, 0.09, 0.16, 0.3, 0.5];
const SHADES = ['#f7fbff', '#deebf7', '#c6dbef', '#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#08519c', '#08306b'];

/** The signal that holds the histograms' common range (the data holds bin numbers, so a frame only modifies fractions). */
export const HIST_RANGE = 'hrange';

/**
 * Layer × value heatmap of one histogram kind: data 'hist' holds one tuple per (layer, bin b) with the
 * bin's fraction `frac`; the bin edges come from b and the `hrange` signal. So a new frame modifies
 * `frac` in place (a Vega changeset) and sets the signal: no tuples or scene items are created, and the
 * heatmap has no per-cell tooltip (formatting 1,230 tooltips per frame cost more than drawing them;
 * the charts redrawn every frame take their tooltip text ready-made from the rows' `tip`, for the same reason).
 * With `flagTitle`, the dead/saturated fraction per layer is drawn beside it in red, the pinned run's
 * in grey (data 'flag': layer, frac, run).
 */
export function histogramSpec(
  flagTitle: string | null,
  words: { layer: string; value: string; fraction: string } & RunWords,
  depth: number,
  bins: number,
): TopLevelSpec {
  const h = Math.max(120, Math.min(420, depth * 9));
  const panels: object[] = [
    {
      width: 260,
      height: h,
      data: { name: 'hist' },
      transform: [
        { calculate: `-${HIST_RANGE} + datum.b * 2 * ${HIST_RANGE} / ${bins}`, as: 'x0' },
        { calculate: `-${HIST_RANGE} + (datum.b + 1) * 2 * ${HIST_RANGE} / ${bins}`, as: 'x1' },
      ],
      mark: { type: 'rect' },
      encoding: {
        x: { field: 'x0', type: 'quantitative', title: words.value, axis: { format: '.2~g', tickCount: 5 } },
        x2: { field: 'x1' },
        y: { field: 'layer', type: 'ordinal', title: words.layer, axis: { labelOverlap: true } },
        color: {
          field: 'frac',
          type: 'quantitative',
          title: words.fraction,
          scale: { type: 'threshold', domain: SHADE_STEPS, range: SHADES },
          legend: null,
        },
      },
    },
  ];
  if (flagTitle !== null) {
    panels.push({
      width: 60,
      height: h,
      data: { name: 'flag' },
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'frac', type: 'quantitative', title: flagTitle, scale: { domain: [0, 1] }, axis: { tickCount: 2, format: '.0%' } },
        y: { field: 'layer', type: 'ordinal', axis: null },
        yOffset: { field: 'run', type: 'nominal', scale: { domain: ['current', 'pinned'] } },
        color: { field: 'run', type: 'nominal', scale: { domain: ['current', 'pinned'], range: ['#c0392b', '#aaaaaa'] }, legend: null },
        tooltip: { field: 'tip', type: 'nominal' },
      },
    });
  }
  return {
    $schema: SCHEMA,
    autosize: AUTOSIZE,
    params: [{ name: HIST_RANGE, value: 1 }],
    hconcat: panels,
  } as TopLevelSpec;
}

/** Per-layer lines on a log axis: colour by series, dash by run (current solid, pinned dashed-grey) and by kind. */
export function layerLinesSpec(
  words: { layer: string; y: string; value: string; predicted: string } & RunWords,
  dashField: 'kind' | 'run',
): TopLevelSpec {
  return {
    $schema: SCHEMA,
    autosize: AUTOSIZE,
    width: 380,
    height: 220,
    data: { name: 'rows' },
    mark: { type: 'line', point: { size: 18 }, strokeWidth: 1.6 },
    encoding: {
      x: { field: 'layer', type: 'quantitative', title: words.layer, axis: { tickMinStep: 1 } },
      y: { field: 'value', type: 'quantitative', title: words.y, scale: { type: 'log' } },
      color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom' } },
      strokeDash:
        dashField === 'run'
          ? { field: 'run', type: 'nominal', title: null, scale: RUNS, legend: runLegend(words, 'bottom') }
          : {
              field: 'kind',
              type: 'nominal',
              title: null,
              scale: {
                domain: [words.value, words.predicted],
                range: [
                  [1, 0],
                  [6, 4],
                ],
              },
              legend: { orient: 'bottom' },
            },
      detail: { field: 'line', type: 'nominal' },
      opacity: { field: 'run', type: 'ordinal', scale: { domain: ['current', 'pinned'], range: [1, 0.45] }, legend: null },
      tooltip: { field: 'tip', type: 'nominal' },
    },
  } as TopLevelSpec;
}

/** Loss per step, with a rule at ln C. */
export function lossSpec(words: { step: string; loss: string } & RunWords): TopLevelSpec {
  return {
    $schema: SCHEMA,
    autosize: AUTOSIZE,
    width: 380,
    height: 200,
    layer: [
      {
        data: { name: 'loss' },
        mark: { type: 'line', strokeWidth: 1.4, clip: true },
        encoding: {
          x: { field: 'step', type: 'quantitative', title: words.step },
          y: { field: 'loss', type: 'quantitative', title: words.loss, scale: { zero: true } },
          color: {
            field: 'run',
            type: 'nominal',
            title: null,
            scale: { domain: ['current', 'pinned'], range: ['#1f77b4', '#999999'] },
            legend: runLegend(words),
          },
        },
      },
      {
        data: { name: 'lnc' },
        mark: { type: 'rule', strokeDash: [6, 4], color: '#d62728' },
        encoding: { y: { field: 'y', type: 'quantitative' } },
      },
      {
        data: { name: 'lnc' },
        mark: { type: 'text', align: 'left', dx: 4, dy: -6, color: '#d62728' },
        encoding: { y: { field: 'y', type: 'quantitative' }, x: { value: 0 }, text: { field: 'label' } },
      },
    ],
  } as TopLevelSpec;
}

/** Predicted class over a grid (shaded by confidence) and the data points. */
export function boundarySpec(words: { classLabel: string; probability: string }): TopLevelSpec {
  const colors = { domain: [0, 1, 2], range: ['#4c78a8', '#f58518', '#54a24b'] };
  return {
    $schema: SCHEMA,
    autosize: AUTOSIZE,
    width: 260,
    height: 260,
    layer: [
      {
        data: { name: 'grid' },
        mark: { type: 'rect' },
        encoding: {
          x: { field: 'x0', type: 'quantitative', scale: { domain: [-2.5, 2.5], nice: false }, axis: null },
          x2: { field: 'x1' },
          y: { field: 'y0', type: 'quantitative', scale: { domain: [-2.5, 2.5], nice: false }, axis: null },
          y2: { field: 'y1' },
          color: { field: 'cls', type: 'nominal', scale: colors, title: words.classLabel },
          opacity: { field: 'prob', type: 'quantitative', scale: { domain: [0.3, 1], range: [0.05, 0.55] }, legend: null },
        },
      },
      {
        data: { name: 'points' },
        mark: { type: 'circle', size: 14, stroke: 'white', strokeWidth: 0.5, opacity: 0.9 },
        encoding: {
          x: { field: 'x', type: 'quantitative' },
          y: { field: 'y', type: 'quantitative' },
          color: { field: 'label', type: 'nominal', scale: colors, legend: null },
        },
      },
    ],
  } as TopLevelSpec;
}

/** Sorted singular values on a log axis, one line per run. */
export function spectrumSpec(words: { index: string; singularValue: string } & RunWords): TopLevelSpec {
  return {
    $schema: SCHEMA,
    autosize: AUTOSIZE,
    width: 380,
    height: 200,
    data: { name: 'sv' },
    mark: { type: 'line', strokeWidth: 1.6 },
    encoding: {
      x: { field: 'i', type: 'quantitative', title: words.index },
      y: { field: 'sv', type: 'quantitative', title: words.singularValue, scale: { type: 'log' } },
      color: {
        field: 'run',
        type: 'nominal',
        title: null,
        scale: { domain: ['current', 'pinned'], range: ['#1f77b4', '#999999'] },
        legend: runLegend(words),
      },
      tooltip: [{ field: 'run' }, { field: 'i' }, { field: 'sv', format: '.3g' }],
    },
  } as TopLevelSpec;
}
