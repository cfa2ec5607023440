/**
 * Benchmark entry point: `npm run bench` (from benchmarks/; add `-- --quick` for a short run).
 *
 * Flags: `--quick` (fewer sizes, shorter sampling, one round), `--filter <text>` (only cases whose name
 * contains it), `--rounds <n>` (times each engine is measured, keeping its fastest; default 2, quick 1),
 * `--out <file>` (results JSON; default results/latest.json, relative to this directory).
 * Prints one Markdown table row per case as it finishes, then writes the JSON.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCases } from './lib/harness.ts';
import { tableHeader, tableRow } from './lib/report.ts';
import { initTfjs } from './lib/tfjs.ts';
import { suites } from './suites/index.ts';

function argValue(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const filter = argValue(args, '--filter');
  const here = path.dirname(fileURLToPath(import.meta.url));
  const out = path.resolve(here, argValue(args, '--out') ?? 'results/latest.json');
  const roundsArg = argValue(args, '--rounds');
  const rounds = roundsArg === undefined ? (quick ? 1 : 2) : Number(roundsArg);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`benchmarks: --rounds must be a positive integer, got ${roundsArg}`);
  const options = quick ? { maxTime: 0.5, minSamples: 3, rounds } : { maxTime: 2, minSamples: 5, rounds };
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  await initTfjs(); // before any output: TensorFlow.js prints a banner on first use
  const loadBefore = os.loadavg()[0] ?? 0;
  console.log(`Seedling benchmarks — node ${process.version}, ${cpu}, ${os.cpus().length} cores${quick ? ', --quick' : ''}`);
  console.log(`Figures: mean ± relative margin of error, best of ${rounds} round(s); ratio = Seedling ÷ peer (ms rows: below 1 = Seedling faster).\n`);

  const suiteResults = [];
  for (const suite of suites) {
    const cases = suite.cases({ quick }).filter((c) => filter === undefined || c.name.includes(filter));
    if (cases.length === 0) continue;
    console.log(`### ${suite.name}\n\n${tableHeader()}`);
    const results = await runCases(cases, { ...options, onResult: (r) => console.log(tableRow(r)) });
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
    quick,
    filter: filter ?? null,
    options,
    suites: suiteResults,
  };
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`Wrote ${path.relative(process.cwd(), out)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
