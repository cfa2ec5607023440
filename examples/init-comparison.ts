/**
 * The init lab (docs/init-reference.md §6–7): MLPs of width 256 and depth 10 and 30, tanh and ReLU,
 * unit-variance inputs and zero biases, initialized twelve ways. For each: per-layer activation and
 * gradient std at initialization (`inspectInit`) beside the theory's prediction, then a short seeded
 * SGD run on a synthetic 10-class task and an Adam run from the same start. Prints tables (with the
 * end-to-end singular values and the tutorial's claims) and writes an HTML report with vega-lite figures.
 *
 *   npm run init-lab [-- --quick] [--out DIR] [--json] [--svg DIR]
 *
 * (from the repository root). The 30-layer nets train 300 steps, the 10-layer ones 100 (`stepsAtDepth`). The
 * full run with 100 steps everywhere took 22 minutes on a shared, loaded two-core machine; the 300-step depth 30
 * about triples the depth-30 training (the Adam column doubles the training; the first edition's run without
 * it took 3 minutes unloaded). `--quick` (width 128, no Adam column, 100 steps everywhere) takes about a quarter
 * of the SGD-only time. The same command prints the same numbers (every draw is seeded).
 * `--json` also writes every measurement next to the HTML report; `--svg DIR` writes each plot as an
 * SVG file into DIR (docs/img/init-lab holds the full run's, embedded in docs/initialization.md).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCli } from '../scripts/cli.ts';

const USAGE = `usage: npm run init-lab [-- [--quick] [--out DIR] [--json] [--svg DIR]]

The init lab: MLPs of width 256 and depth 10 and 30 (tanh, ReLU) initialized twelve ways; per-layer
statistics at initialization and a short seeded training run each. Prints tables and writes an HTML report.

  --quick      width 128 instead of 256, no Adam column (about a quarter of the SGD-only time)
  --out DIR    where the HTML report goes (default: examples/output)
  --json       also write every measurement as JSON next to the report
  --svg DIR    also write each plot as an SVG file into DIR
  -h, --help   print this help and exit`;

const { values: flags } = parseCli(USAGE, {
  options: { quick: { type: 'boolean' }, out: { type: 'string' }, json: { type: 'boolean' }, svg: { type: 'string' } },
});
// Loaded after the arguments are checked, so `--help` and a mistyped flag answer at once.
const [{ htmlReport, textReport }, { FULL_CONFIG, QUICK_CONFIG, runInitLab }, { endToEndSpectrum }, { buildMlp }, { schemeById }] =
  await Promise.all([
    import('./lib/init-lab/report.ts'),
    import('./lib/init-lab/run.ts'),
    import('./lib/init-lab/spectrum.ts'),
    import('./lib/init-lab/mlp.ts'),
    import('./lib/init-lab/schemes.ts'),
  ]);
const quick = flags.quick === true;
const here = dirname(fileURLToPath(import.meta.url));
// npm scripts run inside examples/: resolve user paths against where the command was typed (INIT_CWD).
const userCwd = process.env.INIT_CWD ?? process.cwd();
const outDir = resolve(userCwd, flags.out ?? join(here, 'output'));
const config = quick ? QUICK_CONFIG : FULL_CONFIG;
const command = `npm run init-lab${quick ? ' -- --quick' : ''}`;

const started = performance.now();
const runs = runInitLab(config, {
  onRun: (r, i, n) => process.stderr.write(`\r[${i}/${n}] ${r.activation} depth ${r.depth} ${r.scheme}`.padEnd(60)),
});
process.stderr.write(`${`\rdone in ${((performance.now() - started) / 1000).toFixed(0)} s`.padEnd(60)}\n`);

// The same weights as the lab's nets (same seeds); the activation does not change them.
const spectra = config.depths.flatMap((depth) =>
  ['xavierNormal', 'orthogonal'].map((id) => ({
    depth,
    scheme: id,
    spectrum: endToEndSpectrum(
      buildMlp({
        depth,
        width: config.width,
        inputs: config.width,
        classes: config.classes,
        activation: 'relu',
        scheme: schemeById(id),
        seed: config.seed,
      }),
    ),
  })),
);
console.log(textReport(runs, config, spectra));
mkdirSync(outDir, { recursive: true });
const htmlPath = join(outDir, quick ? 'init-comparison-quick.html' : 'init-comparison.html');
const svgDir = flags.svg === undefined ? undefined : resolve(userCwd, flags.svg);
if (svgDir !== undefined) mkdirSync(svgDir, { recursive: true });
const saveSvg = svgDir === undefined ? undefined : (name: string, svg: string) => writeFileSync(join(svgDir, `${name}.svg`), svg);
writeFileSync(htmlPath, await htmlReport(runs, config, command, saveSvg, spectra));
if (flags.json === true)
  writeFileSync(
    htmlPath.replace(/\.html$/, '.json'),
    JSON.stringify({ config: { ...config, schemes: config.schemes.map((s) => s.id) }, runs }, null, 1),
  );
console.log(`\nHTML report: ${htmlPath}`);
