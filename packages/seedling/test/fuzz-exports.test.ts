/**
 * Fuzzes the whole public surface (issue 11, "Deliver"): every exported function and constructor of every
 * package (the node entries of train and of the umbrella included; methods: fuzz-methods.test.ts) is called with arbitrary — mostly mistyped — arguments, and must either return or throw an error
 * of the library's own class (`SeedlingError`) whose message starts with the `op` it names. A TypeError or
 * RangeError from inside, or any other foreign error, fails. A test fails when an export is neither fuzzed
 * nor listed in NOT_FUZZED with its reason, so a new export cannot be forgotten.
 *
 * Sizes stay bounded: the element limit is lowered to 100,000 for the run (so no argument can allocate
 * much), and the argument pool holds no size above what the limit refuses.
 */
import * as autograd from '@seedling-ml/autograd';
import * as data from '@seedling-ml/data';
import * as nn from '@seedling-ml/nn';
import * as optim from '@seedling-ml/optim';
import * as tensorPkg from '@seedling-ml/tensor';
import * as train from '@seedling-ml/train';
import * as trainNode from '@seedling-ml/train/node';
import { setMaxElements } from '@seedling-ml/tensor';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as umbrella from '../src/index.ts';
import * as umbrellaNode from '../src/node.ts';
import { POOL, arbArgs, isClass, problem } from './fuzz-pool.ts';

const PACKAGES: Record<string, Record<string, unknown>> = {
  '@seedling-ml/tensor': tensorPkg,
  '@seedling-ml/autograd': autograd,
  '@seedling-ml/nn': nn,
  '@seedling-ml/optim': optim,
  '@seedling-ml/data': data,
  '@seedling-ml/train': train,
  '@seedling-ml/train/node': trainNode,
  'seedling-ml': umbrella,
  'seedling-ml/node': umbrellaNode,
};

/**
 * Packages whose functions read and write the paths they are given: fuzzed inside a temporary folder (every
 * non-empty string argument becomes a file name in it), and an error of the file system itself (a missing
 * file: Node's error with `code` and `syscall`) is an acceptable refusal, as from `fs`.
 */
const FILE_PACKAGES = new Set(['seedling-ml/node']);
let fileDir = '';
const inFileDir = (a: unknown): unknown => (typeof a === 'string' && a !== '' ? join(fileDir, a) : a);
const isFileSystemError = (e: unknown): boolean =>
  e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && typeof (e as NodeJS.ErrnoException).syscall === 'string';

/** Exports not fuzzed here, each with the reason (and where it is tested instead). */
const EXTENSION_API =
  'building block for writing ops, layers, optimizers or diagnostics: called by library code with checked arguments (its callers are fuzzed), not an entry point for user data';
const NOT_FUZZED: Record<string, string> = {
  ...Object.fromEntries(
    [
      'formatShape',
      'checkDType',
      'allocate',
      'dtypeOption',
      'checkShape',
      'requireArray',
      'sizeOf',
      'stridesOf',
      'normalizeAxis',
      'normalizeAxes',
      'broadcastShapes',
      'shapesEqual',
      'checkNDArray',
      'checkArg',
      'checkOptions',
      'checkOptionKeys',
      'checkPoolOptions',
      'checkElementLimit',
      'versionOf',
      'bumpVersion',
      'Node',
      'apply',
      'ParameterFactory',
      'resolveRng',
      'InitReport',
      'findProblems',
      'meanStd',
      'rms',
      'deadFraction',
      'defineOp',
      'tanhSaturation',
      'sigmoidSaturation',
      'Optimizer',
      'LRScheduler',
      'collateExamples',
      'OnnxGraphBuilder',
    ].map((n) => [n, EXTENSION_API]),
  ),
  ...Object.fromEntries(
    ['ShapeError', 'GradcheckError', 'StateDictError'].map((n) => [
      n,
      'error class with structured fields, constructed by the library (SeedlingError and the plain per-package classes are fuzzed)',
    ]),
  ),
  loadMnist: 'decodes the bundled 10,000-image data set (seconds per call); its options are tested in mnist.test.ts',
};

async function call(name: string, f: Function, args: unknown[], files = false): Promise<string | null> {
  try {
    const r: unknown = isClass(f) ? Reflect.construct(f, args) : f(...args);
    if (r instanceof Promise) await r;
    return null;
  } catch (e) {
    if (files && isFileSystemError(e)) return null;
    const p = problem(e);
    return p === null ? null : `${name}(${args.map((a) => tensorPkg.describeValue(a)).join(', ')}) ${p}`;
  } finally {
    setMaxElements(100_000); // setMaxElements is fuzzed too: put the run's bound back after every call
  }
}

const callable = Object.entries(PACKAGES).flatMap(([pkg, mod]) =>
  Object.entries(mod)
    .filter(([name, v]) => typeof v === 'function' && !Object.hasOwn(NOT_FUZZED, name))
    .map(([name, v]) => ({ pkg, name, f: v as Function })),
);

let restoreLimit = 0;
beforeAll(() => {
  restoreLimit = setMaxElements(100_000);
  fileDir = mkdtempSync(join(tmpdir(), 'seedling-fuzz-'));
});
afterAll(() => {
  setMaxElements(restoreLimit);
  rmSync(fileDir, { recursive: true, force: true });
});

describe('every export: a result or a SeedlingError naming its op, for arbitrary arguments', () => {
  test('every export is either fuzzed or listed with a reason', () => {
    const all = Object.values(PACKAGES).flatMap((m) =>
      Object.entries(m)
        .filter(([, v]) => typeof v === 'function')
        .map(([n]) => n),
    );
    const fuzzed = new Set(callable.map((c) => c.name));
    const uncovered = all.filter((n) => !fuzzed.has(n) && !Object.hasOwn(NOT_FUZZED, n));
    expect(uncovered).toEqual([]);
    expect(callable.length).toBeGreaterThan(200);
  });

  test.each(callable.map((c) => [`${c.pkg} ${c.name}`, c] as const))('%s', async (_, { pkg, name, f }) => {
    const files = FILE_PACKAGES.has(pkg);
    const failures = new Set<string>();
    // Fixed seed per export so a failure replays; 40 argument lists each.
    await fc.assert(
      fc.asyncProperty(arbArgs, async (picks) => {
        const args = picks.map((i) => POOL[i]!());
        const p = await call(name, f, files ? args.map(inFileDir) : args, files);
        if (p !== null) failures.add(p);
        return true;
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 60), seed: Number(process.env.FUZZ_SEED ?? 11) },
    );
    // FUZZ_REPORT=file appends one line per failing export (for triage); the assertion is the same either way.
    if (process.env.FUZZ_REPORT && failures.size > 0) appendFileSync(process.env.FUZZ_REPORT, `${name}: ${[...failures][0]}\n`);
    expect([...failures].slice(0, 5)).toEqual([]);
  });
});
