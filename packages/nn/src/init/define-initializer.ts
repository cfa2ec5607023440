import { textOf } from '@seedling-ml/tensor';
import type { DType, NDArray } from '@seedling-ml/tensor';
import { InitError } from './init-error.ts';
import type { InitConfig, InitContext, Initializer, JsonValue } from './initializer.ts';
import { checkInitShape, describeValue } from './validate.ts';

/** The context a `defineInitializer` body receives: validated, with `dtype` resolved. */
export interface ResolvedContext extends InitContext {
  /** Element type of the result (ctx.dtype ?? 'float32'). */
  dtype: DType;
}

function checkJson(op: string, path: string, value: unknown): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InitError(op, `config ${path} must be JSON, got ${textOf(value)}`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkJson(op, `${path}[${i}]`, v));
    return;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [k, v] of Object.entries(value)) checkJson(op, `${path}.${k}`, v);
    return;
  }
  throw new InitError(op, `config ${path} must be JSON, got ${describeValue(value)}`);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * Builds an `Initializer` from a name, its JSON config and a sampling function: the shape and `ctx`
 * are validated (non-negative integer dims; `ctx.rng` present; `dtype` 'float32' or 'float64',
 * default 'float32') before `sample` runs, and the config is copied and frozen. Every built-in
 * initializer is made this way; use it for your own (then `registerInitializer` it so
 * `getInitializer({ name, config })` can rebuild it from JSON).
 *
 * @example
 * const halfOnes = defineInitializer('halfOnes', {}, (shape, ctx) => full(shape, 0.5, { dtype: ctx.dtype }));
 * halfOnes.sample([2], { rng: new Rng(0) }).toArray(); // [0.5, 0.5]
 */
export function defineInitializer(
  name: string,
  config: Readonly<Record<string, JsonValue>>,
  sample: (shape: readonly number[], ctx: ResolvedContext) => NDArray,
): Initializer {
  if (typeof name !== 'string' || name.length === 0)
    throw new InitError('defineInitializer', `name must be a non-empty string, got ${describeValue(name)}`);
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new InitError(name, `config must be a JSON object, got ${describeValue(config)}`);
  }
  checkJson(name, 'config', config);
  const frozen: InitConfig = deepFreeze(structuredClone(config) as Record<string, JsonValue>);
  const init: Initializer & { toJSON(): { name: string; config: InitConfig } } = {
    name,
    config: frozen,
    sample(shape: readonly number[], ctx: InitContext): NDArray {
      const s = checkInitShape(name, shape);
      if (ctx === null || typeof ctx !== 'object')
        throw new InitError(name, `ctx must be an object { rng, dtype?, fanIn?, fanOut? }, got ${describeValue(ctx)}`);
      const rng: unknown = ctx.rng;
      if (rng === null || typeof rng !== 'object' || typeof (rng as { normal?: unknown }).normal !== 'function') {
        throw new InitError(name, `ctx.rng must be an Rng, got ${describeValue(rng)}`);
      }
      const dtype = ctx.dtype ?? 'float32';
      if (dtype !== 'float32' && dtype !== 'float64') {
        throw new InitError(name, `ctx.dtype must be one of 'float32', 'float64', got ${describeValue(dtype)}`);
      }
      return sample(s, { ...ctx, dtype });
    },
    toJSON() {
      return { name, config: frozen };
    },
  };
  return Object.freeze(init);
}
