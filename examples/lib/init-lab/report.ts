import { htmlFigure, htmlPage, htmlTable, escapeHtml, type HtmlSection } from '../html.ts';
import { renderSvg } from '../plot.ts';
import { gradPanelsSpec, headlineSpec, lookAt, lossPanelsSpec, stdPanelsSpec } from './figures.ts';
import type { TopLevelSpec } from 'vega-lite';
import { textTable } from '../text-table.ts';
import type { LabConfig, LabRun } from './run.ts';
import type { SpectrumSummary } from './spectrum.ts';
import type { TrainResult } from './train.ts';

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

const HEADER = [
  'init',
  'ratio theory',
  'ratio meas.',
  'std L1',
  'std L theory',
  'std L',
  'grad W L1',
  'grad W out',
  'loss@0',
  'loss end',
  'test acc',
  'Adam end',
  'Adam acc',
  'findings',
];

/** `div@k` for a run that overflowed at step k, else the mean of its last 10 losses; '-' without a run. */
function endCell(t: TrainResult | null): string {
  if (t === null || t.losses.length === 0) return '-';
  return t.divergedAt !== null ? `div@${t.divergedAt}` : fmt(finalLoss(t.losses));
}

/** Held-out accuracy as a percentage; '-' without a run or after a divergence. */
function accCell(t: TrainResult | null): string {
  return t === null || Number.isNaN(t.testAccuracy) ? '-' : `${Math.round(t.testAccuracy * 100)}%`;
}

/** The rows of one (activation, depth) block. */
function rows(runs: readonly LabRun[]): string[][] {
  return runs.map((r) => {
    const hidden = r.layers.slice(0, r.depth);
    const out = r.layers[r.layers.length - 1]!;
    return [
      r.scheme,
      fmt(r.expectedRatio),
      fmt(r.varianceRatio),
      fmt(hidden[0]!.preActivationStd),
      fmt(r.predictedStd?.[r.depth - 1] ?? null),
      fmt(hidden[hidden.length - 1]!.preActivationStd),
      fmt(hidden[0]!.weightGradStd),
      fmt(out.weightGradStd),
      fmt(r.initialLoss),
      endCell(r.training),
      accCell(r.training),
      endCell(r.trainingAdam),
      accCell(r.trainingAdam),
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
  'ratio theory: per-layer pre-activation variance ratio the theory predicts: ReLU q/2 (docs/init-reference.md §7 in the Seedling repository), tanh from the variance map v_{l+1} = q·E[tanh²(√v_l·z)]; ratio meas.: (std_L / std_1)^(2/(L-1)) over the hidden layers',
  'std L1 / std L: pre-activation std of the first / last hidden layer; std L theory: the same predicted by the theory; grad W L1 / out: std of the weight gradient of the first layer / the read-out',
  'loss@0: cross-entropy at initialization (ln 10 = 2.303 is an uninformed guess); loss end: mean of the last 10 minibatch losses with SGD (div@k: overflowed at step k); Adam end / Adam acc: the same start trained with Adam',
];

/** The end-to-end spectrum of each (depth, scheme) the lab measured it for. */
export interface SpectrumRow {
  depth: number;
  scheme: string;
  spectrum: SpectrumSummary;
}

/** The table of end-to-end singular values (the weights' product alone, no nonlinearity). */
export function spectrumTable(rows: readonly SpectrumRow[]): string {
  return textTable(
    ['init', 'depth', 'largest σ', 'median σ', 'σ < 10⁻³'],
    rows.map((r) => [
      r.scheme,
      String(r.depth),
      fmt(r.spectrum.largest),
      fmt(r.spectrum.median),
      `${Math.round(r.spectrum.belowMilli * 100)}%`,
    ]),
  );
}

/**
 * The tutorial's claims against the lab's own measurements (docs/initialization.md §7): each row names
 * the claim, what happens, and the number from this run that shows it. Rows whose runs are missing are left out.
 */
export function tutorialTable(runs: readonly LabRun[]): string {
  const find = (activation: string, depth: number, scheme: string) =>
    runs.find((r) => r.activation === activation && r.depth === depth && r.scheme === scheme);
  const rows: string[][] = [];
  const zeros = find('relu', 30, 'zeros');
  if (zeros !== undefined)
    rows.push([
      'zeros (the mean) avoid vanishing/exploding',
      'no weight moves: every weight gradient is 0',
      `relu 30: loss end ${endCell(zeros.training)}, max |grad W| ${fmt(Math.max(...zeros.layers.map((l) => l.weightGradStd ?? 0)))}`,
    ]);
  const wrong = find('relu', 30, 'tutorialStd');
  if (wrong !== undefined)
    rows.push([
      'Xavier std = √6/√(nᵢ+nₒ)',
      'q = 3: variance ×1.5 per ReLU layer, (3/2)^29 = 1.3e5 over 29',
      `relu 30: ratio ${fmt(wrong.varianceRatio)}, var L/L1 ${fmt(wrong.varianceRatio ** 29)}`,
    ]);
  const recipe = find('relu', 30, 'N(0,1)');
  if (recipe !== undefined)
    rows.push([
      'prose recipe: "std" √n_hidden, then renormalize to N(0, 1)',
      'weights N(0, 1): ×√(n/2) in std per ReLU layer; contradicts its own code (randn·√(2/(nᵢ+nₒ)) = Xavier)',
      `relu 30: std L ${fmt(recipe.layers[29]!.preActivationStd)}, loss end ${endCell(recipe.training)}`,
    ]);
  const xavier = find('relu', 30, 'xavierNormal');
  const he = find('relu', 30, 'kaimingNormal');
  if (xavier !== undefined && he !== undefined) {
    const upd = (r: LabRun) => r.layers.slice(0, 30).map((l) => l.updateRatio ?? Number.NaN);
    const span = (xs: number[]) => `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`;
    rows.push([
      'Xavier keeps gradients uniform',
      'uniformly tiny in ReLU nets: activations shrink up, δ shrinks down',
      `relu 30: SGD update/W Xavier ${span(upd(xavier))}, He ${span(upd(he))}`,
    ]);
    rows.push([
      'Xavier is based on mean initialization',
      'it fixes the variance 2/(nᵢ+nₒ); every scheme has mean 0',
      `relu 30: layer-1 pre-act. std Xavier ${fmt(xavier.layers[0]!.preActivationStd)}, He ${fmt(he.layers[0]!.preActivationStd)}`,
    ]);
  }
  // Left-aligned: these cells are sentences, not numbers.
  const header = ['the tutorial says', 'what happens', 'measured'];
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, j) => c.padEnd(widths[j]!))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** `100 steps`, or `100 steps (depth 30: 300)` when some depths train longer. */
export function stepsText(config: LabConfig): string {
  const extra = Object.entries(config.train.stepsAtDepth ?? {}).filter(
    ([d, s]) => s !== config.train.steps && config.depths.includes(Number(d)),
  );
  return `${config.train.steps} steps${extra.length === 0 ? '' : ` (${extra.map(([d, s]) => `depth ${d}: ${s}`).join(', ')})`}`;
}

/** The terminal report: one table per (activation, depth). */
export function textReport(runs: readonly LabRun[], config: LabConfig, spectra: readonly SpectrumRow[] = []): string {
  const parts = [
    `MLP width ${config.width}, ${config.classes} classes, unit-variance inputs, biases 0; stats on ${config.statsBatch} examples; ` +
      `SGD lr ${config.train.lr} momentum ${config.train.momentum}, batch ${config.train.batchSize}, ${stepsText(config)}` +
      `${config.adam === undefined ? '' : `; Adam lr ${config.adam.lr}, same batches`}; seed ${config.seed}`,
  ];
  for (const b of blocks(runs)) parts.push('', `${b.activation}, depth ${b.depth}`, textTable(HEADER, rows(b.runs)));
  if (spectra.length > 0)
    parts.push(
      '',
      'end-to-end singular values of W_L⋯W_1 (hidden weights only; equal variance, different spectrum)',
      spectrumTable(spectra),
    );
  if (runs.some((r) => r.activation === 'relu' && r.depth === 30)) parts.push('', 'the tutorial, measured', tutorialTable(runs));
  parts.push('', ...LEGEND);
  return parts.join('\n');
}

/** A rendered vega-lite figure with its "what to look at" caption; `save` also receives the SVG. */
async function specFigure(spec: TopLevelSpec, caption: string, save?: (svg: string) => void): Promise<string> {
  const svg = await renderSvg(spec);
  save?.(svg);
  return htmlFigure(svg, caption);
}

/**
 * The HTML report: per (activation, depth) the table and three plots, rendered by vega-lite + vega.
 * `saveSvg(name, svg)`, when given, also receives each plot, named like `relu-depth30-std`
 * (`-std`, `-grad`, `-loss`), e.g. to write the figures the docs embed.
 */
export async function htmlReport(
  runs: readonly LabRun[],
  config: LabConfig,
  command: string,
  saveSvg?: (name: string, svg: string) => void,
  spectra: readonly SpectrumRow[] = [],
): Promise<string> {
  const sections: HtmlSection[] = [];
  const headline = headlineSpec(runs);
  if (headline !== null)
    sections.push({
      heading: 'He against Xavier',
      html: await specFigure(headline, lookAt('headline'), saveSvg === undefined ? undefined : (svg) => saveSvg('headline', svg)),
    });
  for (const b of blocks(runs)) {
    const name = `${b.activation}, depth ${b.depth}`;
    const save = (kind: string) =>
      saveSvg === undefined ? undefined : (svg: string) => saveSvg(`${b.activation}-depth${b.depth}-${kind}`, svg);
    const figs = [
      await specFigure(stdPanelsSpec(runs, b.activation, b.depth), lookAt('std'), save('std')),
      await specFigure(gradPanelsSpec(runs, b.activation, b.depth), lookAt('grad'), save('grad')),
      await specFigure(lossPanelsSpec(runs, b.activation, b.depth), lookAt('loss'), save('loss')),
    ];
    // The findings in words (the table's last column only names their kinds).
    const findings = b.runs
      .filter((r) => r.findings.length > 0)
      .map(
        (r) =>
          `<li><b>${escapeHtml(r.scheme)}</b><ul>${r.findings.map((f) => `<li>${escapeHtml(`${f.severity}: ${f.message}`)}</li>`).join('')}</ul></li>`,
      )
      .join('\n');
    const words =
      findings === '' ? '' : `\n<details><summary>what inspectInit says, in words</summary>\n<ul>\n${findings}\n</ul>\n</details>`;
    sections.push({ heading: name, html: `${htmlTable(HEADER, rows(b.runs))}${words}\n<div class="figures">\n${figs.join('\n')}\n</div>` });
  }
  if (spectra.length > 0)
    sections.push({
      heading: 'end-to-end singular values',
      html: `<p>Singular values of W_L⋯W_1 over the hidden weights (no nonlinearity): orthogonal and Gaussian weights have the same variance but not the same spectrum (Saxe et al. 2014).</p>\n<pre>${escapeHtml(spectrumTable(spectra))}</pre>`,
    });
  if (runs.some((r) => r.activation === 'relu' && r.depth === 30))
    sections.push({ heading: 'the tutorial, measured', html: `<pre>${escapeHtml(tutorialTable(runs))}</pre>` });
  const intro = [
    `<p>Produced by <code>${escapeHtml(command)}</code>. ${escapeHtml(textReport([], config).split('\n')[0]!)}.</p>`,
    `<ul>${LEGEND.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`,
  ].join('\n');
  return htmlPage('Seedling init lab: initializations compared', intro, sections);
}
