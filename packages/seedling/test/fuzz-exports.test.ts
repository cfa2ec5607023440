/**
 * Fuzzes the whole public surface (issue 11, "Deliver"): every exported function and constructor of every
 * package is called with arbitrary — mostly mistyped — arguments, and must either return or throw an error
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
import { SeedlingError, setMaxElements } from '@seedling-ml/tensor';
import { appendFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as umbrellaOwn from '../src/safetensors.ts';

const PACKAGES: Record<string, Record<string, unknown>> = {
  '@seedling-ml/tensor': tensorPkg,
  '@seedling-ml/autograd': autograd,
  '@seedling-ml/nn': nn,
  '@seedling-ml/optim': optim,
  '@seedling-ml/data': data,
  '@seedling-ml/train': train,
  'seedling-ml (safetensors)': umbrellaOwn,
};

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
    ].map((n) => [n, EXTENSION_API]),
  ),
  ...Object.fromEntries(
    ['ShapeError', 'GradcheckError', 'StateDictError'].map((n) => [
      n,
      'error class with structured fields, constructed by the library (SeedlingError and the plain per-package classes are fuzzed)',
    ]),
  ),
  'seedling-ml/node (all)': 'writes and reads files at the given paths; argument checks are tested in node-io tests',
  loadMnist: 'decodes the bundled 10,000-image data set (seconds per call); its options are tested in mnist.test.ts',
};

/** Fresh argument values (factories, so a call that mutates one cannot affect the next). */
const POOL: readonly (() => unknown)[] = [
  () => undefined,
  () => null,
  () => 0,
  () => 1,
  () => 2,
  () => -1,
  () => 0.5,
  () => NaN,
  () => Infinity,
  () => -Infinity,
  () => 1e300,
  () => 2 ** 53,
  () => '',
  () => 'a',
  () => 'float32',
  () => 'mean',
  () => true,
  () => false,
  () => [],
  () => [2],
  () => [2, 3],
  () => [-1],
  () => [1e6, 1e6],
  () => [
    [1, 2],
    [3, 4],
  ],
  () => ['a'],
  () => ({}),
  () => ({ axis: 1 }),
  () => ({ bogus: 1 }),
  () => ({ dtype: 'float64' }),
  () => ({ lr: null }),
  // Convolution and pooling: a 4-D shape and image, a 3-D sequence, valid and hostile window options (a
  // 2⁴⁰-tap window padded by half of it fits an input of size 1: it must be refused, not looped over).
  () => [1, 2, 3, 3],
  () => ({ kernelSize: 2 }),
  () => ({ kernelSize: 2 ** 40, padding: 2 ** 39 }),
  () => ({ padding: 'same', groups: 2 }),
  () => tensorPkg.ones([1, 2, 3, 3]),
  () => autograd.tensor(tensorPkg.ones([2, 2, 3]), { requiresGrad: true }),
  () => () => 0,
  () => new Float32Array([1, 2]),
  () =>
    tensorPkg.array([
      [1, 2],
      [3, 4],
    ]),
  () => tensorPkg.array([1, 2, 3], { dtype: 'float64' }),
  () => tensorPkg.zeros([0, 2]),
  () =>
    autograd.tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { requiresGrad: true },
    ),
  () => autograd.tensor([0.5, -1]),
  () => new tensorPkg.Rng(1),
  () => new nn.Linear(2, 2, { seed: 0 }),
];

const arbArgs = fc.array(fc.integer({ min: 0, max: POOL.length - 1 }), { maxLength: 4 });

function isClass(f: Function): boolean {
  return /^class[\s{]/.test(Function.prototype.toString.call(f));
}

/** Why `e` is not an acceptable refusal, or null when it is. */
function problem(e: unknown): string | null {
  if (!(e instanceof SeedlingError)) return `threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
  if (typeof e.op !== 'string' || e.op.length === 0) return `SeedlingError without op: ${e.message}`;
  if (!e.message.startsWith(`${e.op}: `)) return `message does not start with its op '${e.op}': ${e.message}`;
  return null;
}

async function call(name: string, f: Function, args: unknown[]): Promise<string | null> {
  try {
    const r: unknown = isClass(f) ? Reflect.construct(f, args) : f(...args);
    if (r instanceof Promise) await r;
    return null;
  } catch (e) {
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
});
afterAll(() => {
  setMaxElements(restoreLimit);
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

  test.each(callable.map((c) => [`${c.pkg} ${c.name}`, c] as const))('%s', async (_, { name, f }) => {
    const failures = new Set<string>();
    // Fixed seed per export so a failure replays; 40 argument lists each.
    await fc.assert(
      fc.asyncProperty(arbArgs, async (picks) => {
        const p = await call(
          name,
          f,
          picks.map((i) => POOL[i]!()),
        );
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
