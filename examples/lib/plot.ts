import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** One (x, y) sample of a line. */
export interface Point {
  x: number;
  y: number;
}

/** A named line: drawn in its own colour, named in the legend. */
export interface Series {
  name: string;
  points: readonly Point[];
}

/** What `lineChartSpec` draws. */
export interface LineChartOptions {
  title: string;
  xTitle: string;
  yTitle: string;
  series: readonly Series[];
  /** Logarithmic y axis (points with y ≤ 0 or non-finite y cannot be drawn on it and are left out). */
  logY?: boolean;
  /** Legend title; default 'series'. */
  seriesTitle?: string;
  /** Plot area size in pixels; default 420 × 260. */
  width?: number;
  height?: number;
  /** Draw a point mark on every sample (useful for short lines); default true. */
  points?: boolean;
  /** Fixed y range; lines leaving it are clipped at the plot's edge (default: fitted to the data). */
  yDomain?: readonly [number, number];
  /**
   * Every series name that may appear in a set of charts, in legend order: fixing it keeps each
   * name's colour the same across charts even when a chart cannot draw some series. Default: `series`.
   */
  colorDomain?: readonly string[];
}

/** True when `y` can be drawn on the chosen axis. */
function drawable(y: number, logY: boolean): boolean {
  return Number.isFinite(y) && (!logY || y > 0);
}

/**
 * Names of the series that lose points on this chart (non-finite y, y ≤ 0 on a log axis, or y outside
 * `yDomain`), for a caption: a chart should say what it could not show rather than silently drop a line.
 */
export function undrawnSeries(options: Pick<LineChartOptions, 'series' | 'logY' | 'yDomain'>): string[] {
  const logY = options.logY ?? false;
  const [lo, hi] = options.yDomain ?? [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
  return options.series.filter((s) => s.points.some((p) => !drawable(p.y, logY) || p.y < lo || p.y > hi)).map((s) => s.name);
}

/**
 * A vega-lite spec of a multi-line chart: one line per series, colour by series in the given order.
 *
 * @example
 * lineChartSpec({ title: 'loss', xTitle: 'step', yTitle: 'loss', series: [{ name: 'he', points: [{ x: 0, y: 2.3 }] }] });
 */
export function lineChartSpec(options: LineChartOptions): TopLevelSpec {
  const logY = options.logY ?? false;
  const seriesTitle = options.seriesTitle ?? 'series';
  const order = [...(options.colorDomain ?? options.series.map((s) => s.name))];
  const values: { series: string; x: number; y: number }[] = [];
  for (const s of options.series) {
    for (const p of s.points) if (drawable(p.y, logY) && Number.isFinite(p.x)) values.push({ series: s.name, x: p.x, y: p.y });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title,
    width: options.width ?? 420,
    height: options.height ?? 260,
    data: { values },
    mark: { type: 'line', point: options.points ?? true, strokeWidth: 1.5, clip: options.yDomain !== undefined },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: options.xTitle },
      y: {
        field: 'y',
        type: 'quantitative',
        title: options.yTitle,
        // NOTE: a log axis spanning 10⁻³⁰…10³⁰ is the point of the per-layer plots; zero: false keeps linear
        // loss axes from being stretched down to 0.
        scale: {
          ...(logY ? { type: 'log' as const } : { zero: false }),
          ...(options.yDomain === undefined ? {} : { domain: [...options.yDomain] }),
        },
        axis: logY ? { format: '.0e' } : {},
      },
      color: { field: 'series', type: 'nominal', title: seriesTitle, sort: order, scale: { domain: order, scheme: 'tableau10' } },
    },
    config: { font: 'sans-serif', view: { stroke: '#ddd' } },
  };
}

/**
 * Renders a vega-lite spec to an SVG string headlessly (vega's `toSVG` with `renderer: 'none'`; no browser,
 * no canvas). The output is deterministic for a given spec.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** `renderSvg(lineChartSpec(options))`. */
export async function lineChartSvg(options: LineChartOptions): Promise<string> {
  return renderSvg(lineChartSpec(options));
}
