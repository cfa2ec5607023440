/**
 * `nn.init` — pluggable, seeded, JSON-serializable weight initializers (facts and sources: docs/init-reference.md).
 * Every initializer is a small value `{ name, config, sample(shape, { rng, dtype?, fanIn?, fanOut? }) }`;
 * `getInitializer` rebuilds one from its name or `{ name, config }`. The data-dependent `lsuv` lives
 * with the modules (it needs a model and a batch).
 * @packageDocumentation
 */
export { InitError } from './init-error.ts';
export type { InitConfig, InitContext, Initializer, InitializerSpec, JsonValue } from './initializer.ts';
export { defineInitializer, type ResolvedContext } from './define-initializer.ts';
export { computeFans, type FanOptions, type Fans } from './fans.ts';
export { calculateGain, NONLINEARITIES, DEFAULT_LEAKY_RELU_SLOPE, type Nonlinearity } from './gain.ts';
export {
  zeros,
  ones,
  constant,
  uniform,
  normal,
  truncatedNormal,
  type ConstantOptions,
  type UniformOptions,
  type NormalOptions,
  type TruncatedNormalOptions,
  type TruncationBounds,
} from './basic.ts';
export {
  varianceScaling,
  TRUNCATED_NORMAL_STD_FACTOR,
  FAN_MODES,
  SCALING_DISTRIBUTIONS,
  type FanMode,
  type ScalingDistribution,
  type VarianceScalingOptions,
} from './variance-scaling.ts';
export {
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
  type XavierOptions,
  type KaimingOptions,
} from './scaled.ts';
export { orthogonal, type OrthogonalOptions } from './orthogonal.ts';
export { eye, dirac, deltaOrthogonal, sparse, type DiracOptions, type DeltaOrthogonalOptions, type SparseOptions } from './structured.ts';
export { torchDefault } from './torch-default.ts';
export {
  initializerRegistry,
  initializerNames,
  getInitializer,
  registerInitializer,
  unregisterInitializer,
  type InitializerName,
  type InitializerFactory,
  type InitializerLike,
  type RegisterOptions,
} from './registry.ts';
