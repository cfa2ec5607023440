import type { Tensor } from '@seedling-ml/autograd';
import { type NDArray, formatShape, shapesEqual } from '@seedling-ml/tensor';
import { TrainError } from '../errors.ts';
import { type Metric, arrayOf } from './metric.ts';

/**
 * Output and target of a regression batch as flat arrays, with the number of outputs per example (the last
 * dimension for rank ≥ 2, else 1). Shapes must be equal, except that `[n, 1]` and `[n]` pair up.
 */
function readPair(
  op: string,
  output: Tensor | NDArray,
  target: Tensor | NDArray,
): { o: ArrayLike<number>; t: ArrayLike<number>; columns: number } {
  const a = arrayOf(output);
  const b = arrayOf(target);
  const column = (x: NDArray, y: NDArray): boolean => x.rank === 2 && x.shape[1] === 1 && y.rank === 1 && x.shape[0] === y.shape[0];
  if (!shapesEqual(a.shape, b.shape) && !column(a, b) && !column(b, a)) {
    throw new TrainError(op, `output and target shapes differ: ${formatShape(a.shape)} vs ${formatShape(b.shape)}`);
  }
  const columns = a.rank >= 2 && b.rank >= 2 ? a.shape[a.rank - 1]! : 1;
  return { o: a.data, t: b.data, columns };
}

function meanError(name: string, f: (d: number) => number): Metric<number> {
  let sum = 0;
  let count = 0;
  return {
    name,
    reset() {
      sum = 0;
      count = 0;
    },
    update(output, target) {
      const { o, t } = readPair(name, output, target);
      for (let i = 0; i < o.length; i++) sum += f(o[i]! - t[i]!);
      count += o.length;
    },
    compute: () => (count === 0 ? Number.NaN : sum / count),
  };
}

/**
 * Mean squared error over every element seen: (1/N) Σ (ŷ − y)².
 *
 * @example
 * const m = meanSquaredError();
 * m.update(tensor([1, 2]), tensor([0, 4]));
 * m.compute(); // (1 + 4) / 2 = 2.5
 */
export function meanSquaredError(): Metric<number> {
  return meanError('mse', (d) => d * d);
}

/**
 * Mean absolute error over every element seen: (1/N) Σ |ŷ − y|.
 *
 * @example
 * const m = meanAbsoluteError();
 * m.update(tensor([1, 2]), tensor([0, 4]));
 * m.compute(); // (1 + 2) / 2 = 1.5
 */
export function meanAbsoluteError(): Metric<number> {
  return meanError('mae', Math.abs);
}

/**
 * Coefficient of determination R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)², per output column and then averaged over the
 * columns (scikit-learn's `uniform_average`). The target's mean and spread are accumulated with Welford's
 * update, so streaming batches gives the same value as one pass and large offsets do not cancel. NaN when a
 * column's targets are all equal (the ratio is 0/0 or x/0).
 *
 * @example
 * const m = r2Score();
 * m.update(tensor([1, 2, 3]), tensor([1, 2, 4])); // ȳ = 7/3, Σ(y−ȳ)² = 14/3, Σ(y−ŷ)² = 1
 * m.compute(); // 1 − 3/14 ≈ 0.7857
 */
export function r2Score(): Metric<number> {
  const op = 'r2';
  let columns = 0;
  let count = 0;
  let mean = new Float64Array(0);
  let m2 = new Float64Array(0);
  let residual = new Float64Array(0);
  return {
    name: op,
    reset() {
      columns = 0;
      count = 0;
    },
    update(output, target) {
      const { o, t, columns: c } = readPair(op, output, target);
      if (columns === 0) {
        columns = c;
        mean = new Float64Array(c);
        m2 = new Float64Array(c);
        residual = new Float64Array(c);
      } else if (c !== columns) {
        throw new TrainError(op, `batch has ${c} output columns, earlier batches had ${columns}`);
      }
      const rows = o.length / c;
      for (let i = 0; i < rows; i++) {
        count++;
        for (let j = 0; j < c; j++) {
          const y = t[i * c + j]!;
          const d = y - mean[j]!;
          mean[j]! += d / count;
          m2[j]! += d * (y - mean[j]!);
          const e = y - o[i * c + j]!;
          residual[j]! += e * e;
        }
      }
    },
    compute() {
      if (count === 0) return Number.NaN;
      let sum = 0;
      for (let j = 0; j < columns; j++) {
        if (m2[j] === 0) return Number.NaN;
        sum += 1 - residual[j]! / m2[j]!;
      }
      return sum / columns;
    },
  };
}
