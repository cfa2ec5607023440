import type { DType, NDArray, Rng } from '@seedling-ml/tensor';

/** A JSON value: what an initializer's `config` may hold, so a model can record how it was initialized. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** An initializer's configuration: plain JSON with every default filled in. */
export type InitConfig = Readonly<Record<string, JsonValue>>;

/**
 * What `sample` needs besides the shape. Layers pass `fanIn`/`fanOut` because they know their own
 * layout (docs/init-reference.md §3); when omitted they come from `computeFans(shape)` (PyTorch's layout:
 * out on axis 0, in on axis 1).
 */
export interface InitContext {
  /** Where every random draw comes from (give each parameter its own `rng.fork()`). */
  rng: Rng;
  /** Element type of the result; default 'float32'. */
  dtype?: DType;
  /** Inputs per output unit (for a bias, the fan-in of its layer's weight). */
  fanIn?: number;
  /** Outputs per input unit. */
  fanOut?: number;
}

/**
 * A weight initializer: a small immutable value with a registered `name`, a JSON `config` and a pure
 * `sample` that returns a NEW array and draws only from `ctx.rng`.
 * `getInitializer({ name, config })` rebuilds an identical one (same samples for the same rng).
 *
 * @example
 * const init = xavierUniform();
 * init.name;   // 'xavierUniform'
 * init.config; // { gain: 1 }
 * init.sample([128, 64], { rng: new Rng(0) }).shape; // [128, 64]
 */
export interface Initializer {
  /** The registry name this initializer is rebuilt from (`getInitializer(name)`). */
  readonly name: string;
  /** Its options, JSON, defaults filled in. */
  readonly config: InitConfig;
  /** A new array of `shape` drawn from `ctx.rng`. */
  sample(shape: readonly number[], ctx: InitContext): NDArray;
}

/** The JSON form of an initializer: `{ name, config }` as recorded in a model's init report. */
export interface InitializerSpec {
  /** A built-in or registered initializer name. */
  name: string;
  /** Options for its factory; omitted means the defaults. */
  config?: InitConfig | null;
}
