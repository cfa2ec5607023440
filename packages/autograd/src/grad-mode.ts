/**
 * Whether ops record a graph. One module-level flag, flipped by `noGrad` for the duration of a call.
 */
import { describeValue } from '@seedling-ml/tensor';
import { AutogradError } from './errors.ts';

let enabled = true;

/** True when ops on tensors that require grad record graph nodes (the default); false inside `noGrad`. */
export function isGradEnabled(): boolean {
  return enabled;
}

/**
 * Runs `fn` without recording: results do not require grad and no graph node is allocated.
 * Use it for evaluation, parameter updates and anything else that must not be differentiated.
 * Grad mode is restored when `fn` returns or throws. `fn` must be synchronous: an awaited continuation
 * would run after grad mode is restored, recording a graph after all, so a callback that returns a
 * Promise (an `async` function) throws an AutogradError instead. Inside async code, wrap each
 * synchronous step: `const y = noGrad(() => model.forward(x));` between awaits.
 *
 * @example
 * const w = tensor([1, 2], { requiresGrad: true });
 * const y = noGrad(() => w.mul(2));
 * y.requiresGrad; // false
 */
export function noGrad<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new AutogradError('noGrad', `fn must be a function, got ${describeValue(fn)}`);
  const previous = enabled;
  enabled = false;
  let result: T;
  try {
    result = fn();
  } finally {
    enabled = previous;
  }
  if (isThenable(result)) {
    // The caller gets this error instead of the promise: keep a later rejection of it from also
    // surfacing as an unhandled rejection.
    result.then(undefined, () => {});
    throw new AutogradError(
      'noGrad',
      'the callback returned a Promise: only the part before its first await ran without grad. Pass a synchronous function, and call noGrad around each synchronous step of async code',
    );
  }
  return result;
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return (typeof x === 'object' || typeof x === 'function') && x !== null && typeof (x as { then?: unknown }).then === 'function';
}
