/**
 * Draws the figure of the CNN init lab (docs/initialization.md, "Deep plain CNNs"): 32 plain 3×3 conv
 * layers of 16 channels on 8×8 images, tanh and ReLU, He / Xavier / orthogonal / delta-orthogonal, the
 * pre-activation std per layer of three seeded nets beside the theory with zero padding. Writes
 * `cnn-depth32-std.svg` and `cnn-depth32-std.zh-CN.svg` (run inside examples/; a few seconds):
 *
 *   npx tsx --conditions=@seedling-ml/source cnn-init-figure.ts <output dir>
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { USAGE_EXIT_CODE, parseCli } from '../scripts/cli.ts';

const USAGE = `usage: npx tsx --conditions=@seedling-ml/source cnn-init-figure.ts <output dir>

Draws the CNN init lab's figure (English and Chinese SVG) into <output dir>.

  -h, --help   print this help and exit`;

const { positionals } = parseCli(USAGE, { options: {}, allowPositionals: true });
const [outDir] = positionals;
if (outDir === undefined || positionals.length > 1) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(USAGE_EXIT_CODE);
}
// Loaded after the arguments are checked, so `--help` and a mistake answer at once.
const [{ CNN_SHAPE, cnnSchemes, cnnTheory, measureCnn }, { cnnStdSpec }, { renderSvg }] = await Promise.all([
  import('./lib/init-lab/cnn.ts'),
  import('./lib/init-lab/figures.ts'),
  import('./lib/plot.ts'),
]);
type CnnFigurePoint = import('./lib/init-lab/figures.ts').CnnFigurePoint;

// The same nets as the docs' block: seeds 0, 1000, 2000 (layer i of a net is seeded seed + i).
const points: CnnFigurePoint[] = [];
for (const activation of ['tanh', 'relu'] as const) {
  for (const scheme of cnnSchemes(activation)) {
    cnnTheory(activation, scheme, CNN_SHAPE).std.forEach((std, i) =>
      points.push({ activation, scheme: scheme.id, source: 'theory', layer: i + 1, std }),
    );
    [0, 1000, 2000].forEach((seed, k) =>
      measureCnn(activation, scheme, CNN_SHAPE, seed).std.forEach((std, i) =>
        points.push({ activation, scheme: scheme.id, source: k + 1, layer: i + 1, std }),
      ),
    );
  }
}
mkdirSync(outDir, { recursive: true });
for (const lang of ['en', 'zh-CN'] as const)
  writeFileSync(join(outDir, `cnn-depth32-std${lang === 'en' ? '' : '.zh-CN'}.svg`), await renderSvg(cnnStdSpec(points, CNN_SHAPE, lang)));
console.log(`figures written to ${outDir}`);
