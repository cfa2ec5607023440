/**
 * One experiment: the MLP the controls describe, its data and optimizer, and the statistics the
 * panels draw. Runs in the Web Worker (and in Node for tests); knows nothing of the DOM.
 */
import { type Tensor, noGrad, tensor } from '@seedling-ml/autograd';
import {
  GELU,
  LeakyReLU,
  Linear,
  type Module,
  ReLU,
  SELU,
  Sequential,
  Sigmoid,
  Tanh,
  crossEntropyLoss,
  findProblems,
  findingMessages,
  inspectInit,
  lsuv,
  zeros,
} from '@seedling-ml/nn';
import { Adam, type Optimizer, SGD } from '@seedling-ml/optim';
import { NDArray, Rng, gather, matmul } from '@seedling-ml/tensor';
import { type Activation, CONV_ONLY_INITS, type Config, type Lang } from './config.ts';
import { type PlaneData, makePlaneData } from './datasets.ts';
import { buildInitializer, lsuvOptions } from './inits.ts';
import { singularValues } from './spectrum.ts';
import {
  BINS,
  type Floats,
  commonRange,
  deadFraction,
  histogramInto,
  moments,
  saturatedFraction,
  sgdStepStats,
  snapshotUpdateRatio,
} from './stats.ts';
import { LEAKY_SLOPE, type LayerPrediction, derivative, predictStds } from './theory.ts';

export { BINS } from './stats.ts';

/**
 * Histograms of one kind, one per layer, over a common [−range, range] in `BINS` equal bins (values
 * beyond are counted in the end bins): `fractions[l·BINS + b]` is the fraction of layer l+1's values
 * in bin b. A typed array, so the worker hands its buffer to the page without copying.
 */
export interface Histogram {
  range: number;
  layers: number;
  fractions: Float32Array;
}

/** Per-layer numbers of one frame. */
export interface LayerStats {
  preStd: number;
  actStd: number;
  gradStd: number;
  weightGradStd: number;
  /** ‖ΔW‖/‖W‖ of the last optimizer step (NaN before the first). */
  updateRatio: number;
  /** ReLU: fraction of units silent on the whole batch; tanh/sigmoid: fraction of saturated outputs; else null. */
  dead: number | null;
  saturated: number | null;
}

/** What the panels draw after a step. */
export interface Frame {
  step: number;
  /** Milliseconds the worker spent in this frame's training step (statistics included). */
  stepMs: number;
  /** Of which measuring the statistics (after the optimizer step). */
  statsMs: number;
  /** Losses of the steps since the previous frame, in order. */
  losses: number[];
  layers: LayerStats[];
  pre: Histogram;
  act: Histogram;
  grad: Histogram;
}

/** Class probabilities over a grid covering the data (for the decision-boundary panel). */
export interface Boundary {
  size: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** Per cell (row-major, y outer): predicted class and its probability. */
  cls: number[];
  prob: number[];
}

/** A finding as the page shows it: `inspectInit`'s fields, its sentence in each of the page's languages. */
export interface FindingView {
  kind: string;
  severity: 'error' | 'warning';
  layers: number[];
  message: Record<Lang, string>;
}

/** What the page needs when an experiment starts. */
export interface Setup {
  /** Null when the initializer cannot build this network (with the reason in `error`). */
  error: string | null;
  classes: number;
  points: { x: number; y: number; label: number }[];
  prediction: LayerPrediction[] | null;
  findings: FindingView[];
  /** `inspectInit`'s per-layer numbers. */
  report: {
    index: number;
    activationStd: number;
    preActivationStd: number;
    weightStd: number | null;
    weightGradStd: number | null;
    saturated: number | null;
    dead: number | null;
    updateRatio: number | null;
    weightMean: number | null;
  }[];
  initialLoss: number | null;
}

function activationModule(kind: Activation): Module | null {
  switch (kind) {
    case 'relu':
      return new ReLU();
    case 'leakyRelu':
      return new LeakyReLU(LEAKY_SLOPE);
    case 'tanh':
      return new Tanh();
    case 'sigmoid':
      return new Sigmoid();
    case 'gelu':
      return new GELU();
    case 'selu':
      return new SELU();
    case 'linear':
      return null;
  }
}

const EMPTY = new Float32Array(0);

/** One histogram per array, over the common range of their stds (`commonRange`). */
export function histogramsOf(arrays: readonly Floats[], stds: readonly number[]): Histogram {
  const range = commonRange(stds);
  const fractions = new Float32Array(arrays.length * BINS);
  for (let l = 0; l < arrays.length; l++) histogramInto(arrays[l]!, range, fractions, l * BINS);
  return { range, layers: arrays.length, fractions };
}

/** The experiment: build once per config, then `step()` repeatedly. */
export class Session {
  readonly config: Config;
  readonly data: PlaneData;
  readonly linears: Linear[] = [];
  readonly acts: (Module | null)[] = [];
  readonly model: Sequential;
  readonly optimizer: Optimizer<never, never> | null;
  readonly buildError: string | null;
  stepCount = 0;
  private readonly rng: Rng;
  private order: Int32Array | Uint32Array | Float64Array | number[] = [];
  private pos = 0;
  private readonly deltas: (NDArray | null)[] = [];
  private capture = false;
  private pendingLosses: number[] = [];

  constructor(config: Config) {
    this.config = config;
    this.data = makePlaneData(config.data, config.seed);
    this.rng = new Rng(`batches:${config.seed}`);
    let error: string | null = null;
    if (CONV_ONLY_INITS.includes(config.init)) error = `${config.init} initializes conv kernels (3–5-D weights); a Linear weight is 2-D`;
    let weightInit = zeros();
    if (error === null) {
      // Options the initializer rejects (truncatedNormal with a ≥ b, an unreachable preserveStd, …) are
      // shown as the reason the network could not be built, in the library's own words.
      try {
        weightInit = buildInitializer(config);
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
    }
    for (let l = 0; l <= config.depth; l++) {
      const fanIn = l === 0 ? 2 : config.width;
      const fanOut = l === config.depth ? this.data.classes : config.width;
      const lin = new Linear(fanIn, fanOut, { weightInit, biasInit: zeros(), seed: `${config.seed}:${l}` });
      this.linears.push(lin);
      this.acts.push(l < config.depth ? activationModule(config.activation) : null);
      const slot = l;
      this.deltas.push(null);
      lin.registerBackwardHook((_m, g) => {
        if (this.capture) this.deltas[slot] = g.data;
      });
    }
    const modules: Module[] = [];
    this.linears.forEach((lin, l) => {
      modules.push(lin);
      const a = this.acts[l];
      if (a !== null && a !== undefined) modules.push(a);
    });
    this.model = new Sequential(...modules);
    // LSUV calibrates every Linear (the read-out too, as the reference implementation does) on the
    // inspection batch, so the findings judge the calibrated network.
    if (error === null && config.init === 'lsuv')
      lsuv(this.model, this.nextBatchForInspection().x, { ...lsuvOptions(config), seed: `${config.seed}:lsuv` });
    this.buildError = error;
    const params = this.model.parameters();
    this.optimizer = (config.optimizer === 'adam'
      ? new Adam(params, { lr: config.lr })
      : new SGD(params, { lr: config.lr, nonFiniteGrad: 'skip' })) as unknown as Optimizer<never, never>;
  }

  private nextBatch(): { x: NDArray; y: NDArray } {
    const n = this.data.x.shape[0]!;
    const b = Math.min(this.config.batch, n);
    if (this.pos + b > this.order.length) {
      this.order = this.rng.permutation(n);
      this.pos = 0;
    }
    const idx = this.order.slice(this.pos, this.pos + b);
    this.pos += b;
    return { x: gather(this.data.x, idx as never, 0), y: gather(this.data.y, idx as never, 0) };
  }

  /** What the page shows before training: data, prediction and `inspectInit`'s findings. */
  setup(): Setup {
    const c = this.config;
    const points: Setup['points'] = [];
    const xd = this.data.x.data;
    for (let i = 0; i < this.data.y.size; i++) points.push({ x: xd[2 * i]!, y: xd[2 * i + 1]!, label: this.data.y.data[i]! });
    const base = {
      classes: this.data.classes,
      points,
      prediction: this.buildError === null ? predictStds(c, 2, this.data.secondMoment) : null,
    };
    if (this.buildError !== null) return { ...base, error: this.buildError, findings: [], report: [], initialLoss: null };
    const { x, y } = this.nextBatchForInspection();
    const report = inspectInit(this.model, x, { targets: y, optimizer: c.optimizer, lr: c.lr });
    // The Chinese sentences of the same findings: what inspectInit(…, { lang: 'zh-CN' }) writes, judged from
    // this report's numbers rather than by a second forward and backward pass (the language switch does not
    // restart the experiment, so both languages are computed here, at initialization).
    const zh = findProblems(report.layers, {
      inputStd: report.input.std,
      loss: report.loss,
      stepLabel: findingMessages('zh-CN').step(c.optimizer, c.lr),
      lang: 'zh-CN',
    });
    return {
      ...base,
      error: null,
      findings: report.findings.map((f, i) => ({
        kind: f.kind,
        severity: f.severity,
        layers: [...f.layers],
        message: { en: f.message, 'zh-CN': zh[i]?.kind === f.kind ? zh[i]!.message : f.message },
      })),
      report: report.layers.map((l) => ({
        index: l.index,
        activationStd: l.activationStd,
        preActivationStd: l.preActivationStd,
        weightStd: l.weightStd,
        weightGradStd: l.weightGradStd,
        saturated: l.saturated,
        dead: l.dead,
        updateRatio: l.updateRatio,
        weightMean: l.weightMean,
      })),
      initialLoss: report.loss?.value ?? null,
    };
  }

  /** A fixed batch (the first 256 points) so the findings do not depend on the batch-size control. */
  private nextBatchForInspection(): { x: NDArray; y: NDArray } {
    const n = Math.min(256, this.data.y.size);
    const idx = Array.from({ length: n }, (_, i) => i);
    return { x: gather(this.data.x, idx as never, 0), y: gather(this.data.y, idx as never, 0) };
  }

  /**
   * One optimizer step on the next minibatch. With `stats`, also measures every panel's numbers on
   * this batch (histograms, stds, update ratios) and returns a frame. With `update` false, only
   * measures (forward and backward on the fixed inspection batch, no optimizer step): the frame of the
   * untrained network.
   */
  step(stats: boolean, update = true): Frame | null {
    if (this.buildError !== null || this.optimizer === null) return null;
    const t0 = performance.now();
    const { x, y } = update ? this.nextBatch() : this.nextBatchForInspection();
    const zs: Tensor[] = [];
    const hs: Tensor[] = [];
    this.capture = stats;
    let h: Tensor = tensor(x);
    for (let l = 0; l < this.config.depth; l++) {
      const z = this.linears[l]!.forward(h);
      zs.push(z);
      const a = this.acts[l];
      h = a === null || a === undefined ? z : a.forward(z);
      hs.push(h);
    }
    const logits = this.linears[this.config.depth]!.forward(h);
    const loss = crossEntropyLoss(logits, tensor(y));
    this.optimizer.zeroGrad();
    const value = loss.item();
    loss.backward();
    this.capture = false;
    // Plain SGD (no momentum, no weight decay) moves W by exactly −lr·g, so its update ratio needs no copy of
    // the weights; Adam's step has to be measured against a snapshot.
    const exactSgd = this.config.optimizer === 'sgd';
    const before = stats && update && !exactSgd ? this.linears.slice(0, this.config.depth).map((lin) => lin.weight.data.data.slice()) : [];
    if (update) {
      this.optimizer.step();
      this.stepCount++;
      this.pendingLosses.push(value);
    }
    if (!stats) return null;

    const tStats = performance.now();
    const depth = this.config.depth;
    const act = this.config.activation;
    const layers: LayerStats[] = [];
    const zData: Floats[] = [];
    const hData: Floats[] = [];
    const dData: Floats[] = [];
    for (let l = 0; l < depth; l++) {
      const z = zs[l]!.data.data as Floats;
      const a = hs[l]!.data.data as Floats;
      const delta = (this.deltas[l]?.data ?? EMPTY) as Floats;
      zData.push(z);
      hData.push(a);
      dData.push(delta);
      const w = this.linears[l]!.weight;
      const g = (w.grad?.data.data ?? null) as Floats | null;
      const wNow = w.data.data as Floats;
      const sgd = update && exactSgd && g !== null ? sgdStepStats(wNow, g, this.config.lr) : null;
      layers.push({
        preStd: moments(z).std,
        actStd: moments(a).std,
        gradStd: moments(delta).std,
        weightGradStd: sgd !== null ? sgd.gradStd : g === null ? 0 : moments(g).std,
        updateRatio: !update ? Number.NaN : sgd !== null ? sgd.updateRatio : exactSgd ? 0 : snapshotUpdateRatio(wNow, before[l] as Floats),
        dead: act === 'relu' ? deadFraction(a, this.config.width) : null,
        saturated: act === 'tanh' ? saturatedFraction(a, -1, 1, 0.01) : act === 'sigmoid' ? saturatedFraction(a, 0, 1, 0.01) : null,
      });
    }
    const frame: Frame = {
      step: this.stepCount,
      stepMs: 0,
      statsMs: 0,
      losses: this.pendingLosses,
      layers,
      pre: histogramsOf(
        zData,
        layers.map((s) => s.preStd),
      ),
      act: histogramsOf(
        hData,
        layers.map((s) => s.actStd),
      ),
      grad: histogramsOf(
        dData,
        layers.map((s) => s.gradStd),
      ),
    };
    this.pendingLosses = [];
    const t1 = performance.now();
    frame.stepMs = t1 - t0;
    frame.statsMs = t1 - tStats;
    return frame;
  }

  /** Class probabilities on a size×size grid around the data. */
  boundary(size: number): Boundary | null {
    if (this.buildError !== null) return null;
    const x0 = -2.5;
    const x1 = 2.5;
    const y0 = -2.5;
    const y1 = 2.5;
    const grid = new Float32Array(size * size * 2);
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        grid[2 * (r * size + c)] = x0 + ((c + 0.5) * (x1 - x0)) / size;
        grid[2 * (r * size + c) + 1] = y0 + ((r + 0.5) * (y1 - y0)) / size;
      }
    }
    const logits = noGrad(() => this.model.forward(tensor(new NDArray(grid, [size * size, 2])))).data.data;
    const k = this.data.classes;
    const cls: number[] = [];
    const prob: number[] = [];
    for (let i = 0; i < size * size; i++) {
      let best = 0;
      let max = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < k; j++) {
        const v = logits[i * k + j]!;
        if (v > max) {
          max = v;
          best = j;
        }
      }
      let z = 0;
      for (let j = 0; j < k; j++) z += Math.exp(logits[i * k + j]! - max);
      cls.push(best);
      prob.push(Number.isFinite(z) && z > 0 ? 1 / z : 1 / k);
    }
    return { size, x0, x1, y0, y1, cls, prob };
  }

  /**
   * Singular values of the hidden-to-hidden Jacobian ∂h_L/∂h_1 = Π_{l=2..L} D_l·W_l at one input (the
   * data point nearest the centre), D_l = diag(φ'(z_l)): the square end-to-end map whose spectrum
   * dynamical isometry is about (Saxe et al. 2014; Pennington et al. 2017). Empty for depth 1.
   */
  jacobianSpectrum(): number[] {
    if (this.buildError !== null || this.config.depth < 2) return [];
    const n = this.config.width;
    const x = gather(this.data.x, [0] as never, 0);
    const zs: NDArray[] = [];
    noGrad(() => {
      let h: Tensor = tensor(x);
      for (let l = 0; l < this.config.depth; l++) {
        const z = this.linears[l]!.forward(h);
        zs.push(z.data);
        const a = this.acts[l];
        h = a === null || a === undefined ? z : a.forward(z);
      }
    });
    // J starts as D_1 ... no: ∂h_1/∂h_1 = I; each later layer multiplies by D_l·W_l on the left.
    let j = new NDArray(new Float32Array(n * n), [n, n]);
    for (let i = 0; i < n; i++) j.data[i * n + i] = 1;
    for (let l = 1; l < this.config.depth; l++) {
      const w = this.linears[l]!.weight.data;
      const next = matmul(w.dtype === 'float32' ? w : w.astype('float32'), j);
      const z = zs[l]!.data;
      const d = next.data;
      for (let r = 0; r < n; r++) {
        const g = derivative(this.config.activation, z[r]!);
        for (let c = 0; c < n; c++) d[r * n + c] = d[r * n + c]! * g;
      }
      j = next;
    }
    const sv = singularValues(j.data, n);
    return Array.from(sv);
  }
}
