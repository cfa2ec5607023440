import { textOf } from '@seedling-ml/tensor';
import { Tensor, noGrad } from '@seedling-ml/autograd';
import { NDArray, bumpVersion, checkOptions, describeValue, is } from '@seedling-ml/tensor';
import { NNError } from './errors.ts';
import { orthogonal } from './init/index.ts';
import { Module } from './module.ts';
import { type RandomOptions, resolveRng } from './param-factory.ts';
import { Parameter } from './parameter.ts';

/** Options of `lsuv` (the paper's defaults: unit variance, tolerance 0.1, at most 10 rescalings per layer). */
export interface LsuvOptions extends Omit<RandomOptions, 'dtype'> {
  /** Output std every layer is brought to. Default 1. */
  targetStd?: number;
  /** Stop rescaling a layer once |std − targetStd| < tolerance. Default 0.1. */
  tolerance?: number;
  /** Most rescalings per layer. Default 10. */
  maxIterations?: number;
  /** First re-initialize each layer's weight with `orthogonal()` (drawn from `rng`/`seed`). Default true. */
  orthonormalFirst?: boolean;
  /**
   * Which modules to rescale (each must have a `weight` Parameter). Default: every module that
   * declares an `initTarget()` (Linear, Conv1d, Conv2d, ConvTranspose2d, and any layer that overrides it).
   */
  isTarget?: (module: Module) => boolean;
}

/** What `lsuv` did to one layer. */
export interface LsuvLayerReport {
  /** Dotted module name (`'0'`, `'encoder.fc1'`). */
  name: string;
  /** Module class, for display. */
  type: string;
  /** Std of the layer's output before rescaling (after the orthogonal init when `orthonormalFirst`). */
  stdBefore: number;
  /** Std of the layer's output after the last rescaling. */
  stdAfter: number;
  /** Number of rescalings applied (0 when it was already within tolerance). */
  iterations: number;
  /** True when |stdAfter − targetStd| < tolerance. */
  converged: boolean;
  /** Product of the factors the weight was multiplied by. */
  scale: number;
}

/** The result of `lsuv`: one entry per rescaled layer, in forward order. */
export interface LsuvReport {
  /** Per-layer results. */
  layers: LsuvLayerReport[];
  /** True when every layer converged. */
  converged: boolean;
}

/** Thrown by the capturing hook to stop the forward pass once the layer being calibrated has run. */
class StopForward {
  constructor(readonly output: NDArray) {}
}

const defaultIsTarget = (m: Module): boolean => m.initTarget() !== null;

/**
 * `targets` sorted by when `model.forward(input)` first calls each (one pass under `noGrad`, with a
 * forward hook per target); a target it never calls throws, naming the layer.
 */
function forwardOrder(model: Module, input: Tensor, targets: readonly [string, Module, Parameter][]): [string, Module, Parameter][] {
  const firstCall = new Map<Module, number>();
  const handles = targets.map(([, m]) =>
    m.registerForwardHook((mod) => {
      if (!firstCall.has(mod)) firstCall.set(mod, firstCall.size);
    }),
  );
  try {
    noGrad(() => model.forward(input));
  } finally {
    for (const h of handles) h.remove();
  }
  for (const [name, m] of targets) {
    if (!firstCall.has(m)) throw new NNError('lsuv', `layer '${name}' was not called by the model's forward`);
  }
  return [...targets].sort((a, b) => firstCall.get(a[1])! - firstCall.get(b[1])!);
}

/** Sample std of every element (divides by n − 1, as the reference implementation's `torch.std`). */
function stdOf(x: NDArray): number {
  const d = x.data;
  const n = d.length;
  if (n < 2) return 0;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += d[i]!;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (d[i]! - mean) ** 2;
  return Math.sqrt(ss / (n - 1));
}

function checkNumber(name: string, value: number, min: number, integer = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= min || (integer && !Number.isInteger(value))) {
    throw new NNError('lsuv', `${name} must be a finite ${integer ? 'integer' : 'number'} > ${min}, got ${textOf(value)}`);
  }
  return value;
}

/**
 * Layer-sequential unit-variance initialization (Mishkin & Matas 2016, "All you need is a good
 * init", arXiv:1511.06422). Data-dependent: optionally re-initializes every target layer's weight
 * orthogonally, then, layer by layer in forward order, feeds `batch` through the model, measures the
 * std s of that layer's output and multiplies its weight by targetStd / s, until
 * |s − targetStd| < tolerance or `maxIterations` rescalings. Biases are left unchanged.
 *
 * The model runs in eval mode (so Dropout and BatchNorm's running stats are untouched) under
 * `noGrad`; each measurement stops the forward pass right after the layer being calibrated (a
 * forward hook), and every module's training flag is restored afterwards. Each weight's
 * `initReport()` entry becomes `'lsuv'` with the scale applied and the init it started from.
 *
 * @example
 * const net = new Sequential(new Linear(64, 64), new Tanh(), new Linear(64, 10));
 * const report = lsuv(net, Tensor.randn([256, 64], new Rng(0)), { seed: 1 });
 * report.layers.map((l) => l.stdAfter); // each within 0.1 of 1
 */
export function lsuv(model: Module, batch: Tensor | NDArray, options: LsuvOptions = {}): LsuvReport {
  if (!(model instanceof Module)) throw new NNError('lsuv', `model must be a Module, got ${describeValue(model)}`);
  checkOptions(
    'lsuv',
    options,
    {
      rng: is.any,
      seed: is.anyOf(is.finite, is.string),
      targetStd: is.any,
      tolerance: is.any,
      maxIterations: is.any,
      orthonormalFirst: is.boolean,
      isTarget: is.function,
    },
    NNError,
  );
  const targetStd = checkNumber('targetStd', options.targetStd ?? 1, 0);
  const tolerance = checkNumber('tolerance', options.tolerance ?? 0.1, 0);
  const maxIterations = checkNumber('maxIterations', options.maxIterations ?? 10, -1, true);
  const orthonormalFirst = options.orthonormalFirst ?? true;
  const isTarget = options.isTarget ?? defaultIsTarget;
  if (typeof isTarget !== 'function') throw new NNError('lsuv', 'isTarget must be a function (module) => boolean');
  const input = batch instanceof NDArray ? new Tensor(batch) : batch;
  if (!(input instanceof Tensor)) throw new NNError('lsuv', 'batch must be a Tensor or an NDArray');
  if (input.size === 0) throw new NNError('lsuv', `batch is empty: shape [${input.shape.join(',')}]`);
  // A NaN or infinite input makes every measured std NaN: refuse before any weight is re-initialised.
  for (let i = 0; i < input.size; i++) {
    const v = input.data.data[i]!;
    if (v - v !== 0) throw new NNError('lsuv', `batch holds ${v} at flat index ${i}: LSUV needs finite inputs (nothing was changed)`);
  }

  const targets: [string, Module, Parameter][] = [];
  for (const [name, m] of model.namedModules()) {
    if (!isTarget(m)) continue;
    const weight = m.initTarget()?.weight ?? (m as unknown as { weight?: unknown }).weight;
    if (!(weight instanceof Parameter)) throw new NNError('lsuv', `layer '${name}' (${m.typeName}) has no weight Parameter`);
    targets.push([name, m, weight]);
  }
  if (targets.length === 0)
    throw new NNError('lsuv', 'the model has no layer to calibrate (no module declares an initTarget(): Linear, Conv2d, …)');

  const config = { targetStd, tolerance, maxIterations, orthonormalFirst };
  if (orthonormalFirst) {
    const rng = resolveRng('lsuv', options);
    const init = orthogonal();
    for (const [, , w] of targets) {
      const fork = rng.fork();
      w.data.data.set(init.sample(w.shape, { rng: fork, dtype: w.dtype }).data);
      bumpVersion(w.data);
      w.init = {
        initializer: init.name,
        config: init.config,
        seed: fork.seed,
        parentSeed: rng.seed,
        ...(w.init === null ? {} : { previous: w.init }),
      };
    }
  }

  const modes = model.modules().map((m) => [m, m.training] as const);
  model.eval();
  try {
    // Calibrate in the order forward runs the layers, not the order they are declared in: rescaling a
    // layer changes the input of every layer after it, so an earlier layer calibrated later would undo
    // the later layer's calibration.
    const order = forwardOrder(model, input, targets);
    const layers: LsuvLayerReport[] = [];
    for (const [name, m, w] of order) {
      const measure = (): number => {
        const handle = m.registerForwardHook((_m, _inputs, output) => {
          throw new StopForward(output.data);
        });
        try {
          noGrad(() => model.forward(input));
        } catch (e) {
          if (e instanceof StopForward) return stdOf(e.output);
          throw e;
        } finally {
          handle.remove();
        }
        throw new NNError('lsuv', `layer '${name}' was not called by the model's forward`);
      };
      let s = measure();
      const stdBefore = s;
      let iterations = 0;
      let scale = 1;
      while (Math.abs(s - targetStd) >= tolerance && iterations < maxIterations && s > 0 && Number.isFinite(s)) {
        const factor = targetStd / s;
        const d = w.data.data;
        for (let i = 0; i < d.length; i++) d[i] = d[i]! * factor;
        bumpVersion(d);
        scale *= factor;
        iterations++;
        s = measure();
      }
      const converged = Math.abs(s - targetStd) < tolerance;
      w.init = { initializer: 'lsuv', config: { ...config, scale }, seed: null, ...(w.init === null ? {} : { previous: w.init }) };
      layers.push({ name, type: m.typeName, stdBefore, stdAfter: s, iterations, converged, scale });
    }
    return { layers, converged: layers.every((l) => l.converged) };
  } finally {
    for (const [m, mode] of modes) m.training = mode;
  }
}
