import { textOf } from '@seedling-ml/tensor';
import { Tensor, tensor } from '@seedling-ml/autograd';
import { NDArray, Rng, bumpVersion, checkOptions, describeValue, is } from '@seedling-ml/tensor';
import { NNError } from '../errors.ts';
import type { RemovableHandle } from '../hooks.ts';
import { Module } from '../module.ts';
import { activationKindOf } from './activation-kind.ts';
import { type FindingLang, findingMessages } from './finding-messages.ts';
import { findProblems } from './findings.ts';
import { InitReport } from './init-report.ts';
import { deadFraction, meanStd, rms, sigmoidSaturation, tanhSaturation } from './stats.ts';
import type { ActivationKind, LayerReport, LossReport, Thresholds } from './types.ts';
import { crossEntropyLoss } from '../losses/cross-entropy-loss.ts';
import { mseLoss } from '../losses/mse-loss.ts';

/** Options of `inspectInit`. */
export interface InspectInitOptions {
  /**
   * Targets for the loss. Integer class indices `[batch]` for a `[batch, C]` output make the model a
   * classifier: the default loss is then `crossEntropyLoss` and the report compares it with ln C.
   * Any other targets default to `mseLoss`. Without targets, a seeded standard-normal gradient divided
   * by the batch size (what a mean-reduced loss would send) is back-propagated from the output.
   */
  targets?: Tensor | NDArray | ArrayLike<number>;
  /** Loss `(output, targets) → scalar`; default as described under `targets`. */
  loss?: (output: Tensor, targets: Tensor) => Tensor;
  /** Optimizer whose first step the update/weight ratio describes; default 'sgd'. */
  optimizer?: 'sgd' | 'adam';
  /** Its learning rate; default 0.01 for SGD, 0.001 for Adam. */
  lr?: number;
  /** Seed of the output gradient used when there are no targets; default 0. */
  seed?: number | string;
  /** Overrides of `DEFAULT_THRESHOLDS`. */
  thresholds?: Partial<Thresholds>;
  /** Language of the findings and of the report's sentences: `'en'` (default) or `'zh-CN'`. */
  lang?: FindingLang;
}

interface ForwardEvent {
  module: Module;
  output: NDArray;
}

/** The weight of a module: its parameter named `weight`, else its first parameter of rank ≥ 2. */
function weightOf(module: Module): Tensor | null {
  const own = module.namedParameters();
  return own.find(([n]) => n === 'weight')?.[1] ?? own.find(([, p]) => p.rank >= 2)?.[1] ?? null;
}

function biasOf(module: Module): Tensor | null {
  return module.namedParameters().find(([n]) => n === 'bias')?.[1] ?? null;
}

function isConstant(x: NDArray): boolean {
  const d = x.data;
  if (d.length === 0) return false;
  const v = d[0]!;
  for (let i = 1; i < d.length; i++) if (d[i] !== v) return false;
  return Number.isFinite(v);
}

/** ‖ΔW‖ / ‖W‖ of the first step of `optimizer` from gradient `g`. */
function updateRatio(w: NDArray, g: NDArray, optimizer: 'sgd' | 'adam', lr: number): number {
  let update: number;
  if (optimizer === 'sgd') {
    update = lr * rms(g);
  } else {
    // Adam's first step after bias correction: m̂ = g, v̂ = g², Δ = lr·g/(|g| + ε) ≈ lr·sign(g).
    const d = g.data;
    let ss = 0;
    for (let i = 0; i < d.length; i++) {
      const u = d[i]! / (Math.abs(d[i]!) + 1e-8);
      ss += u * u;
    }
    update = d.length === 0 ? 0 : lr * Math.sqrt(ss / d.length);
  }
  const size = rms(w);
  if (size === 0) return update === 0 ? 0 : Number.POSITIVE_INFINITY;
  return update / size;
}

/** True when `targets` are integer class indices for a `[batch, C]` output. */
function classCount(output: Tensor, targets: Tensor): number | null {
  if (output.rank !== 2 || targets.rank !== 1 || targets.shape[0] !== output.shape[0]) return null;
  const c = output.shape[1]!;
  if (c < 2) return null;
  const d = targets.data.data;
  for (let i = 0; i < d.length; i++) {
    const k = d[i]!;
    if (!Number.isInteger(k) || k < 0 || k >= c) return null;
  }
  return c;
}

function toTensor(x: Tensor | NDArray | ArrayLike<number>): Tensor {
  if (x instanceof Tensor) return x;
  if (x instanceof NDArray) return tensor(x);
  return tensor(Array.from(x));
}

/**
 * Inspects a model's initialization on one batch: runs `inputs` forward and a loss (or a random
 * output gradient) backward with hooks on every leaf module, and reports per layer the activation
 * mean and std, saturated (tanh, sigmoid) or dead (ReLU) fractions, weight std, the std of the weight
 * gradient and of the back-propagated gradient, and the update/weight ratio one optimizer step would
 * make; for a classifier, the initial loss against ln C. Findings name each problem, its layer and
 * the fix. The model's parameters, their `.grad`s and its buffers (BatchNorm's running statistics)
 * are left as they were; the forward runs in the model's current train/eval mode (a Dropout layer's
 * generator advances).
 *
 * A "layer" is a module that owns parameters together with the parameter-free modules that follow it
 * (its activation, Dropout, …) until the next one. A module called more than once is reported for
 * its first call.
 *
 * @example
 * const model = new Sequential(new Linear(256, 256, { weightInit: zeros() }), new ReLU(), new Linear(256, 10));
 * const report = inspectInit(model, x, { targets: labels });
 * console.log(report.toString()); // table, then e.g.
 * // layer 1: every weight is 0 — all units of a layer compute the same value …
 */
export function inspectInit(model: Module, inputs: Tensor | NDArray, options: InspectInitOptions = {}): InitReport {
  if (!(model instanceof Module)) throw new NNError('inspectInit', `model must be a Module, got ${describeValue(model)}`);
  checkOptions(
    'inspectInit',
    options,
    {
      targets: is.any,
      loss: is.function,
      optimizer: is.oneOf('sgd', 'adam'),
      lr: is.positive,
      seed: is.anyOf(is.finite, is.string),
      thresholds: is.object,
      lang: is.oneOf('en', 'zh-CN'),
    },
    NNError,
  );
  const optimizer = options.optimizer ?? 'sgd';
  if (optimizer !== 'sgd' && optimizer !== 'adam')
    throw new NNError('inspectInit', `optimizer must be 'sgd' or 'adam', got '${textOf(optimizer)}'`);
  const lr = options.lr ?? (optimizer === 'sgd' ? 0.01 : 0.001);
  if (typeof lr !== 'number' || !(lr > 0) || !Number.isFinite(lr))
    throw new NNError('inspectInit', `lr must be a positive finite number, got ${textOf(lr)}`);
  if (!(inputs instanceof Tensor) && !(inputs instanceof NDArray))
    throw new NNError('inspectInit', `inputs must be a Tensor or an NDArray, got ${describeValue(inputs)}`);
  const x = toTensor(inputs);
  if (x.size === 0 || x.rank === 0 || x.shape[0] === 0)
    throw new NNError('inspectInit', `inputs must hold at least one example, got shape [${x.shape.join(',')}]`);

  const names = new Map<Module, string>();
  for (const [name, m] of model.namedModules()) if (m.children().length === 0 && !names.has(m)) names.set(m, name);
  const events: ForwardEvent[] = [];
  const seen = new Set<Module>();
  const grads = new Map<Module, NDArray>();
  const handles: RemovableHandle[] = [];
  for (const m of names.keys()) {
    handles.push(
      m.registerForwardHook((mod, _in, out) => {
        if (seen.has(mod)) return;
        seen.add(mod);
        events.push({ module: mod, output: out.data });
      }),
    );
    handles.push(
      m.registerBackwardHook((mod, g) => {
        if (!grads.has(mod)) grads.set(mod, g.data);
      }),
    );
  }

  const params = model.parameters();
  const savedGrads = params.map((p) => p.grad);
  // The forward runs in the model's current mode; in training mode BatchNorm would update its running
  // statistics, so every buffer is restored afterwards (inspecting must not change the model).
  const savedBuffers = model.buffers().map((b) => [b, b.clone()] as const);
  for (const p of params) p.grad = null;
  let loss: LossReport | null = null;
  let paramGrads: Map<Tensor, NDArray>;
  try {
    const output = model.forward(x);
    if (options.targets !== undefined) {
      const targets = toTensor(options.targets);
      const classes = classCount(output, targets);
      const lossFn = options.loss ?? (classes !== null ? crossEntropyLoss : mseLoss);
      const value = lossFn(output, targets);
      loss = { value: value.item(), classes, expected: classes === null ? null : Math.log(classes) };
      if (value.requiresGrad) value.backward();
    } else if (output.requiresGrad) {
      const batch = output.rank > 0 ? output.shape[0]! : 1;
      const g = new Rng(options.seed ?? 0).normal(output.shape, 0, 1 / batch, { dtype: output.dtype });
      output.backward(g);
    }
    paramGrads = new Map(
      params.map((p) => [p as Tensor, p.grad?.data ?? null] as const).filter((e): e is [Tensor, NDArray] => e[1] !== null),
    );
  } finally {
    for (const h of handles) h.remove();
    params.forEach((p, i) => {
      p.grad = savedGrads[i]!;
    });
    for (const [b, copy] of savedBuffers) {
      b.data.set(copy.data);
      bumpVersion(b);
    }
  }

  const layers = groupLayers(events).map((group, i) => {
    const { head, followers } = group;
    const act = followers.find((e) => activationKindOf(e.module) !== null);
    const kind: ActivationKind | null = act === undefined ? null : activationKindOf(act.module);
    const last = followers[followers.length - 1] ?? head;
    const pre = meanStd(head.output);
    const post = meanStd(last.output);
    const w = weightOf(head.module);
    const b = biasOf(head.module);
    const wg = w === null ? undefined : paramGrads.get(w);
    const bg = b === null ? undefined : paramGrads.get(b);
    const ws = w === null ? null : meanStd(w.data);
    const delta = grads.get(head.module);
    const layer: LayerReport = {
      index: i + 1,
      name: names.get(head.module) ?? '',
      type: head.module.typeName,
      activation: act === undefined ? null : act.module.typeName,
      activationKind: kind,
      preActivationStd: pre.std,
      activationMean: post.mean,
      activationStd: post.std,
      saturated:
        act === undefined ? null : kind === 'tanh' ? tanhSaturation(act.output) : kind === 'sigmoid' ? sigmoidSaturation(act.output) : null,
      dead: act !== undefined && kind === 'relu' ? deadFraction(act.output) : null,
      weightMean: ws === null ? null : ws.mean,
      weightStd: ws === null ? null : ws.std,
      weightConstant: w !== null && isConstant(w.data),
      weightGradStd: w === null ? null : wg === undefined ? 0 : meanStd(wg).std,
      biasGradStd: b === null ? null : bg === undefined ? 0 : meanStd(bg).std,
      preActivationGradStd: delta === undefined ? null : meanStd(delta).std,
      updateRatio: w === null ? null : updateRatio(w.data, wg ?? new NDArray(new Float64Array(w.size), w.shape), optimizer, lr),
    };
    return layer;
  });
  const inputStats = meanStd(x.data);
  const lang = options.lang ?? 'en';
  const stepLabel = findingMessages(lang).step(optimizer, lr);
  const findings = findProblems(layers, { inputStd: inputStats.std, loss, stepLabel, thresholds: options.thresholds ?? {}, lang });
  return new InitReport({ input: inputStats, layers, loss, step: { optimizer, lr }, findings, ...(lang === 'en' ? {} : { lang }) });
}

/** Forward events grouped into layers: each module with parameters and the parameter-free modules after it. */
function groupLayers(events: readonly ForwardEvent[]): { head: ForwardEvent; followers: ForwardEvent[] }[] {
  const groups: { head: ForwardEvent; followers: ForwardEvent[] }[] = [];
  for (const e of events) {
    if (e.module.parameters().length > 0) groups.push({ head: e, followers: [] });
    else groups[groups.length - 1]?.followers.push(e);
  }
  return groups;
}
