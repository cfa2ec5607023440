/**
 * @seedling-ml/nn — modules, layers, losses and weight initialization on top of @seedling-ml/autograd.
 * `init` holds the initializers (also re-exported flat); everything else is a Module, a loss
 * function or a helper for building them.
 * @packageDocumentation
 */
export * as init from './init/index.ts';
export * from './init/index.ts';

export { NNError, StateDictError, type ShapeMismatch } from './errors.ts';
export { type InitTarget, Module, type LoadStateDictOptions, type LoadStateDictResult, type StateDict } from './module.ts';
export { Parameter, type InitRecord } from './parameter.ts';
export type { BackwardHook, ForwardHook, RemovableHandle } from './hooks.ts';
export { defaultRng, defaultSeed, manualSeed } from './default-rng.ts';
export { ParameterFactory, resolveRng, type LayerInitOptions, type RandomOptions } from './param-factory.ts';

// Layers.
export { Linear, type LinearOptions } from './layers/linear.ts';
export { Sequential } from './layers/sequential.ts';
export { ELU, GELU, LeakyReLU, LogSoftmax, ReLU, SELU, Sigmoid, Softmax, Softplus, Tanh } from './layers/activations.ts';
export { Identity } from './layers/identity.ts';
export { Flatten } from './layers/flatten.ts';
export { Dropout } from './layers/dropout.ts';
export { LayerNorm, type LayerNormOptions } from './layers/layer-norm.ts';
export { BatchNorm1d, type BatchNorm1dOptions } from './layers/batch-norm1d.ts';
export { Embedding, type EmbeddingOptions } from './layers/embedding.ts';

// Losses.
export { type LossOptions, type Reduction } from './losses/reduction.ts';
export { mseLoss } from './losses/mse-loss.ts';
export { l1Loss } from './losses/l1-loss.ts';
export { type ClassTargets } from './losses/class-targets.ts';
export { crossEntropyLoss, type CrossEntropyOptions } from './losses/cross-entropy-loss.ts';
export { nllLoss } from './losses/nll-loss.ts';
export { bceWithLogitsLoss } from './losses/bce-with-logits-loss.ts';

// Data-dependent initialization.
export { lsuv, type LsuvLayerReport, type LsuvOptions, type LsuvReport } from './lsuv.ts';

// Initialization diagnostics (inspectInit), built on the module hooks.
export * from './diagnostics/index.ts';
export type { RegisterBufferOptions } from './module.ts';
export { Hardsigmoid, Hardswish, Hardtanh, LogSigmoid, Mish, SiLU } from './layers/more-activations.ts';
export type { NllLossOptions } from './losses/nll-loss.ts';
export type { ClassWeight } from './losses/class-weight.ts';
export type { BceWithLogitsOptions } from './losses/bce-with-logits-loss.ts';
export { huberLoss, smoothL1Loss, type HuberLossOptions, type SmoothL1LossOptions } from './losses/smooth-l1-loss.ts';
export { klDivLoss, type KlDivLossOptions } from './losses/kl-div-loss.ts';
export { typeNameOf } from './module.ts';

// Convolution, pooling and normalization layers for NCHW images.
export { Conv1d, type Conv1dLayerOptions } from './layers/conv1d.ts';
export { Conv2d, type Conv2dLayerOptions } from './layers/conv2d.ts';
export type { PaddingMode } from './layers/conv-checks.ts';
export { ConvTranspose2d, type ConvTranspose2dLayerOptions, type PairArg } from './layers/conv-transpose2d.ts';
export { AdaptiveAvgPool2d, AvgPool2d, MaxPool2d, MaxUnpool2d, type MaxUnpool2dLayerOptions } from './layers/pooling.ts';
export { BatchNorm2d, type BatchNorm2dOptions } from './layers/batch-norm2d.ts';
export { GroupNorm, type GroupNormOptions } from './layers/group-norm.ts';
export { Dropout2d } from './layers/dropout2d.ts';
