/**
 * @seedling-ml/autograd — reverse-mode automatic differentiation on @seedling-ml/tensor's NDArrays:
 * `Tensor` with `.grad`, a recorded graph, `backward`, `noGrad` and `gradcheck`.
 * @packageDocumentation
 */
export { AutogradError, GradcheckError } from './errors.ts';
export { isGradEnabled, noGrad } from './grad-mode.ts';
export { Tensor, type TensorOptions, peekGrad, tensor } from './tensor.ts';
export type { TensorLike } from './tensor-like.ts';
export { type BackwardOptions, Node } from './engine.ts';
export { type OpDef, type TensorsOf, type VjpContext, apply, defineOp } from './op.ts';
export { type GradcheckOptions, gradcheck } from './gradcheck.ts';

// Differentiable primitives (one file each in ops/: name, forward and VJP side by side).
export { abs } from './ops/abs.ts';
export { add } from './ops/add.ts';
export { astype } from './ops/astype.ts';
export { broadcastTo } from './ops/broadcast-to.ts';
export { clip } from './ops/clip.ts';
export { concat } from './ops/concat.ts';
export { div } from './ops/div.ts';
export { erf } from './ops/erf.ts';
export { exp } from './ops/exp.ts';
export { expm1 } from './ops/expm1.ts';
export { gather } from './ops/gather.ts';
export { log } from './ops/log.ts';
export { log1p } from './ops/log1p.ts';
export { logsumexp } from './ops/logsumexp.ts';
export type { LinearCallOptions } from '@seedling-ml/tensor';
export { linear } from './ops/linear.ts';
export { matmul } from './ops/matmul.ts';
export { max } from './ops/max.ts';
export { maximum } from './ops/maximum.ts';
export { mul } from './ops/mul.ts';
export { neg } from './ops/neg.ts';
export { pad } from './ops/pad.ts';
export { pow } from './ops/pow.ts';
export { relu } from './ops/relu.ts';
export { reshape } from './ops/reshape.ts';
export { sigmoid } from './ops/sigmoid.ts';
export { slice } from './ops/slice.ts';
export { sqrt } from './ops/sqrt.ts';
export { sub } from './ops/sub.ts';
export { sum } from './ops/sum.ts';
export { takeAlongAxis } from './ops/take-along-axis.ts';
export { tanh } from './ops/tanh.ts';
export { transpose } from './ops/transpose.ts';
export { where } from './ops/where.ts';

// Composed from primitives (no VJP of their own).
export { clamp, minimum, reciprocal, square } from './composed/arithmetic.ts';
export {
  type GeluOptions,
  SELU_ALPHA,
  SELU_SCALE,
  type SoftplusOptions,
  elu,
  gelu,
  leakyRelu,
  selu,
  softplus,
} from './composed/activations.ts';
export { mean, min, variance } from './composed/reductions.ts';
export { expandDims, squeeze, stack } from './composed/shape.ts';
export { logSoftmax, softmax } from './composed/softmax.ts';

// Piecewise-constant ops: results never require grad.
export { argmax, argmin, equal, greater, greaterEqual, less, lessEqual, notEqual, sign } from './constant-ops.ts';
export { hardsigmoid, hardswish, hardtanh, logsigmoid, mish, silu } from './composed/more-activations.ts';

// Convolution and pooling (NCHW; PyTorch's argument semantics).
export type {
  AvgPool2dOptions,
  Conv2dOptions,
  Conv2dPadding,
  ConvTranspose2dOptions,
  MaxPool2dOptions,
  MaxUnpool2dOptions,
  PadMode,
  PadOptions,
  Pair,
} from '@seedling-ml/tensor';
export { conv2d } from './ops/conv2d.ts';
export { convTranspose2d } from './ops/conv-transpose2d.ts';
export { type MaxPool2dCallOptions, maxPool2d } from './ops/max-pool2d.ts';
export { maxUnpool2d } from './ops/max-unpool2d.ts';
export { avgPool2d } from './ops/avg-pool2d.ts';
export { adaptiveAvgPool2d } from './ops/adaptive-avg-pool2d.ts';
export {
  type AvgPool1dOptions,
  type Conv1dOptions,
  type MaxPool1dOptions,
  type Single,
  adaptiveAvgPool1d,
  avgPool1d,
  conv1d,
  maxPool1d,
} from './composed/conv1d.ts';
export { softmaxCrossEntropy } from './ops/softmax-cross-entropy.ts';
