/**
 * examples/run.mjs (what `npm run example` and the other example scripts use) bundles an example with esbuild
 * and runs the bundle under plain `node`. These runs check that a bundled module still sees its own
 * `import.meta.url`, that arguments, the exit code and a throw's source-mapped stack get through, and that an
 * example prints exactly what it prints under tsx.
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';

const examples = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const probe = join(examples, 'test', 'fixtures', 'run-probe.ts');
const helper = join(examples, 'test', 'fixtures', 'run-probe-helper.ts');

interface Run {
  code: number;
  signal: string | null;
  stdout: string;
  stderr: string;
}

function exec(args: readonly string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, args, { cwd: examples, timeout: 100_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      done({ code, signal: error?.signal ?? null, stdout, stderr });
    });
  });
}

const runBundled = (file: string, args: readonly string[] = []): Promise<Run> => exec(['run.mjs', file, ...args]);

// Generous timeouts: each run needs about a second of CPU, but a shared machine can stretch that a lot.
describe.concurrent('examples/run.mjs', { timeout: 120_000 }, () => {
  test('bundled modules keep their own import.meta.url; arguments and the exit code get through', async () => {
    const r = await runBundled('test/fixtures/run-probe.ts', ['--code', '3', 'extra']);
    expect(r.code, r.stderr).toBe(3);
    expect(JSON.parse(r.stdout)).toEqual({
      url: pathToFileURL(probe).href,
      helperUrl: pathToFileURL(helper).href,
      npmPackageDir: dirname(createRequire(helper).resolve('mnist')),
      isMain: true,
      args: ['--code', '3', 'extra'],
    });
  });

  test('a script outside examples/ also keeps its import.meta.url', async () => {
    // A fixed path in the repository's gitignored .tmp/, so reruns reuse one bundle (named by a hash of the path).
    const dir = join(examples, '..', '.tmp', 'run-test');
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'outside.ts');
    await writeFile(file, 'console.log(import.meta.url);\n');
    const r = await runBundled(file);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(pathToFileURL(file).href);
  });

  test('a throw exits 1 with a stack trace that names the .ts line', async () => {
    const r = await runBundled('test/fixtures/run-probe.ts', ['--throw']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('run-probe: asked to throw');
    expect(r.stderr).toContain(`${probe}:8:`); // the `throw` line of run-probe.ts
  });

  test('a child killed by a signal takes the runner down with the same signal', async () => {
    const r = await runBundled('test/fixtures/run-probe.ts', ['--kill', 'SIGTERM']);
    expect(r.signal).toBe('SIGTERM');
  });

  test('an example rejecting an argument exits 2 with its usage', async () => {
    const r = await runBundled('xor.ts', ['--bogus']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('usage: ');
  });

  test('a file that does not build exits 1 with esbuild’s error', async () => {
    const r = await runBundled('no-such-example.ts');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no-such-example.ts');
  });

  test('xor prints the same lines bundled as under tsx', async () => {
    const [bundled, tsx] = await Promise.all([
      runBundled('xor.ts'),
      exec(['--import', 'tsx', '--conditions=@seedling-ml/source', 'xor.ts']),
    ]);
    expect(bundled.code, bundled.stderr).toBe(0);
    expect(tsx.code, tsx.stderr).toBe(0);
    expect(bundled.stdout).toContain('accuracy:');
    expect(bundled.stdout).toBe(tsx.stdout);
  });
});
