import { checkArg, is, textOf } from '@seedling-ml/tensor';
import type { Tensor } from '@seedling-ml/autograd';
import { NNError } from '../errors.ts';
import { Module } from '../module.ts';
import { ReLU } from './activations.ts';
import { Linear, linearRelu } from './linear.ts';

/**
 * Chains modules: `forward(x)` feeds `x` through each in order. Children are named `'0'`, `'1'`, …
 * (so parameters are `'0.weight'`, …, as in PyTorch), or by the keys of an object passed instead.
 *
 * @example
 * const net = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 2));
 * net.forward(Tensor.zeros([5, 4])).shape; // [5, 2]
 * const named = new Sequential({ fc: new Linear(4, 2), act: new Tanh() });
 * named.namedParameters().map(([n]) => n); // ['fc.weight', 'fc.bias']
 */
export class Sequential extends Module {
  /** The class's name, kept through minification (printing, reports, messages, ONNX export). */
  static readonly typeName: string = 'Sequential';
  // NOTE: kept in a list, not discovered from fields: JavaScript enumerates integer-like keys
  // ('0', '1', …) before all others, which would reorder a mix of appended and named entries.
  readonly #entries: [string, Module][] = [];

  /**
   * Throws NNError for an argument that is not a Module, naming its position and type (a function such
   * as `relu` or `(x) => x.relu()` is a common slip from PyTorch's `nn.Sequential` habits: use `new ReLU()`).
   */
  constructor(...modules: Module[] | [Readonly<Record<string, Module>>]) {
    super();
    const first: unknown = modules[0];
    if (modules.length === 1 && isPlainObject(first)) {
      for (const [name, m] of Object.entries(first)) this.#add(name, m, `entry '${name}'`);
    } else {
      (modules as unknown[]).forEach((m, i) => this.#add(String(i), m, `argument ${i}`));
    }
  }

  #add(name: string, m: unknown, where: string = `entry '${name}'`): void {
    if (!(m instanceof Module)) throw new NNError('Sequential', `${where} is not a Module: got ${describeValue(m)}`);
    if (name in this) throw new NNError('Sequential', `name '${name}' is already taken`);
    this.#entries.push([name, m]);
    // Also reachable as `seq[name]` (non-enumerable, so field discovery does not list it twice).
    Object.defineProperty(this, name, { value: m, enumerable: false, writable: false, configurable: false });
  }

  /** The chained modules with their names, in order. */
  override namedChildren(): [string, Module][] {
    return this.#entries.map(([name, m]) => [name, m]);
  }

  /** Adds `module` at the end, named by its position. Returns `this`. */
  append(module: Module): this {
    this.#add(String(this.length), module, 'the appended value');
    return this;
  }

  /** Number of modules in the chain. */
  get length(): number {
    return this.#entries.length;
  }

  /** The module at position `index` (negative counts from the end), or undefined. */
  at(index: number): Module | undefined {
    checkArg('Sequential.at', 'index', index, is.integer, NNError);
    return this.#entries.at(index)?.[1];
  }

  /**
   * Feeds `x` through every module in order. A `Linear` directly followed by a `ReLU` (exactly those classes, both
   * `fusible`: no hooks, `forward` not replaced) runs as one op, relu(x·Wᵀ + b) — the same values and gradients,
   * one pass and one graph node fewer.
   */
  override forward(x: Tensor): Tensor {
    const entries = this.#entries;
    let y = x;
    for (let i = 0; i < entries.length; i++) {
      const m = entries[i]![1];
      const next = entries[i + 1]?.[1];
      if (next !== undefined && exactly(m, Linear) && exactly(next, ReLU) && m.fusible && next.fusible) {
        y = linearRelu(m as Linear, y);
        i++;
      } else {
        y = m.forward(y);
      }
    }
    return y;
  }
}

/** Whether `m` is an instance of `cls` itself, not of a subclass (which may compute something else). */
function exactly(m: Module, cls: abstract new (...args: never[]) => Module): boolean {
  return Object.getPrototypeOf(m) === cls.prototype;
}

/** An object literal (`{ fc: …, act: … }`), as opposed to a Module, function, array or class instance. */
function isPlainObject(x: unknown): x is Readonly<Record<string, unknown>> {
  if (typeof x !== 'object' || x === null) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** `function relu`, `number 3`, `undefined`, `Tensor`, `Array`: what a wrong argument is, for the message. */
function describeValue(x: unknown): string {
  if (x === null || x === undefined) return String(x);
  if (typeof x === 'function') {
    const name = (x as { name?: unknown }).name;
    return typeof name === 'string' && name !== '' ? `function ${name}` : 'an anonymous function';
  }
  if (typeof x !== 'object') return `${typeof x} ${textOf(x)}`;
  const ctor = (Object.getPrototypeOf(x) as { constructor?: { name?: unknown } } | null)?.constructor;
  return typeof ctor?.name === 'string' && ctor.name !== '' ? `an instance of ${ctor.name}` : 'an object';
}
