import { type Tensor, tensor } from '@seedling-ml/autograd';
import { DataError } from './errors.ts';
import { stackRows } from './rows.ts';

/**
 * Stacks example tuples position by position into batch tensors: `[[x₀, y₀], [x₁, y₁]]` → `[X, Y]` with
 * X = stack(x₀, x₁). Used by DataLoader for datasets without `getBatch`.
 */
export function collateExamples(op: string, examples: readonly Tensor[][]): Tensor[] {
  const first = examples[0];
  if (first === undefined) throw new DataError(op, 'cannot collate an empty batch');
  return first.map((_, j) => {
    const column = examples.map((ex) => {
      const t = ex[j];
      if (t === undefined || ex.length !== first.length) {
        throw new DataError(op, `examples have different tuple lengths (${first.length} and ${ex.length})`);
      }
      return t.data;
    });
    return tensor(stackRows(op, column));
  });
}
