/**
 * @seedling-ml/data — datasets and batching: TensorDataset, Subset, DataLoader (seeded shuffle), seeded
 * splits, and synthetic XOR / two-moons / spirals. MNIST and Iris live in the `@seedling-ml/data/mnist` and
 * `@seedling-ml/data/iris` entry points so their data loads only when imported.
 * @packageDocumentation
 */
export { DataError } from './errors.ts';
export type { Dataset, SupervisedData, TensorTuple } from './dataset.ts';
export { TensorDataset } from './tensor-dataset.ts';
export { Subset } from './subset.ts';
export { collateExamples } from './collate.ts';
export { DataLoader, type DataLoaderOptions } from './data-loader.ts';
export { randomSplit, trainTestSplit, type SplitOptions, type TrainTestSplitOptions } from './split.ts';
export type { SyntheticOptions } from './synthetic-options.ts';
export { makeXor, type XorOptions } from './xor.ts';
export { makeMoons, type MoonsOptions } from './moons.ts';
export { makeSpirals, type SpiralsOptions } from './spirals.ts';
