import { full } from '@seedling-ml/tensor';
import { defineInitializer } from './define-initializer.ts';
import { fanOf } from './fans.ts';
import type { Initializer } from './initializer.ts';
import { readOptions } from './validate.ts';

/**
 * PyTorch's legacy default for Linear/Conv weights AND biases: U(−1/√fanIn, 1/√fanIn), variance
 * 1/(3·fanIn) — a third of LeCun's, a sixth of He's (so deep ReLU nets shrink their signal ~6× per
 * layer's variance). Written directly, not as PyTorch's `kaiming_uniform_(a=√5)` detour (which
 * gives the same bound for weights). For a bias the layer must pass `ctx.fanIn` = its weight's
 * fanIn (a rank-1 shape has no fans of its own); fanIn 0 gives zeros (bound 0, as PyTorch does).
 * The bound follows the LeCun et al. 1998 ("Efficient BackProp") fan-in rule, but as a uniform on
 * ±1/√fanIn rather than ±√(3/fanIn), hence the third. PyTorch `nn.Linear`/`nn.Conv2d`
 * `reset_parameters()`; Keras has no equivalent.
 *
 * @example
 * const rng = new Rng(0);
 * torchDefault().sample([4, 16], { rng });            // weight: |w| < 0.25
 * torchDefault().sample([4], { rng, fanIn: 16 });     // bias: |b| < 0.25
 */
export function torchDefault(options?: Record<string, never>): Initializer {
  const op = 'torchDefault';
  readOptions(op, options, []);
  return defineInitializer(op, {}, (shape, ctx) => {
    const fanIn = fanOf(op, shape, ctx, 'fanIn');
    if (fanIn === 0) return full(shape, 0, { dtype: ctx.dtype });
    const bound = 1 / Math.sqrt(fanIn);
    return ctx.rng.uniform(shape, -bound, bound, { dtype: ctx.dtype });
  });
}
