/**
 * Redraws the init lab's figures from the JSON a `npm run init-lab -- --json` run writes next to its
 * HTML report, in English and Chinese, without rerunning the experiment (run inside examples/):
 *
 *   npx tsx --conditions=@seedling-ml/source init-figures.ts <lab json> <output dir>
 *
 * It writes one SVG per figure: the headline, and {relu,tanh}-depth{10,30}-{std,grad,loss}; the Chinese
 * ones end in `.zh-CN` before the extension.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { type FigureLang, gradPanelsSpec, headlineSpec, lossPanelsSpec, stdPanelsSpec } from './lib/init-lab/figures.ts';
import type { LabRun } from './lib/init-lab/run.ts';
import { renderSvg } from './lib/plot.ts';

const [jsonPath, outDir] = process.argv.slice(2);
if (jsonPath === undefined || outDir === undefined) {
  console.error('usage: init-figures.ts <lab json> <output dir>');
  process.exit(2);
}
// JSON has no NaN/Infinity: the lab writes them as null (JSON.stringify), which the figures skip as non-finite.
const revive = (_k: string, v: unknown) => (v === null ? Number.NaN : v);
const { runs } = JSON.parse(readFileSync(jsonPath, 'utf8'), revive) as { runs: LabRun[] };
for (const r of runs) if (typeof r.trainingAdam !== 'object' || Number.isNaN(r.trainingAdam as unknown as number)) r.trainingAdam = null;
for (const r of runs) if (!Array.isArray(r.predictedStd)) r.predictedStd = null;
mkdirSync(outDir, { recursive: true });
const write = async (name: string, lang: FigureLang, spec: TopLevelSpec | null) => {
  if (spec === null) return;
  writeFileSync(join(outDir, `${name}${lang === 'en' ? '' : '.zh-CN'}.svg`), await renderSvg(spec));
};
const blocks = [...new Set(runs.map((r) => `${r.activation}:${r.depth}`))].map((k) => k.split(':') as [string, string]);
for (const lang of ['en', 'zh-CN'] as const) {
  await write('headline', lang, headlineSpec(runs, lang));
  for (const [a, d] of blocks) {
    await write(`${a}-depth${d}-std`, lang, stdPanelsSpec(runs, a, Number(d), lang));
    await write(`${a}-depth${d}-grad`, lang, gradPanelsSpec(runs, a, Number(d), lang));
    await write(`${a}-depth${d}-loss`, lang, lossPanelsSpec(runs, a, Number(d), lang));
  }
}
console.log(`figures written to ${outDir}`);
