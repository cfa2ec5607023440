/**
 * Convolution and pooling kernels (NCHW), each with the gradient kernels autograd's VJPs call.
 */
export { type Conv2dOptions, type Conv2dPadding, type ConvGeometry, type Pair, conv2dGeometry } from './conv-geometry.ts';
export { type AvgPool2dOptions, type MaxPool2dOptions, type PoolGeometry, pool2dGeometry } from './pool-geometry.ts';
export { addChannelBias, conv2d, conv2dInputGrad, conv2dWeightGrad } from './conv2d.ts';
export { maxPool2d, maxPool2dGrad, maxPool2dWithIndices } from './max-pool2d.ts';
export { type MaxUnpool2dOptions, maxUnpool2d, maxUnpool2dGrad } from './max-unpool2d.ts';
export { avgPool2d, avgPool2dGrad } from './avg-pool2d.ts';
export { adaptiveAvgPool2d, adaptiveAvgPool2dGrad } from './adaptive-avg-pool2d.ts';
export {
  type ConvTranspose2dOptions,
  type ConvTranspose2dPlan,
  checkOutputPadding,
  convTranspose2d,
  convTranspose2dPlan,
  shiftWindow,
} from './conv-transpose2d.ts';
export {
  avgPool2dOptionRules,
  checkPoolOptions,
  conv2dOptionRules,
  convTranspose2dOptionRules,
  maxPool2dOptionRules,
  pairRule,
} from './arg-checks.ts';
