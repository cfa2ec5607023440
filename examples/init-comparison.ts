/**
 * The init lab (INIT-REFERENCE.md §6–7): MLPs of width 256 and depth 10 and 30, tanh and ReLU,
 * unit-variance inputs and zero biases, initialized ten ways. For each: per-layer activation and
 * gradient std at initialization (`inspectInit`), then a short seeded SGD run on a synthetic
 * 10-class task. Prints tables and writes an HTML report with vega-lite plots.
 *
 *   npm run init-lab [-- --quick] [--out DIR] [--json] [--svg DIR]
 *
 * (from the repository root). The full run takes about three minutes on two cores, `--quick` (width
 * 128) about a quarter of that. The same command prints the same numbers (every draw is seeded).
 * `--json` also writes every measurement next to the HTML report; `--svg DIR` writes each plot as an
 * SVG file into DIR (docs/img/init-lab holds the full run's, embedded in docs/initialization.md).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { htmlReport, textReport } from './lib/init-lab/report.ts';
import { FULL_CONFIG, QUICK_CONFIG, runInitLab } from './lib/init-lab/run.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const outArg = args.indexOf('--out');
const here = dirname(fileURLToPath(import.meta.url));
// npm scripts run inside examples/: resolve user paths against where the command was typed (INIT_CWD).
const userCwd = process.env.INIT_CWD ?? process.cwd();
const outDir = resolve(userCwd, outArg >= 0 && args[outArg + 1] !== undefined ? args[outArg + 1]! : join(here, 'output'));
const config = quick ? QUICK_CONFIG : FULL_CONFIG;
const command = `npm run init-lab${quick ? ' -- --quick' : ''}`;

const started = performance.now();
const runs = runInitLab(config, {
  onRun: (r, i, n) => process.stderr.write(`\r[${i}/${n}] ${r.activation} depth ${r.depth} ${r.scheme}`.padEnd(60)),
});
process.stderr.write(`\rdone in ${((performance.now() - started) / 1000).toFixed(0)} s`.padEnd(60) + '\n');

console.log(textReport(runs, config));
mkdirSync(outDir, { recursive: true });
const htmlPath = join(outDir, quick ? 'init-comparison-quick.html' : 'init-comparison.html');
const svgArg = args.indexOf('--svg');
const svgDir = svgArg >= 0 && args[svgArg + 1] !== undefined ? resolve(userCwd, args[svgArg + 1]!) : undefined;
if (svgDir !== undefined) mkdirSync(svgDir, { recursive: true });
const saveSvg = svgDir === undefined ? undefined : (name: string, svg: string) => writeFileSync(join(svgDir, `${name}.svg`), svg);
writeFileSync(htmlPath, await htmlReport(runs, config, command, saveSvg));
if (args.includes('--json')) writeFileSync(htmlPath.replace(/\.html$/, '.json'), JSON.stringify({ config: { ...config, schemes: config.schemes.map((s) => s.id) }, runs }, null, 1));
console.log(`\nHTML report: ${htmlPath}`);
