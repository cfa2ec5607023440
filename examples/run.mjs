// Runs one example from an esbuild bundle under plain `node`:  node run.mjs <example.ts> [args…]
// (what `npm run example` and the other scripts of examples/package.json do).
//
// Why not tsx: its ESM loader hooks run in a second V8 isolate and compile every source file inside the
// example's process, ≈ 60 MB of the MNIST example's peak RSS (docs/benchmarks.md, "Memory: the MNIST example").
// bundle-example.mjs writes the bundle (in a short-lived process: esbuild's JS API would otherwise stay
// loaded in this one for the whole run); the bundle then runs in a child `node --enable-source-maps` with this
// process's stdio, and the child's exit code, or its signal, becomes this process's. Plain JavaScript with
// Node's built-in modules only, so this process starts without a TypeScript loader and stays small.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const USAGE = 'usage: node run.mjs <example.ts> [arguments for the example…]   (in examples/)';
const bundler = join(dirname(fileURLToPath(import.meta.url)), 'bundle-example.mjs');

const [target, ...rest] = process.argv.slice(2);
if (target === undefined || target === '--help' || target === '-h') {
  (target === undefined ? console.error : console.log)(USAGE);
  process.exit(target === undefined ? 2 : 0);
}
const built = spawnSync(process.execPath, [bundler, resolve(target)], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
if (built.status !== 0) process.exit(built.status ?? 1);
const outFile = built.stdout.trim();

const child = spawn(process.execPath, ['--enable-source-maps', outFile, ...rest], { stdio: 'inherit' });
// Ctrl-C reaches the child too (same process group): let it decide how to stop, then report how it did.
// A SIGTERM sent to this process alone is passed on.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => {
  if (signal !== null) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
    return;
  }
  process.exitCode = code ?? 1;
});
child.on('error', (e) => {
  console.error(e);
  process.exitCode = 1;
});
