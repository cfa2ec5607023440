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
import { USAGE_EXIT_CODE, parseCli } from '../scripts/cli.ts';

const USAGE = `usage: npx tsx --conditions=@seedling-ml/source init-figures.ts <lab json> <output dir>

Redraws the init lab's figures (English and Chinese) from the JSON of \`npm run init-lab -- --json\`.

  -h, --help   print this help and exit`;

const { positionals } = parseCli(USAGE, { options: {}, allowPositionals: true });
const [jsonPath, outDir] = positionals;
if (jsonPath === undefined || outDir === undefined || positionals.length > 2) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(USAGE_EXIT_CODE);
}
// Loaded after the arguments are checked, so `--help` and a mistake answer at once.
const [{ gradPanelsSpec, headlineSpec, lossPanelsSpec, stdPanelsSpec }, { renderSvg }] = await Promise.all([
  import('./lib/init-lab/figures.ts'),
  import('./lib/plot.ts'),
]);
type FigureLang = import('./lib/init-lab/figures.ts').FigureLang;
type LabRun = import('./lib/init-lab/run.ts').LabRun;
type TopLevelSpec = import('vega-lite').TopLevelSpec;
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
