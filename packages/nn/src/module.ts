import { textOf } from '@seedling-ml/tensor';
import { type Tensor, isGradEnabled } from '@seedling-ml/autograd';
import { NDArray, formatShape, shapesEqual, bumpVersion, checkArg, checkOptions, is } from '@seedling-ml/tensor';
import { NNError, StateDictError, type ShapeMismatch } from './errors.ts';
import type { BackwardHook, ForwardHook, RemovableHandle } from './hooks.ts';
import { Parameter, type InitRecord } from './parameter.ts';
import { tapGradient } from './backward-hook-op.ts';
import type { ActivationKind } from './diagnostics/types.ts';

/** A state dict: dotted names → copies of parameter and buffer values. */
export type StateDict = Record<string, NDArray>;

/** Options of `Module.loadStateDict`. */
export interface LoadStateDictOptions {
  /**
   * When true (default), any missing or unexpected key throws. When false they are reported and
   * the matching entries are loaded. A shape mismatch throws either way.
   */
  strict?: boolean;
}

/** What `loadStateDict` did not load (both empty after a strict load). */
export interface LoadStateDictResult {
  /** Keys the module has that the dict lacked (left unchanged). */
  missingKeys: string[];
  /** Keys of the dict the module does not have (ignored). */
  unexpectedKeys: string[];
}

/** Options of `Module.registerBuffer`. */
export interface RegisterBufferOptions {
  /** The buffer's state-dict key (default: the property name). */
  key?: string;
  /** The buffer holds integers that PyTorch keeps as int64 (stored as float64 here). Default false. */
  integer?: boolean;
}

interface BufferSlot {
  readonly property: string;
  readonly key: string;
  readonly integer: boolean;
}

const BUFFER_OPTION_KEYS = ['key', 'integer'];

function checkBufferOptions(name: string, options: RegisterBufferOptions): void {
  if (typeof options !== 'object' || options === null) throw new NNError('registerBuffer', `options of buffer '${name}' must be an object`);
  for (const k of Object.keys(options)) {
    if (!BUFFER_OPTION_KEYS.includes(k))
      throw new NNError('registerBuffer', `unknown option '${k}' (valid: ${BUFFER_OPTION_KEYS.join(', ')})`);
  }
  if (options.key !== undefined && (typeof options.key !== 'string' || options.key === '' || options.key.includes('.'))) {
    throw new NNError(
      'registerBuffer',
      `key of buffer '${name}' must be a non-empty string without '.', got ${JSON.stringify(options.key)}`,
    );
  }
  if (options.integer !== undefined && typeof options.integer !== 'boolean')
    throw new NNError('registerBuffer', `integer of buffer '${name}' must be true or false, got ${textOf(options.integer)}`);
}

type Slots = Record<string, unknown>;

function isModuleArray(v: unknown): v is Module[] {
  return Array.isArray(v) && v.length > 0 && v.every((m) => m instanceof Module);
}

/**
 * Base class of every layer and model: holds parameters, buffers and submodules, and runs hooks.
 *
 * Subclasses declare parameters (`Parameter`) and submodules (`Module`, or arrays of modules) as
 * ordinary fields and implement `forward` as a method. They are discovered from the instance's own
 * fields in declaration order, so names are dotted paths (`'0.weight'`, `'encoder.fc1.bias'`) in a
 * deterministic order: a module's own parameters first, then each child's, depth first.
 * Buffers (state that is saved but not trained, such as BatchNorm's running statistics) are
 * declared with `registerBuffer`.
 *
 * `forward` is wrapped at construction so that forward and backward hooks run whichever way it is
 * called; define it as a method, not as an arrow-function field (which would bypass the hooks).
 *
 * @example
 * class MLP extends Module {
 *   fc1 = new Linear(4, 8, { seed: 1 });
 *   act = new ReLU();
 *   fc2 = new Linear(8, 2, { seed: 2 });
 *   forward(x: Tensor): Tensor { return this.fc2.forward(this.act.forward(this.fc1.forward(x))); }
 * }
 * new MLP().namedParameters().map(([name]) => name);
 * // ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']
 */
export abstract class Module {
  /** True in training mode (the default); `eval()` clears it. Dropout and BatchNorm read it. */
  training = true;

  /**
   * The class's name for printing: its own static `typeName` when it declares one (every Seedling layer
   * does, so a minified bundle still prints `Linear`), else `constructor.name` (a user's subclass).
   *
   * @example
   * new Linear(2, 3).typeName; // 'Linear'
   * class Mlp extends Module { forward(x: Tensor) { return x; } }
   * new Mlp().typeName; // 'Mlp'
   */
  get typeName(): string {
    return typeNameOf(this);
  }

  /** Own buffers: the property that holds each, its state-dict key, and whether it holds integers. */
  readonly #buffers: BufferSlot[] = [];
  readonly #forwardHooks = new Map<number, ForwardHook>();
  readonly #backwardHooks = new Map<number, BackwardHook>();
  #nextHookId = 0;
  /** The hook-running `forward` installed below (to tell whether someone has since replaced it). */
  readonly #wrappedForward: (...inputs: unknown[]) => Tensor;

  constructor() {
    // Wrap the subclass's forward so hooks fire however it is called (PyTorch runs them in __call__;
    // TypeScript has no callable objects, and users call `forward` directly).
    const raw = this.forward as (...inputs: unknown[]) => Tensor;
    this.#wrappedForward = (...inputs: unknown[]): Tensor => this.#runForward(raw, inputs);
    Object.defineProperty(this, 'forward', {
      value: this.#wrappedForward,
      enumerable: false,
      writable: true,
      configurable: true,
    });
  }

  /**
   * Whether a container may compute this module's output with a fused op instead of calling its `forward`: true
   * while no forward or backward hook is registered on it and its `forward` has not been replaced. `Sequential`
   * runs a `Linear` followed by a `ReLU` as one op (`linear(x, w, b, { activation: 'relu' })`: the same values
   * and gradients) only when both are.
   *
   * @example
   * const fc = new Linear(2, 2);
   * fc.fusible; // true
   * fc.registerForwardHook(() => {});
   * fc.fusible; // false
   */
  get fusible(): boolean {
    return this.#forwardHooks.size === 0 && this.#backwardHooks.size === 0 && this.forward === this.#wrappedForward;
  }

  /** Computes the module's output. Subclasses narrow the argument types. */
  abstract forward(...inputs: unknown[]): Tensor;

  #runForward(raw: (...inputs: unknown[]) => Tensor, inputs: unknown[]): Tensor {
    const output = raw.apply(this, inputs);
    for (const hook of this.#forwardHooks.values()) hook(this, inputs, output);
    if (this.#backwardHooks.size === 0 || !output.requiresGrad || !isGradEnabled()) return output;
    // A hook removed between this forward and the backward no longer fires (the map is read late).
    return tapGradient(output, (grad) => {
      for (const hook of this.#backwardHooks.values()) hook(this, grad);
    });
  }

  /**
   * Registers `hook(module, inputs, output)` to run after every `forward` of this module. Hooks run
   * in registration order.
   *
   * @example
   * const stds: number[] = [];
   * const h = layer.registerForwardHook((_m, _in, out) => stds.push(std(out)));
   * model.forward(x); h.remove();
   */
  registerForwardHook(hook: ForwardHook): RemovableHandle {
    return this.#addHook(this.#forwardHooks, hook);
  }

  /**
   * Registers `hook(module, gradOutput)` to run during `backward()` with the gradient of the loss
   * with respect to this module's output (PyTorch's `register_full_backward_hook`, output side).
   * It fires for outputs of forwards run while a backward hook was registered (with grad enabled and
   * an output that requires grad), once that gradient is complete; a hook removed before the
   * backward does not fire. Hooks run in registration order.
   */
  registerBackwardHook(hook: BackwardHook): RemovableHandle {
    return this.#addHook(this.#backwardHooks, hook);
  }

  #addHook<H>(map: Map<number, H>, hook: H): RemovableHandle {
    if (typeof hook !== 'function')
      throw new NNError('registerHook', `hook must be a function, got ${hook === null ? 'null' : typeof hook}`);
    const id = this.#nextHookId++;
    map.set(id, hook);
    return { remove: () => void map.delete(id) };
  }

  /**
   * Declares `name` as a buffer: state saved in `stateDict` and restored by `loadStateDict` but not
   * trained (not in `parameters()`). Sets `this[name] = value`.
   *
   * `options.key` is the buffer's name in `stateDict`/`namedBuffers` when it differs from the property
   * (PyTorch's snake_case, e.g. property `runningMean`, key `running_mean`), so checkpoints load strictly
   * in PyTorch. `options.integer` marks a counter PyTorch keeps as int64 (`num_batches_tracked`): it is
   * held as a float64 array (exact up to 2^53) and written to files as I64 (see `integerBufferKeys`).
   *
   * @example
   * this.registerBuffer('numBatchesTracked', zeros([], { dtype: 'float64' }), { key: 'num_batches_tracked', integer: true });
   */
  protected registerBuffer(name: string, value: NDArray, options: RegisterBufferOptions = {}): void {
    if (!(value instanceof NDArray)) throw new NNError('registerBuffer', `buffer '${name}' must be an NDArray`);
    checkBufferOptions(name, options);
    const key = options.key ?? name;
    const integer = options.integer ?? false;
    if (integer && value.dtype !== 'float64')
      throw new NNError('registerBuffer', `integer buffer '${name}' must be float64 (exact integers up to 2^53), got ${value.dtype}`);
    const clash = this.#buffers.find((b) => b.key === key && b.property !== name);
    if (clash !== undefined)
      throw new NNError('registerBuffer', `key '${key}' of buffer '${name}' is already the key of buffer '${clash.property}'`);
    const slot = this.#buffers.findIndex((b) => b.property === name);
    if (slot < 0) this.#buffers.push({ property: name, key, integer });
    else this.#buffers[slot] = { property: name, key, integer };
    (this as unknown as Slots)[name] = value;
  }

  /** This module's own parameters (not its children's), in declaration order. */
  #ownParameters(): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    for (const [key, value] of Object.entries(this)) if (value instanceof Parameter) out.push([key, value]);
    return out;
  }

  /** This module's own buffers under their state-dict keys, in registration order. */
  #ownBuffers(): [string, NDArray][] {
    const out: [string, NDArray][] = [];
    for (const { property, key } of this.#buffers) {
      const value = (this as unknown as Slots)[property];
      if (value instanceof NDArray) out.push([key, value]);
    }
    return out;
  }

  /**
   * Direct submodules with their names, in declaration order (arrays of modules give `name.i`).
   * Containers that keep their children in a list (Sequential) override this.
   */
  namedChildren(): [string, Module][] {
    const out: [string, Module][] = [];
    for (const [key, value] of Object.entries(this)) {
      if (value instanceof Module) out.push([key, value]);
      else if (isModuleArray(value)) value.forEach((m, i) => out.push([`${key}.${i}`, m]));
    }
    return out;
  }

  /** Direct submodules, in declaration order. */
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /**
   * This module and every submodule, pre-order (a module before its children), each once, with
   * dotted names (`''` for this module).
   */
  namedModules(prefix = ''): [string, Module][] {
    checkArg('namedModules', 'prefix', prefix, is.string, NNError);
    const out: [string, Module][] = [];
    const seen = new Set<Module>();
    const visit = (name: string, m: Module): void => {
      if (seen.has(m)) return;
      seen.add(m);
      out.push([name, m]);
      for (const [child, c] of m.namedChildren()) visit(name === '' ? child : `${name}.${child}`, c);
    };
    visit(prefix, this);
    return out;
  }

  /** This module and every submodule, pre-order. */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /**
   * Every parameter with its dotted name: each module's own parameters, then its children's, depth
   * first in declaration order. A parameter shared by two modules is listed once, under its first name.
   *
   * @example
   * new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1)).namedParameters().map(([n]) => n);
   * // ['0.weight', '0.bias', '2.weight', '2.bias']
   */
  namedParameters(): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    const seen = new Set<Parameter>();
    for (const [prefix, m] of this.namedModules()) {
      for (const [name, p] of m.#ownParameters()) {
        if (seen.has(p)) continue;
        seen.add(p);
        out.push([prefix === '' ? name : `${prefix}.${name}`, p]);
      }
    }
    return out;
  }

  /** Every parameter, in `namedParameters()` order (what an optimizer takes). */
  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Every buffer with its dotted name, in module pre-order. */
  namedBuffers(): [string, NDArray][] {
    const out: [string, NDArray][] = [];
    for (const [prefix, m] of this.namedModules()) {
      for (const [name, b] of m.#ownBuffers()) out.push([prefix === '' ? name : `${prefix}.${name}`, b]);
    }
    return out;
  }

  /**
   * The dotted state-dict keys of buffers that hold integers (registered with `integer: true`), which
   * PyTorch stores as int64: file writers store these as I64 so `load_state_dict(strict=True)` sees
   * PyTorch's dtype.
   *
   * @example
   * new Sequential(new Linear(2, 3), new BatchNorm1d(3)).integerBufferKeys(); // ['1.num_batches_tracked']
   */
  integerBufferKeys(): string[] {
    const out: string[] = [];
    for (const [prefix, m] of this.namedModules()) {
      for (const { property, key, integer } of m.#buffers) {
        if (integer && (m as unknown as Slots)[property] instanceof NDArray) out.push(prefix === '' ? key : `${prefix}.${key}`);
      }
    }
    return out;
  }

  /** Every buffer, in `namedBuffers()` order. */
  buffers(): NDArray[] {
    return this.namedBuffers().map(([, b]) => b);
  }

  /** Total number of scalar parameters: Σ size over `parameters()`. */
  numParameters(): number {
    let n = 0;
    for (const p of this.parameters()) n += p.size;
    return n;
  }

  /** Sets training mode on this module and every submodule (`mode = false` is `eval()`). Returns `this`. */
  train(mode = true): this {
    if (typeof mode !== 'boolean') throw new NNError('train', `mode must be true or false, got ${textOf(mode)}`);
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Sets evaluation mode on this module and every submodule: Dropout is the identity, BatchNorm uses running stats. */
  eval(): this {
    return this.train(false);
  }

  /** Clears every parameter's gradient (sets `.grad = null`, as PyTorch's default `set_to_none`). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /**
   * Calls `fn` on every submodule and then on this module (children first, as PyTorch's `apply`),
   * e.g. for custom initialization. Returns `this`.
   */
  apply(fn: (module: Module) => void): this {
    checkArg('apply', 'fn', fn, is.function, NNError);
    for (const c of this.children()) c.apply(fn);
    fn(this);
    return this;
  }

  /**
   * Copies of every parameter and buffer value under its dotted name: each module's parameters,
   * then its buffers, then its children's, depth first. Copies, so later training does not change
   * a saved dict.
   */
  stateDict(): StateDict {
    const out: StateDict = {};
    for (const [prefix, m] of this.namedModules()) {
      const key = (name: string): string => (prefix === '' ? name : `${prefix}.${name}`);
      for (const [name, p] of m.#ownParameters()) {
        if (!(key(name) in out)) out[key(name)] = p.data.clone();
      }
      for (const [name, b] of m.#ownBuffers()) out[key(name)] = b.clone();
    }
    return out;
  }

  /**
   * Copies `dict`'s values into this module's parameters and buffers (in place, so optimizers
   * holding the parameters keep working). Validates the whole dict first: with `strict` (default)
   * a missing or unexpected key throws a `StateDictError` naming every one; a shape mismatch
   * always throws, naming the key and both shapes. On a throw nothing has been changed.
   *
   * @example
   * b.loadStateDict(a.stateDict()); // b now computes exactly what a does
   */
  loadStateDict(dict: Readonly<Record<string, NDArray>>, options: LoadStateDictOptions = {}): LoadStateDictResult {
    if (dict === null || typeof dict !== 'object' || Array.isArray(dict)) {
      throw new NNError(
        'loadStateDict',
        `expected an object of NDArrays keyed by parameter name, got ${dict === null ? 'null' : Array.isArray(dict) ? 'an array' : typeof dict}`,
      );
    }
    checkOptions('loadStateDict', options, { strict: is.boolean }, NNError);
    const strict = options.strict ?? true;
    const targets = new Map<string, { value: NDArray; param: Parameter | null }>();
    for (const [prefix, m] of this.namedModules()) {
      const key = (name: string): string => (prefix === '' ? name : `${prefix}.${name}`);
      for (const [name, p] of m.#ownParameters()) if (!targets.has(key(name))) targets.set(key(name), { value: p.data, param: p });
      for (const [name, b] of m.#ownBuffers()) targets.set(key(name), { value: b, param: null });
    }
    const missingKeys = [...targets.keys()].filter((k) => !Object.hasOwn(dict, k));
    const unexpectedKeys = Object.keys(dict).filter((k) => !targets.has(k));
    const mismatches: ShapeMismatch[] = [];
    for (const [key, t] of targets) {
      if (!Object.hasOwn(dict, key)) continue;
      const v = dict[key];
      if (!(v instanceof NDArray)) throw new NNError('loadStateDict', `value of '${key}' is not an NDArray`);
      if (!shapesEqual(v.shape, t.value.shape)) mismatches.push({ key, expected: t.value.shape, got: v.shape });
    }
    const problems: string[] = [];
    if (strict && missingKeys.length > 0) problems.push(`missing keys [${missingKeys.join(', ')}]`);
    if (strict && unexpectedKeys.length > 0) problems.push(`unexpected keys [${unexpectedKeys.join(', ')}]`);
    for (const m of mismatches)
      problems.push(`shape mismatch for '${m.key}': module has ${formatShape(m.expected)}, dict has ${formatShape(m.got)}`);
    // An integer buffer (PyTorch int64, e.g. num_batches_tracked) must receive integers.
    const integerKeys = new Set(this.integerBufferKeys());
    for (const key of integerKeys) {
      const v = dict[key];
      if (v === undefined || !Object.hasOwn(dict, key)) continue;
      const bad = v.data.findIndex((x) => !(Number.isInteger(x) && Math.abs(x) <= 2 ** 53));
      if (bad >= 0) problems.push(`'${key}' is an integer buffer, but element ${bad} of the dict's value is ${v.data[bad]}`);
    }
    if (problems.length > 0) {
      throw new StateDictError(
        'loadStateDict',
        `state dict does not fit the module: ${problems.join('; ')}; nothing was loaded`,
        strict ? missingKeys : [],
        strict ? unexpectedKeys : [],
        mismatches,
      );
    }
    for (const [key, t] of targets) {
      const v = dict[key];
      if (v === undefined) continue;
      // NOTE: TypedArray.set converts float64 → float32 by rounding when the dtypes differ.
      t.value.data.set(v.data);
      bumpVersion(t.value);
      if (t.param !== null) {
        const previous = t.param.init;
        t.param.init = { initializer: 'loadStateDict', config: { key }, seed: null, ...(previous === null ? {} : { previous }) };
      }
    }
    return { missingKeys, unexpectedKeys };
  }

  /**
   * How each parameter was initialized, keyed by dotted name: initializer name, its JSON config,
   * the seed of the parameter's own forked Rng (which reproduces the draw exactly), the seed it was
   * forked from, and the fans it was given; later steps (`lsuv`, `loadStateDict`) wrap the record
   * they replaced in `previous`. JSON-serializable, so a saved model can state how it started.
   *
   * @example
   * new Linear(3, 2, { seed: 7 }).initReport()['weight'];
   * // { initializer: 'xavierUniform', config: { gain: 1 }, seed: 'fork:…', parentSeed: 7, fanIn: 3, fanOut: 2, shape: [2, 3] }
   */
  initReport(): Record<string, InitRecord & { shape: number[] }> {
    const out: Record<string, InitRecord & { shape: number[] }> = {};
    for (const [name, p] of this.namedParameters()) {
      const rec: InitRecord = p.init ?? { initializer: 'unknown', config: null, seed: null };
      out[name] = { ...rec, shape: [...p.shape] };
    }
    return out;
  }

  /** Extra text shown after the module's name by `toString()` (e.g. `inFeatures=4, outFeatures=2`). */
  extraRepr(): string {
    return '';
  }

  /**
   * The activation this module applies, as the initialization diagnostics classify it (`'relu'` counts
   * dead units, `'tanh'`/`'sigmoid'` saturation); null, the default, for modules that are not
   * activations. Activation layers override it, so shared code never lists layer classes.
   *
   * @example
   * new ReLU().activationKind(); // 'relu'
   */
  activationKind(): ActivationKind | null {
    return null;
  }

  /**
   * The weight data-dependent initialization (`lsuv`) rescales, with its fans; null, the default, for
   * modules without one. `Linear` and the convolution layers override it, so adding a layer never
   * edits `lsuv`.
   *
   * @example
   * new Linear(3, 2).initTarget(); // { weight: <[2,3] Parameter>, fanIn: 3, fanOut: 2 }
   */
  initTarget(): InitTarget | null {
    return null;
  }

  /** A printable tree of the module and its children, like PyTorch's `repr`. */
  toString(): string {
    const head = `${this.typeName}(${this.extraRepr()}`;
    const kids = this.namedChildren();
    if (kids.length === 0) return `${head})`;
    const lines = kids.map(([name, m]) => `  (${name}): ${m.toString().split('\n').join('\n  ')}`);
    return `${head}\n${lines.join('\n')}\n)`;
  }
}

/**
 * The printable class name of `obj`: the static `typeName` its own class declares (not one inherited from a
 * parent, which would name the parent), else `constructor.name`. Minifiers rename classes; `typeName` survives.
 *
 * @example
 * typeNameOf(new ReLU()); // 'ReLU'
 */
export function typeNameOf(obj: object): string {
  checkArg('typeNameOf', 'obj', obj, is.object, NNError);
  const raw: unknown = obj.constructor;
  // A null-prototype object has no constructor: it is a plain object all the same.
  if (typeof raw !== 'function') return 'Object';
  const ctor = raw as { name: string; typeName?: unknown };
  if (Object.hasOwn(ctor, 'typeName') && typeof ctor.typeName === 'string') return ctor.typeName;
  return ctor.name;
}

/** What a weighted layer tells `lsuv` and the diagnostics: its main weight and the fans it was initialized with. */
export interface InitTarget {
  /** The weight parameter (`Linear.weight`, `Conv2d.weight`, …). */
  readonly weight: Parameter;
  /** Inputs feeding one output unit. */
  readonly fanIn: number;
  /** Outputs one input unit feeds. */
  readonly fanOut: number;
}
