import { tensor } from '@seedling-ml/autograd';
import type { Case, Suite } from '../lib/case.ts';
import {
  MNIST_MLP,
  type MlpSpec,
  TINY_MLP,
  initialParameters,
  mlpFlops,
  pick,
  seedlingLoss,
  seedlingParameters,
  seedlingTargets,
  syntheticBatch,
  tfjsBatch,
  tfjsLoss,
  tfjsVariables,
} from '../lib/mlp.ts';
import { tf, tfjsStatefulPeers } from '../lib/tfjs.ts';

/**
 * One forward + backward pass of `spec` at `batch`: the loss and the gradient of every parameter, from
 * scratch each call (Seedling clears `.grad` first, as `tf.variableGrads` returns fresh gradients).
 * Both engines start from the same weights and see the same batch; each reads its loss value.
 * With `explicitTransposes`, only tfjs-wasm is measured, with the custom gradient that keeps every
 * product on XNNPACK (see `tfjsLoss`): tfjs-wasm at its best, not as a user gets it.
 */
function forwardBackwardCase(name: string, spec: MlpSpec, batch: number, seed: number, explicitTransposes = false): Case {
  const initial = initialParameters(spec, seed);
  const data = syntheticBatch(spec, batch, seed + 1);
  const params = seedlingParameters(initial);
  const x = tensor(data.x.clone());
  const y = seedlingTargets(spec, data.y);
  return {
    name: `fwd+bwd ${name} batch ${batch}${explicitTransposes ? ' (tfjs: explicit transposes)' : ''}`,
    unit: 'ms',
    work: mlpFlops(spec, batch),
    seedling: () => {
      for (const p of params) p.grad = null;
      const loss = seedlingLoss(spec, params, x, y);
      loss.backward();
      loss.item();
    },
    peers: pick(
      explicitTransposes,
      tfjsStatefulPeers(
        () => ({ vars: tfjsVariables(initial), batch: tfjsBatch(spec, data) }),
        ({ vars, batch: [xt, yt] }) => {
          // tfjs's cpu and wasm backends run each kernel when it is called, so once the loss is read
          // every gradient has been computed too (they are disposed by the surrounding tidy).
          const { value } = tf.variableGrads(() => tfjsLoss(spec, vars, xt, yt, { explicitTransposes }), vars);
          return value;
        },
        ({ vars, batch: b }) => tf.dispose([...vars, ...b]),
      ),
    ),
    ...(explicitTransposes
      ? {}
      : { torch: { kind: 'fwdbwd', sizes: spec.sizes, activation: spec.activation, loss: spec.loss, batch } as const }),
  };
}

/**
 * Autograd: forward + backward of whole networks against tfjs's `variableGrads` — the 784-256-128-10
 * ReLU classifier at batch 64 and 256 (matrix products dominate) and a 2-32-32-1 tanh regressor at
 * batch 32 (per-op overhead dominates), plus the big network against tfjs-wasm with a gradient that
 * avoids its slow transposed products. Unit: ms per forward + backward.
 */
export const autogradSuite: Suite = {
  name: 'autograd',
  cases({ quick }) {
    const batches = quick ? [64] : [64, 256];
    return [
      ...batches.map((b) => forwardBackwardCase('784-256-128-10 relu+CE', MNIST_MLP, b, 11)),
      ...batches.map((b) => forwardBackwardCase('784-256-128-10 relu+CE', MNIST_MLP, b, 11, true)),
      forwardBackwardCase('2-32-32-1 tanh+MSE', TINY_MLP, 32, 21),
    ];
  },
};
