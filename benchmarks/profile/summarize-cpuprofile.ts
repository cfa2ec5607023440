/**
 * Summarizes a V8 `.cpuprofile` (from `node --cpu-prof`): self time per function and per area of the
 * code base (matrix products, element-wise kernels, autograd engine, optimizer, …), in percent of the
 * profiled time that was not idle.
 *
 *   npx tsx profile/summarize-cpuprofile.ts /tmp/prof/CPU.*.cpuprofile [--top 25]
 */
import { readFileSync } from 'node:fs';
import { intOption, parseCli } from '../../scripts/cli.ts';

const USAGE = `usage: npx tsx profile/summarize-cpuprofile.ts FILE.cpuprofile [--top N]   (from benchmarks/)

Self time of a V8 CPU profile per function and per area of the code base.

  --top N      how many functions to list (default 25)
  -h, --help   print this help and exit`;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The area a function belongs to, from its source file; first match wins. */
const AREAS: [string, RegExp][] = [
  ['matmul (WASM SIMD kernel)', /^wasm:|wasm-function|^\$?gemm$|^\$?pack$/],
  ['matmul (JS: packing, copies, JS gemm)', /tensor\/src\/(matmul|kernels\/)/],
  ['element-wise kernels', /tensor\/src\/(elementwise|binary|unary|broadcast|broadcast-plan|erf-scalar)\.ts/],
  ['reductions / indexing kernels', /tensor\/src\/(reduce|reduce-kernel|take-along-axis|gather|indexing|one-hot)\.ts/],
  ['other tensor (creation, shapes, NDArray)', /tensor\/src\//],
  [
    'autograd engine (graph, backward walk, accumulation)',
    /autograd\/src\/(engine|op|accumulate|grad-mode|tensor|tensor-like|shape-util)\.ts/,
  ],
  ['autograd op VJPs / composed ops', /autograd\/src\//],
  ['nn (modules, losses)', /nn\/src\//],
  ['optimizer', /optim\/src\//],
  ['garbage collector', /^\(garbage collector\)$/],
  ['benchmark script', /benchmarks\//],
];

function areaOf(frame: ProfileNode['callFrame']): string {
  const key = frame.url === '' ? frame.functionName : frame.url;
  for (const [area, pattern] of AREAS) if (pattern.test(key) || pattern.test(frame.functionName)) return area;
  return frame.url === '' ? `(${frame.functionName || 'anonymous'})` : 'other (node, tsx, libraries)';
}

const { values: flags, positionals } = parseCli(USAGE, { options: { top: { type: 'string' } }, allowPositionals: true });
if (positionals.length !== 1) {
  process.stderr.write(`expected one .cpuprofile file, got ${positionals.length}\n\n${USAGE}\n`);
  process.exit(2);
}
const file = positionals[0]!;
const top = intOption(USAGE, 'top', flags.top, 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfMicros = new Map<number, number>();
profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const byFunction = new Map<string, number>();
const byArea = new Map<string, number>();
let busy = 0;
for (const [id, micros] of selfMicros) {
  const frame = byId.get(id)!.callFrame;
  if (frame.functionName === '(idle)') continue;
  busy += micros;
  // Line numbers are left out: tsx's transformed modules report every function on line 1.
  const where = frame.url === '' ? '' : ` ${frame.url.replace(/^.*\/(packages|benchmarks)\//, '$1/')}`;
  const fn = `${frame.functionName || '(anonymous)'}${where}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros);
  const area = areaOf(frame);
  byArea.set(area, (byArea.get(area) ?? 0) + micros);
}

const pct = (micros: number) => `${((100 * micros) / busy).toFixed(1).padStart(5)} %`;
console.log(`${(busy / 1e3).toFixed(0)} ms busy (idle excluded)\n\nBy area (self time):`);
for (const [area, micros] of [...byArea].sort((a, b) => b[1] - a[1])) console.log(`  ${pct(micros)}  ${area}`);
console.log(`\nTop ${top} functions (self time):`);
for (const [fn, micros] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(micros)}  ${fn}`);
