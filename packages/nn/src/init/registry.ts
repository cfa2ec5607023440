import { constant, normal, ones, truncatedNormal, uniform, zeros } from './basic.ts';
import { InitError } from './init-error.ts';
import type { InitConfig, Initializer, InitializerSpec } from './initializer.ts';
import { orthogonal } from './orthogonal.ts';
import {
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  kaimingNormal,
  kaimingUniform,
  lecunNormal,
  lecunUniform,
  xavierNormal,
  xavierUniform,
} from './scaled.ts';
import { deltaOrthogonal, dirac, eye, sparse } from './structured.ts';
import { torchDefault } from './torch-default.ts';
import { describeValue } from './validate.ts';
import { varianceScaling } from './variance-scaling.ts';

/**
 * Every built-in initializer factory by name. The single source of `InitializerName`; aliases
 * (`glorot*`, `he*`) build initializers named after their canonical entry (`xavier*`, `kaiming*`).
 */
export const initializerRegistry = {
  zeros,
  ones,
  constant,
  uniform,
  normal,
  truncatedNormal,
  varianceScaling,
  xavierUniform,
  xavierNormal,
  glorotUniform,
  glorotNormal,
  kaimingUniform,
  kaimingNormal,
  heUniform,
  heNormal,
  lecunUniform,
  lecunNormal,
  orthogonal,
  eye,
  dirac,
  deltaOrthogonal,
  sparse,
  torchDefault,
} as const;

/** The name of a built-in initializer. */
export type InitializerName = keyof typeof initializerRegistry;

/** A factory as stored in the registry: builds an initializer from its JSON config (or defaults). */
export type InitializerFactory<C = InitConfig> = (config: C) => Initializer;

/** What layers and `getInitializer` accept: a name, a `{ name, config }` spec, or an Initializer. */
export type InitializerLike = InitializerName | (string & {}) | InitializerSpec | Initializer;

/** Options of `registerInitializer`. */
export interface RegisterOptions {
  /** Replace an existing (built-in or registered) factory of that name; default false. */
  override?: boolean;
}

const userFactories = new Map<string, InitializerFactory<never>>();

function isBuiltin(name: string): name is InitializerName {
  return Object.prototype.hasOwnProperty.call(initializerRegistry, name);
}

/** Every name `getInitializer` resolves: built-ins, then registered ones (sorted within each). */
export function initializerNames(): string[] {
  const extra = [...userFactories.keys()].filter((n) => !isBuiltin(n)).sort();
  return [...Object.keys(initializerRegistry), ...extra];
}

function factoryFor(name: string): ((config: unknown) => Initializer) | undefined {
  const user = userFactories.get(name);
  if (user !== undefined) return user as (config: unknown) => Initializer;
  if (isBuiltin(name)) return initializerRegistry[name] as (config: unknown) => Initializer;
  return undefined;
}

function isInitializer(x: unknown): x is Initializer {
  return typeof x === 'object' && x !== null && typeof (x as { sample?: unknown }).sample === 'function';
}

/**
 * Resolves an initializer from a registered name (defaults), a `{ name, config }` spec (the JSON an
 * initializer records), or an Initializer (returned as is). Registered user factories take
 * precedence over built-ins of the same name (only possible with `{ override: true }`).
 * `getInitializer(JSON.parse(JSON.stringify({ name: init.name, config: init.config })))` rebuilds an
 * initializer that draws the same samples from the same rng. Unknown names throw listing the valid ones.
 *
 * @example
 * getInitializer('heNormal').name;                                   // 'kaimingNormal'
 * getInitializer({ name: 'uniform', config: { low: 0, high: 1 } }).config; // { low: 0, high: 1 }
 */
export function getInitializer(spec: InitializerLike): Initializer {
  if (isInitializer(spec)) return spec;
  let name: unknown;
  let config: unknown;
  if (typeof spec === 'string') {
    name = spec;
  } else if (typeof spec === 'object' && spec !== null && typeof (spec as { name?: unknown }).name === 'string') {
    name = spec.name;
    config = spec.config ?? undefined;
  } else {
    throw new InitError('getInitializer', `expected a name, { name, config } or an Initializer, got ${describeValue(spec)}`);
  }
  const factory = factoryFor(name as string);
  if (factory === undefined) {
    throw new InitError('getInitializer', `unknown initializer ${describeValue(name)} (valid: ${initializerNames().join(', ')})`);
  }
  return factory(config);
}

/**
 * Registers a user initializer factory under `name`, so `getInitializer(name)` and
 * `getInitializer({ name, config })` (e.g. from a saved model's init report) can build it. The
 * factory receives the JSON config (or `undefined` for a bare name) and should return an initializer
 * whose `name` is this name and whose `config` rebuilds it — `defineInitializer` does the
 * bookkeeping. A name already taken (built-in or registered) throws unless `{ override: true }`.
 *
 * @example
 * registerInitializer('scaledNormal', (c: { scale?: number } = {}) => {
 *   const scale = c.scale ?? 1;
 *   return defineInitializer('scaledNormal', { scale }, (shape, ctx) => ctx.rng.normal(shape, 0, scale, { dtype: ctx.dtype }));
 * });
 */
export function registerInitializer<C>(name: string, factory: InitializerFactory<C>, options: RegisterOptions = {}): void {
  if (typeof name !== 'string' || name.length === 0) {
    throw new InitError('registerInitializer', `name must be a non-empty string, got ${describeValue(name)}`);
  }
  if (typeof factory !== 'function') {
    throw new InitError('registerInitializer', `factory for '${name}' must be a function, got ${describeValue(factory)}`);
  }
  if (options.override !== true && (isBuiltin(name) || userFactories.has(name))) {
    throw new InitError('registerInitializer', `an initializer named '${name}' already exists (pass { override: true } to replace it)`);
  }
  userFactories.set(name, factory as InitializerFactory<never>);
}

/**
 * Removes a registered user factory (a built-in it overrode becomes visible again). Returns whether
 * one was registered under `name`. Built-ins cannot be removed.
 */
export function unregisterInitializer(name: string): boolean {
  return userFactories.delete(name);
}
