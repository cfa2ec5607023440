/**
 * Benchmark entry point: `npm run bench` (from benchmarks/; add `-- --quick` for a short run).
 *
 * Flags: `--quick` (fewer sizes, shorter sampling, one round), `--filter <text>` (only cases whose name
 * contains it; `a|b` for cases containing a or b), `--rounds <n>` (times each engine is measured, keeping its fastest; default 2, quick 1),
 * `--out <file>` (results JSON; default results/latest.json, relative to this directory), `--core-simd` (keep
 * V8's relaxed SIMD off on Node 20, so the GEMM runs its core-SIMD build; see lib/relaxed-simd.ts).
 * Prints one Markdown table row per case as it finishes, then writes the JSON.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { intOption, parseCli } from '../scripts/cli.ts';

const USAGE = `usage: npm run bench [-- [--quick] [--filter TEXT] [--rounds N] [--out FILE] [--core-simd]]

Times Seedling against TensorFlow.js (and other peers) and prints one Markdown table row per case.

  --quick          fewer sizes, shorter sampling, one round
  --filter TEXT    only the cases whose name contains TEXT; alternatives separated by | (a|b: a or b)
  --rounds N       times each engine is measured, keeping its fastest (default 2, quick 1)
  --out FILE       results JSON (default results/latest.json, relative to benchmarks/)
  --core-simd      do not turn on relaxed SIMD where the engine needs a flag for it (Node 20): measure the
                   GEMM's core-SIMD build instead of its fused multiply-add build
  -h, --help       print this help and exit`;

async function main(): Promise<void> {
  const { values: flags } = parseCli(USAGE, {
    options: {
      quick: { type: 'boolean' },
      filter: { type: 'string' },
      rounds: { type: 'string' },
      out: { type: 'string' },
      'core-simd': { type: 'boolean' },
    },
  });
  const quick = flags.quick === true;
  const filter = flags.filter;
  // 'a|b' keeps the cases whose name contains a or b: one process (one sitting) for the rows a target names.
  const wanted = filter === undefined ? null : filter.split('|').filter((t) => t !== '');
  const here = path.dirname(fileURLToPath(import.meta.url));
  const out = path.resolve(here, flags.out ?? 'results/latest.json');
  const rounds = intOption(USAGE, 'rounds', flags.rounds, quick ? 1 : 2);
  // Before any kernel is loaded: the GEMM picks its build on first use.
  const { describeRelaxedSimd, enableRelaxedSimd } = await import('./lib/relaxed-simd.ts');
  const relaxedSimd = flags['core-simd'] === true ? 'declined' : enableRelaxedSimd();
  // Loaded only now, so `--help` and a mistyped flag answer at once instead of after TensorFlow.js loads.
  const [{ runCases }, { tableHeader, tableRow }, { initTfjs }, { suites }, { startPytorch }] = await Promise.all([
    import('./lib/harness.ts'),
    import('./lib/report.ts'),
    import('./lib/tfjs.ts'),
    import('./suites/index.ts'),
    import('./lib/pytorch.ts'),
  ]);
  const options = quick ? { maxTime: 0.5, minSamples: 3, rounds } : { maxTime: 2, minSamples: 5, rounds };
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  await initTfjs(); // before any output: TensorFlow.js prints a banner on first use
  const pytorch = await startPytorch(); // prints a note and returns null without python3 + torch
  const loadBefore = os.loadavg()[0] ?? 0;
  console.log(`Seedling benchmarks — node ${process.version}, ${cpu}, ${os.cpus().length} cores${quick ? ', --quick' : ''}`);
  console.log(describeRelaxedSimd(relaxedSimd));
  if (pytorch !== null)
    console.log(`PyTorch ${pytorch.version} CPU: torch-1t = torch.set_num_threads(1), torch-all = ${pytorch.cores} threads.`);
  console.log(
    `Figures: mean ± relative margin of error, best of ${rounds} round(s); ratio = Seedling ÷ peer (ms rows: below 1 = Seedling faster).`,
  );
  console.log(
    'Threaded rows: (probe a×, b×) = what the threads gained on a 512³ product just before and after their samples (near 1: the host left no second core free).\n',
  );

  const suiteResults = [];
  for (const suite of suites) {
    const cases = suite.cases({ quick }).filter((c) => wanted === null || wanted.some((t) => c.name.includes(t)));
    if (cases.length === 0) continue;
    console.log(`### ${suite.name}\n\n${tableHeader()}`);
    const results = await runCases(cases, { ...options, pytorch, onResult: (r) => console.log(tableRow(r)) });
    console.log('');
    suiteResults.push({ suite: suite.name, results });
  }

  const report = {
    date: new Date().toISOString(),
    node: process.version,
    cpu,
    cores: os.cpus().length,
    platform: `${process.platform}-${process.arch}`,
    // 1-minute load average before and after: above ~1 on this 2-core machine, other work competed.
    loadAverage: { before: loadBefore, after: os.loadavg()[0] ?? 0 },
    relaxedSimd,
    pytorch: pytorch === null ? null : { version: pytorch.version, threadsAll: pytorch.cores },
    quick,
    filter: filter ?? null,
    options,
    suites: suiteResults,
  };
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  pytorch?.close();
  console.log(`Wrote ${path.relative(process.cwd(), out)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  // exit now: a PyTorch child process still waiting on its stdin would keep Node alive.
  process.exit(1);
});
