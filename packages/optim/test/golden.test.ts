/**
 * Conformance with PyTorch: every optimizer for 10 steps with each of its options, every LR scheduler for 30
 * steps, `clip_grad_norm_` and `clip_grad_value_`, against the golden fixtures that scripts/golden/generate.py
 * wrote with PyTorch (test/golden/optimizers.json, schedulers.json). No Python needed.
 * Optimizers and schedulers are built by export name from the fixture's options (Seedling's names).
 */
import { describe, expect, test } from 'vitest';
import { Tensor } from '@seedling-ml/autograd';
import { array } from '@seedling-ml/tensor';
import * as optim from '../src/index.ts';
import { Adam, LRScheduler, Optimizer, ReduceLROnPlateau, SGD, type SchedulableOptimizer } from '../src/index.ts';
import { type Encoded, loadFixture, mismatch } from './golden/compare.ts';

// Fixture options are JSON in Seedling's own terms.
// biome-ignore lint/suspicious/noExplicitAny: JSON options.
type Args = Record<string, any>;

interface OptimizerCase {
  name: string;
  optimizer: string;
  options: Args;
  groups: (Args & { params: number[] })[] | null;
  /** The lr of every group, set before each step (as a scheduler would), or null. */
  lrs: number[] | null;
  params: Encoded[];
  steps: { grads: Encoded[]; params: Encoded[] }[];
}

interface SchedulerCase {
  kind: 'scheduler';
  name: string;
  scheduler: string;
  options: Args;
  metrics: number[] | null;
  optimizer: { name: 'SGD' | 'Adam'; lr: number[]; momentum: number };
  lr: number[][];
  momentum: number[][];
}

interface ClipCase {
  kind: 'clip';
  name: string;
  maxNorm: number;
  normType: number | 'Infinity';
  grads: Encoded[];
  totalNorm: number;
  clipped: Encoded[];
}

interface ClipValueCase {
  kind: 'clipValue';
  name: string;
  clipValue: number;
  grads: Encoded[];
  clipped: Encoded[];
}

const optimizers = loadFixture<OptimizerCase>('optimizers.json');
const schedules = loadFixture<SchedulerCase | ClipCase | ClipValueCase>('schedulers.json');

const toTensor = (e: Encoded, requiresGrad = false) =>
  new Tensor(array(Float64Array.from(e.data), { dtype: e.dtype, shape: e.shape }), { requiresGrad });
const view = (t: Tensor) => ({ shape: t.shape, data: t.data.data, dtype: t.dtype });
const scalars = (xs: readonly number[]): Encoded => ({ shape: [xs.length], dtype: 'float64', data: [...xs] });

type OptimizerCtor = new (params: unknown, options: Args) => Optimizer<never, never>;

describe(`optimizers against PyTorch ${optimizers.torch}`, () => {
  test.each(optimizers.cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const params = c.params.map((e) => toTensor(e, true));
    const Ctor = (optim as unknown as Record<string, OptimizerCtor>)[c.optimizer]!;
    const input = c.groups === null ? params : c.groups.map((g) => ({ ...g, params: g.params.map((i) => params[i]!) }));
    const opt = new Ctor(input, c.options);
    c.steps.forEach((s, t) => {
      if (c.lrs !== null) for (const g of opt.paramGroups) (g as { lr: number }).lr = c.lrs[t]!;
      params.forEach((p, i) => {
        p.grad = toTensor(s.grads[i]!);
      });
      opt.step();
      params.forEach((p, i) => expect(mismatch(view(p), s.params[i]!), `step ${t + 1}, parameter ${i}`).toBeNull());
    });
  });
});

/** Named learning-rate lambdas, the same functions as LAMBDAS in scripts/golden/generate.py. */
export const LAMBDAS: Readonly<Record<string, (epoch: number) => number>> = {
  inverse: (e) => 1 / (1 + e),
  power95: (e) => 0.95 ** e,
  warmup5: (e) => Math.min(1, (e + 1) / 5),
};

type Schedule = LRScheduler | ReduceLROnPlateau;
type SchedulerCtor = new (optimizer: SchedulableOptimizer, options: Args) => Schedule;

/** Builds `new optim[name](opt, options)`, resolving named lambdas and nested `{ scheduler, options }` first. */
function buildScheduler(opt: SchedulableOptimizer, name: string, options: Args): Schedule {
  const o: Args = { ...options };
  if (o.lrLambda !== undefined) o.lrLambda = Array.isArray(o.lrLambda) ? o.lrLambda.map((n: string) => LAMBDAS[n]!) : LAMBDAS[o.lrLambda]!;
  if (Array.isArray(o.schedulers))
    o.schedulers = o.schedulers.map((s: { scheduler: string; options: Args }) => buildScheduler(opt, s.scheduler, s.options));
  // ChainedScheduler takes its list directly (PyTorch's signature), not an options object.
  if (name === 'ChainedScheduler') return new optim.ChainedScheduler(o.schedulers);
  const Ctor = (optim as unknown as Record<string, SchedulerCtor>)[name]!;
  return new Ctor(opt, o);
}

describe(`LR schedulers against PyTorch ${schedules.torch}`, () => {
  const cases = schedules.cases.filter((c): c is SchedulerCase => c.kind === 'scheduler');
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const groups = c.optimizer.lr.map((lr, i) => ({ params: [new Tensor(array(new Float64Array(i + 2)), { requiresGrad: true })], lr }));
    const opt =
      c.optimizer.name === 'SGD'
        ? new SGD(groups, { lr: c.optimizer.lr[0]!, momentum: c.optimizer.momentum })
        : new Adam(groups, { lr: c.optimizer.lr[0]!, betas: [c.optimizer.momentum, 0.999] });
    const sched = buildScheduler(opt, c.scheduler, c.options);
    // SGD's momentum, or Adam's β₁ (what OneCycleLR cycles there).
    const momenta = () => opt.paramGroups.map((g) => ('momentum' in g ? g.momentum : g.betas[0]));
    const check = (e: number) => {
      expect(mismatch(scalars(opt.paramGroups.map((g) => g.lr)), scalars(c.lr[e]!)), `lr after ${e} steps`).toBeNull();
      expect(mismatch(scalars(momenta()), scalars(c.momentum[e]!)), `momentum after ${e} steps`).toBeNull();
    };
    check(0);
    for (let e = 1; e < c.lr.length; e++) {
      if (sched instanceof ReduceLROnPlateau) sched.step(c.metrics![e - 1]!);
      else sched.step();
      check(e);
    }
  });
});

describe(`gradient clipping against PyTorch ${schedules.torch}`, () => {
  const params = (grads: Encoded[]) =>
    grads.map((g) => {
      const p = new Tensor(array(new Float64Array(g.data.length), { shape: g.shape }), { requiresGrad: true });
      p.grad = toTensor(g);
      return p;
    });
  const clips = schedules.cases.filter((c): c is ClipCase => c.kind === 'clip');
  test.each(clips.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const ps = params(c.grads);
    const total = optim.clipGradNorm(ps, c.maxNorm, { normType: c.normType === 'Infinity' ? Infinity : c.normType });
    expect(mismatch(scalars([total]), scalars([c.totalNorm]))).toBeNull();
    ps.forEach((p, i) => expect(mismatch(view(p.grad!), c.clipped[i]!), `gradient ${i}`).toBeNull());
  });
  const values = schedules.cases.filter((c): c is ClipValueCase => c.kind === 'clipValue');
  test.each(values.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const ps = params(c.grads);
    optim.clipGradValue(ps, c.clipValue);
    ps.forEach((p, i) => expect(mismatch(view(p.grad!), c.clipped[i]!), `gradient ${i}`).toBeNull());
  });
});

/** Exported optimizers, schedulers and clipping functions without a PyTorch fixture, each with the reason. */
export const WITHOUT_FIXTURE: Readonly<Record<string, string>> = {};

test('every exported optimizer, scheduler and clipping function has a PyTorch fixture or a listed reason', () => {
  const exported = Object.entries(optim).filter(([, v]) => typeof v === 'function');
  // Both bases have protected constructors, so they are passed as plain objects with a prototype.
  const isA = (v: unknown, base: { prototype: object }) =>
    (v as { prototype?: unknown }).prototype instanceof (base as unknown as new () => object);
  const optimizerNames = exported.filter(([, v]) => isA(v, Optimizer)).map(([k]) => k);
  const schedulerNames = exported.filter(([k, v]) => isA(v, LRScheduler) || k === 'ReduceLROnPlateau').map(([k]) => k);
  const clipNames = exported.map(([k]) => k).filter((k) => k.startsWith('clip'));
  const fixtured = new Set([
    ...optimizers.cases.map((c) => c.optimizer),
    ...schedules.cases.map((c) => (c.kind === 'scheduler' ? c.scheduler : c.kind === 'clip' ? 'clipGradNorm' : 'clipGradValue')),
  ]);
  expect([...optimizerNames, ...schedulerNames, ...clipNames].filter((k) => !fixtured.has(k) && !(k in WITHOUT_FIXTURE))).toEqual([]);
  expect(optimizerNames.length).toBeGreaterThanOrEqual(5);
  expect(schedulerNames.length).toBeGreaterThanOrEqual(11);
});
