import { htmlFigure, htmlPage, htmlTable, escapeHtml, type HtmlSection } from '../html.ts';
import { type Series, lineChartSvg, undrawnSeries } from '../plot.ts';
import { textTable } from '../text-table.ts';
import type { LabConfig, LabRun } from './run.ts';

/** A number for the tables: 3 significant digits, exponent form outside [10⁻³, 10⁴), '-' for NaN. */
export function fmt(x: number | null): string {
  if (x === null || Number.isNaN(x)) return '-';
  if (!Number.isFinite(x)) return x > 0 ? 'Inf' : '-Inf';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e3 && a < 1e4) return String(Math.round(x)); // toPrecision(3) would print '2.00e+3'
  return a >= 1e-3 && a < 1e3 ? x.toPrecision(3) : x.toExponential(1).replace('e+', 'e');
}

/** Mean of the last `k` finite losses of a curve (NaN if none): the end of a noisy minibatch curve. */
export function finalLoss(losses: readonly number[], k = 10): number {
  const tail = losses.slice(-k).filter(Number.isFinite);
  return tail.length === 0 ? Number.NaN : tail.reduce((a, b) => a + b, 0) / tail.length;
}

const HEADER = ['init', 'ratio q/2', 'ratio meas.', 'std L1', 'std L', 'grad W L1', 'grad W out', 'loss@0', 'loss end', 'test acc', 'findings'];

/** The rows of one (activation, depth) block. */
function rows(runs: readonly LabRun[]): string[][] {
  return runs.map((r) => {
    const hidden = r.layers.slice(0, r.depth);
    const out = r.layers[r.layers.length - 1]!;
    const end = r.training.divergedAt !== null ? `div@${r.training.divergedAt}` : fmt(finalLoss(r.training.losses));
    return [
      r.scheme,
      fmt(r.expectedRatio),
      fmt(r.varianceRatio),
      fmt(hidden[0]!.preActivationStd),
      fmt(hidden[hidden.length - 1]!.preActivationStd),
      fmt(hidden[0]!.weightGradStd),
      fmt(out.weightGradStd),
      fmt(r.initialLoss),
      end,
      Number.isNaN(r.training.testAccuracy) ? '-' : `${Math.round(r.training.testAccuracy * 100)}%`,
      [...new Set(r.findings.map((f) => f.kind))].join(',') || 'none',
    ];
  });
}

/** Groups runs by (activation, depth), in run order. */
export function blocks(runs: readonly LabRun[]): { activation: string; depth: number; runs: LabRun[] }[] {
  const out: { activation: string; depth: number; runs: LabRun[] }[] = [];
  for (const r of runs) {
    let b = out.find((x) => x.activation === r.activation && x.depth === r.depth);
    if (b === undefined) out.push((b = { activation: r.activation, depth: r.depth, runs: [] }));
    b.runs.push(r);
  }
  return out;
}

const LEGEND = [
  'ratio q/2: closed-form per-layer pre-activation variance ratio of a ReLU net (docs/init-reference.md §7 in the Seedling repository); ratio meas.: (std_L / std_1)^(2/(L-1)) over the hidden layers',
  'std L1 / std L: pre-activation std of the first / last hidden layer; grad W L1 / out: std of the weight gradient of the first layer / the read-out',
  'loss@0: cross-entropy at initialization (ln 10 = 2.303 is an uninformed guess); loss end: mean of the last 10 minibatch losses (div@k: overflowed at step k)',
];

/** The terminal report: one table per (activation, depth). */
export function textReport(runs: readonly LabRun[], config: LabConfig): string {
  const parts = [
    `MLP width ${config.width}, ${config.classes} classes, unit-variance inputs, biases 0; stats on ${config.statsBatch} examples; ` +
      `SGD lr ${config.train.lr} momentum ${config.train.momentum}, batch ${config.train.batchSize}, ${config.train.steps} steps; seed ${config.seed}`,
  ];
  for (const b of blocks(runs)) parts.push('', `${b.activation}, depth ${b.depth}`, textTable(HEADER, rows(b.runs)));
  parts.push('', ...LEGEND);
  return parts.join('\n');
}

function seriesPerScheme(runs: readonly LabRun[], y: (r: LabRun) => { x: number; y: number }[]): Series[] {
  return runs.map((r) => ({ name: r.scheme, points: y(r) }));
}

interface FigureOptions {
  title: string;
  xTitle: string;
  yTitle: string;
  series: Series[];
  logY: boolean;
  yDomain?: readonly [number, number];
  points: boolean;
}

async function figure(o: FigureOptions, save?: (svg: string) => void): Promise<string> {
  const missing = undrawnSeries(o);
  const why = o.yDomain === undefined ? 'Not drawable on a log axis (0, Infinity or NaN somewhere)' : `Partly or wholly outside the axis range ${o.yDomain[0]}–${o.yDomain[1]} or non-finite`;
  const caption = missing.length === 0 ? o.title : `${o.title}. ${why}: ${missing.join(', ')}.`;
  const colorDomain = o.series.map((s) => s.name);
  const svg = await lineChartSvg({ ...o, colorDomain, seriesTitle: 'init', width: 380, height: 240 });
  save?.(svg);
  return htmlFigure(svg, caption);
}

/**
 * The HTML report: per (activation, depth) the table and three plots, rendered by vega-lite + vega.
 * `saveSvg(name, svg)`, when given, also receives each plot, named like `relu-depth30-std`
 * (`-std`, `-grad`, `-loss`), e.g. to write the figures the docs embed.
 */
export async function htmlReport(runs: readonly LabRun[], config: LabConfig, command: string, saveSvg?: (name: string, svg: string) => void): Promise<string> {
  const sections: HtmlSection[] = [];
  for (const b of blocks(runs)) {
    const name = `${b.activation}, depth ${b.depth}`;
    const hidden = (r: LabRun) => r.layers.slice(0, r.depth);
    const save = (kind: string) => (saveSvg === undefined ? undefined : (svg: string) => saveSvg(`${b.activation}-depth${b.depth}-${kind}`, svg));
    const figs = [
      await figure({
        title: `pre-activation std per layer (${name})`, yTitle: 'std of x·Wᵀ + b', xTitle: 'layer', logY: true, points: true,
        series: seriesPerScheme(b.runs, (r) => hidden(r).map((l) => ({ x: l.index, y: l.preActivationStd }))),
      }, save('std')),
      await figure({
        title: `weight-gradient std per layer (${name})`, yTitle: 'std of ∂loss/∂W', xTitle: 'layer', logY: true, points: true,
        series: seriesPerScheme(b.runs, (r) => r.layers.map((l) => ({ x: l.index, y: l.weightGradStd ?? Number.NaN }))),
      }, save('grad')),
      // NOTE: a linear axis cut at 4 nats: N(0, 1) starts near 10²³ and would flatten every other curve.
      await figure({
        title: `training loss (${name})`, yTitle: 'minibatch cross-entropy', xTitle: 'step', logY: false, points: false, yDomain: [0, 4],
        series: seriesPerScheme(b.runs, (r) => r.training.losses.map((v, i) => ({ x: i, y: v }))),
      }, save('loss')),
    ];
    sections.push({ heading: name, html: `${htmlTable(HEADER, rows(b.runs))}\n<div class="figures">\n${figs.join('\n')}\n</div>` });
  }
  const intro = [
    `<p>Produced by <code>${escapeHtml(command)}</code>. ${escapeHtml(textReport([], config).split('\n')[0]!)}.</p>`,
    `<ul>${LEGEND.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`,
  ].join('\n');
  return htmlPage('Seedling init lab: initializations compared', intro, sections);
}
