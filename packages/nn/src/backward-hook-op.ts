import { Tensor, apply, defineOp } from '@seedling-ml/autograd';
import type { NDArray } from '@seedling-ml/tensor';

/**
 * The identity, whose VJP hands the incoming gradient to a callback before passing it on unchanged.
 * The engine calls a VJP once, with the sum of every gradient that reached the node, so the callback
 * sees the complete gradient with respect to the tensor (how PyTorch implements module backward hooks).
 */
const tapOp = defineOp<[NDArray], (grad: Tensor) => void>({
  name: 'backwardHook',
  forward: ([x]) => x,
  vjp: (grad, { attrs }) => {
    attrs(new Tensor(grad));
    return [grad];
  },
});

/**
 * Returns `x` routed through an identity node whose backward calls `onGrad(dLoss/dx)`. `x` itself is
 * unchanged; use the returned tensor downstream. The callback must not write into the gradient.
 */
export function tapGradient(x: Tensor, onGrad: (grad: Tensor) => void): Tensor {
  return apply(tapOp, [x], onGrad);
}
