/**
 * Every command-line script parses its arguments strictly (scripts/cli.ts): `--help` prints the usage and
 * exits 0, an unknown flag prints the problem and the usage and exits 2 — in both cases before any work
 * starts (a script that ignored them would start training or benchmarking and time this test out).
 */
import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function exec(command: string, args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((done) => {
    execFile(command, args, { cwd, timeout: 100_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      done({ code, stdout, stderr });
    });
  });
}

/**
 * Runs a script under tsx with the source condition, as its usage says; through `node --import tsx` (one
 * process instead of the tsx binary's two, from the root where tsx is installed) to keep this test cheap.
 */
const run = (file: string, args: readonly string[]): Promise<Run> =>
  exec(process.execPath, ['--import', 'tsx', '--conditions=@seedling-ml/source', join(root, file), ...args], root);

/** Each CLI, the first line of its usage, and one wrong argument list. */
const CLIS: readonly (readonly [file: string, usage: string, bad: readonly string[]])[] = [
  ['examples/init-comparison.ts', 'usage: npm run init-lab', ['--quik']],
  ['examples/mnist-mlp.ts', 'usage: npm run example', ['--epochs', '3']],
  ['examples/mnist-cnn.ts', 'usage: npm --prefix examples run mnist-cnn', ['--epochs', 'many']],
  ['examples/xor.ts', 'usage: npx tsx --conditions=@seedling-ml/source xor.ts', ['--lr=0.1']],
  ['examples/spirals.ts', 'usage: npx tsx --conditions=@seedling-ml/source spirals.ts', ['fast']],
  ['examples/iris.ts', 'usage: npx tsx --conditions=@seedling-ml/source iris.ts', ['-q']],
  ['benchmarks/run.ts', 'usage: npm run bench', ['--quick', '--filtr', 'matmul']],
  ['benchmarks/profile/training-step.ts', 'usage: npx tsx --conditions=@seedling-ml/source profile/training-step.ts', ['--batch']],
  ['benchmarks/profile/optimizer-step.ts', 'usage: npx tsx --conditions=@seedling-ml/source profile/optimizer-step.ts', ['--all']],
  [
    'benchmarks/profile/threads-step.ts',
    'usage: npx tsx --conditions=@seedling-ml/source profile/threads-step.ts',
    ['--optimizer', 'rmsprop'],
  ],
  ['benchmarks/profile/mnist-epoch.ts', 'usage: npx tsx --conditions=@seedling-ml/source profile/mnist-epoch.ts', ['--digits', '20000']],
  ['benchmarks/profile/seedling-rows.ts', 'usage: npx tsx --conditions=@seedling-ml/source profile/seedling-rows.ts', ['--secs', '2']],
  ['benchmarks/profile/summarize-cpuprofile.ts', 'usage: npx tsx profile/summarize-cpuprofile.ts', ['a.cpuprofile', '--top', 'many']],
];

// Generous timeouts: each script needs about a second of CPU, but a shared machine can stretch that a lot.
describe.concurrent('command-line scripts', { timeout: 120_000 }, () => {
  for (const [file, usage, bad] of CLIS) {
    test(`${file} --help prints the usage and exits 0`, async () => {
      const r = await run(file, ['--help']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.startsWith(usage)).toBe(true);
      expect(r.stdout).toContain('-h, --help');
    });
    test(`${file} ${bad.join(' ')} exits 2 with the usage`, async () => {
      const r = await run(file, bad);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(usage);
    });
  }

  test('the root npm command passes flags through: npm run init-lab -- --help', async () => {
    const r = await exec('npm', ['run', 'init-lab', '--silent', '--', '--help'], root);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('usage: npm run init-lab');
  });
});
