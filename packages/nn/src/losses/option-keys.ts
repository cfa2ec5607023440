import { checkOptionKeys as checkKeys } from '@seedling-ml/tensor';
import { NNError } from '../errors.ts';

/**
 * Throws unless `options` is a plain object whose keys are all in `valid`, naming the function, the key and the
 * valid keys (`crossEntropyLoss: unknown option 'ignoreindex' (valid: weight, ignoreIndex, labelSmoothing,
 * reduction)`), so a misspelt option is never silently ignored. Keys only: each loss checks its values itself
 * (reduction choices, class-weight shapes). Built on the shared `checkOptions`, so the wording is the library's.
 */
export function checkOptionKeys(op: string, options: unknown, valid: readonly string[]): void {
  checkKeys(op, options, valid, NNError);
}
