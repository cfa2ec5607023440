/**
 * Seedling's figure for chosen benchmark cases without running any peer (no TensorFlow.js engine, no
 * PyTorch): each case is warmed up once, then called for `--seconds`, and the mean, median and best call
 * are printed in the case's unit. On a machine shared with other jobs the best call (and the median) track
 * the code far better than the mean, which collects every preemption; compare two trees by running this
 * in each, alternately, in the same sitting.
 *
 * From benchmarks/:
 *   npx tsx --conditions=@seedling-ml/source profile/seedling-rows.ts --seconds 4 "add f32 1M" "train step 784-256-128-10 SGD batch 64"
 * Like `run.ts`, it turns on relaxed SIMD where Node 20 needs the flag (the GEMM's FMA build) unless `--core-simd`,
 * and sets each case's thread count as the harness does.
 */
import { parseCli } from '../../scripts/cli.ts';
import { setNumThreads } from '@seedling-ml/tensor';
import { describeRelaxedSimd, enableRelaxedSimd } from '../lib/relaxed-simd.ts';
import { suites } from '../suites/index.ts';

const USAGE = `usage: npx tsx --conditions=@seedling-ml/source profile/seedling-rows.ts [--seconds S] CASE...   (from benchmarks/)

Times Seedling alone on the benchmark cases named exactly (e.g. "add f32 1M") and prints mean, median and best.

  --seconds S   sampling time per case after one warm-up call (default 4)
  --core-simd   keep V8's relaxed SIMD off (Node 20): the GEMM's core-SIMD build
  -h, --help    print this help and exit`;

const { values: flags, positionals: names } = parseCli(USAGE, {
  options: { seconds: { type: 'string' }, 'core-simd': { type: 'boolean' } },
  allowPositionals: true,
});
const seconds = Number(flags.seconds ?? 4);
if (!(seconds > 0) || names.length === 0) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
console.log(describeRelaxedSimd(flags['core-simd'] === true ? 'declined' : enableRelaxedSimd()));
const wanted = new Set(names);
for (const suite of suites) {
  for (const c of suite.cases({ quick: false })) {
    if (!wanted.has(c.name)) continue;
    wanted.delete(c.name);
    setNumThreads(c.threads ?? 1);
    c.seedling();
    // A threaded case's first product starts the pool in the background: let the workers come up (as the harness does).
    if ((c.threads ?? 1) > 1) await new Promise((resolve) => setTimeout(resolve, 500));
    const times: number[] = [];
    const end = performance.now() + seconds * 1000;
    while (performance.now() < end || times.length < 3) {
      const t = performance.now();
      c.seedling();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const mean = times.reduce((s, x) => s + x, 0) / times.length;
    // ms rows print milliseconds; throughput rows convert the call time with the case's work.
    const figure = (ms: number) => (c.unit === 'ms' ? ms : c.work / (ms / 1000) / 1e9).toPrecision(3);
    console.log(
      `${c.name} | ${c.unit} | mean ${figure(mean)} | median ${figure(times[times.length >> 1]!)} | best ${figure(times[0]!)} | ${times.length} calls`,
    );
  }
}
if (wanted.size > 0) console.log(`no such case: ${[...wanted].join(', ')}`);
