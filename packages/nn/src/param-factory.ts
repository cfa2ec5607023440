import { textOf } from '@seedling-ml/tensor';
import { type DType, NDArray, Rng, type Rules, checkDType, formatShape, is, shapesEqual } from '@seedling-ml/tensor';
import { defaultRng } from './default-rng.ts';
import { NNError } from './errors.ts';
import { type InitializerLike, getInitializer } from './init/index.ts';
import { Parameter } from './parameter.ts';

/** Where a layer's random draws come from, and the dtype of its parameters. */
export interface RandomOptions {
  /**
   * Generator to fork, once per parameter (so adding or removing one parameter leaves the others'
   * values unchanged). Give either `rng` or `seed`, not both.
   */
  rng?: Rng;
  /** Seed of a fresh `Rng` for this layer: the same seed gives bit-identical parameters. */
  seed?: number | string;
  /** Parameter dtype; default 'float32' (use 'float64' for gradient checks). */
  dtype?: DType;
}

/** `weightInit` / `biasInit` plus the random options every layer with parameters accepts. */
export interface LayerInitOptions extends RandomOptions {
  /** Weight initializer (an Initializer, a registered name or `{ name, config }`). */
  weightInit?: InitializerLike;
  /** Bias initializer. */
  biasInit?: InitializerLike;
}

/** Option rules of `RandomOptions` for `checkOptions` (values are checked further by `resolveRng` and `checkDType`). */
export const randomOptionRules: Rules<RandomOptions> = { rng: is.any, seed: is.anyOf(is.finite, is.string), dtype: is.any };

/** Option rules of `LayerInitOptions`: a layer spreads these into its own table (`{ ...layerInitRules, bias: is.boolean }`). */
export const layerInitRules: Rules<LayerInitOptions> = { ...randomOptionRules, weightInit: is.any, biasInit: is.any };

/**
 * Resolves `{ rng, seed }` to the generator a layer forks from: `new Rng(seed)`, the given `rng`, or,
 * when neither is given, the default generator (`manualSeed`).
 */
export function resolveRng(op: string, options: RandomOptions): Rng {
  if (options.rng !== undefined && options.seed !== undefined) {
    throw new NNError(op, `give either rng or seed, not both (seed ${textOf(options.seed)})`);
  }
  if (options.rng !== undefined) {
    if (!(options.rng instanceof Rng)) throw new NNError(op, 'rng must be an Rng from @seedling-ml/tensor');
    return options.rng;
  }
  if (options.seed !== undefined) return new Rng(options.seed);
  return defaultRng();
}

/**
 * Creates a layer's parameters: each from its own `rng.fork()` (in creation order), sampled by its
 * initializer with the fans the layer passes, and tagged with an `InitRecord` (initializer name,
 * config, fork seed) so `Module.initReport()` can say how the model was initialized.
 */
export class ParameterFactory {
  readonly #op: string;
  readonly #rng: Rng;
  /** dtype of every parameter this factory makes. */
  readonly dtype: DType;

  constructor(op: string, options: RandomOptions) {
    this.#op = op;
    this.#rng = resolveRng(op, options);
    this.dtype = checkDType(op, options.dtype ?? 'float32');
  }

  /** A fork of the layer's generator, for layers that draw at run time (Dropout). */
  fork(): Rng {
    return this.#rng.fork();
  }

  /** A new parameter of `shape` drawn by `init` from a fresh fork, with the given fans. */
  create(shape: readonly number[], init: InitializerLike, fans: { fanIn?: number; fanOut?: number } = {}): Parameter {
    const initializer = getInitializer(init);
    const rng = this.#rng.fork();
    const data: unknown = initializer.sample(shape, { rng, dtype: this.dtype, ...fans });
    // A custom initializer that returns the wrong thing must not become a corrupt parameter.
    if (!(data instanceof NDArray))
      throw new NNError(this.#op, `initializer '${initializer.name}' did not return an NDArray for shape ${formatShape(shape)}`);
    if (!shapesEqual(data.shape, shape)) {
      throw new NNError(
        this.#op,
        `initializer '${initializer.name}' returned shape ${formatShape(data.shape)}, expected ${formatShape(shape)}`,
      );
    }
    if (data.dtype !== this.dtype)
      throw new NNError(this.#op, `initializer '${initializer.name}' returned ${data.dtype}, expected ${this.dtype}`);
    // e.g. normal({ std: 1e300 }) overflows float32 to ±Infinity: refuse instead of creating a broken parameter.
    for (let i = 0; i < data.size; i++) {
      const v = data.data[i]!;
      if (v - v !== 0) {
        throw new NNError(
          this.#op,
          `initializer '${initializer.name}' produced ${v} at flat index ${i} of shape ${formatShape(shape)} in ${this.dtype} (is a scale too large for the dtype?)`,
        );
      }
    }
    return new Parameter(data, {
      init: { initializer: initializer.name, config: initializer.config, seed: rng.seed, parentSeed: this.#rng.seed, ...fans },
    });
  }
}
