import { NNError } from '../errors.ts';

/**
 * Throws unless `options` is an object whose keys are all in `valid`, naming the function, the key and the
 * valid keys (`crossEntropyLoss: unknown option 'ignoreindex' (valid: weight, ignoreIndex, labelSmoothing,
 * reduction)`), so a misspelt option is never silently ignored.
 * NOTE: a local check; the options-validation mechanism shared by every package will replace it.
 */
export function checkOptionKeys(op: string, options: unknown, valid: readonly string[]): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new NNError(op, `options must be an object, got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}`);
  }
  for (const key of Object.keys(options)) {
    if (!valid.includes(key)) throw new NNError(op, `unknown option '${key}' (valid: ${valid.join(', ')})`);
  }
}
