import type { Tensor } from '@seedling-ml/autograd';
import { describeValue } from '@seedling-ml/tensor';
import { NNError } from '../errors.ts';
import { Module } from '../module.ts';

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
  // NOTE: kept in a list, not discovered from fields: JavaScript enumerates integer-like keys
  // ('0', '1', …) before all others, which would reorder a mix of appended and named entries.
  readonly #entries: [string, Module][] = [];

  constructor(...modules: Module[] | [Readonly<Record<string, Module>>]) {
    super();
    const first = modules[0];
    if (modules.length === 1 && (first === null || typeof first !== 'object')) {
      throw new NNError('Sequential', `expected Modules or one object of named Modules, got ${describeValue(first)}`);
    }
    if (modules.length === 1 && first !== undefined && !(first instanceof Module)) {
      for (const [name, m] of Object.entries(first)) this.#add(name, m);
    } else {
      (modules as Module[]).forEach((m, i) => this.#add(String(i), m));
    }
  }

  #add(name: string, m: unknown): void {
    if (!(m instanceof Module)) throw new NNError('Sequential', `entry '${name}' is not a Module`);
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
    this.#add(String(this.length), module);
    return this;
  }

  /** Number of modules in the chain. */
  get length(): number {
    return this.#entries.length;
  }

  /** The module at position `index` (negative counts from the end), or undefined. */
  at(index: number): Module | undefined {
    return this.#entries.at(index)?.[1];
  }

  /** Feeds `x` through every module in order. */
  override forward(x: Tensor): Tensor {
    let y = x;
    for (const [, m] of this.#entries) y = m.forward(y);
    return y;
  }
}
