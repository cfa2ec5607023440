/**
 * `seedling-ml` — the umbrella package: every Seedling package under one import.
 *
 * @example
 * import { tensor, autograd, nn, optim, data } from 'seedling-ml';
 * const x = autograd.tensor([[1, 2]], { requiresGrad: true });
 * const layer = new nn.Linear(2, 3, { seed: 0 });
 *
 * Saving and loading models touches the file system, so it lives in the node-only entry `seedling-ml/node`.
 * @packageDocumentation
 */
export * as tensor from '@seedling-ml/tensor';
export * as autograd from '@seedling-ml/autograd';
export * as nn from '@seedling-ml/nn';
export * as optim from '@seedling-ml/optim';
export * as data from '@seedling-ml/data';
export { Tensor, noGrad, gradcheck } from '@seedling-ml/autograd';
export * from './safetensors.ts';
export * from './model-bytes.ts';
export * from './onnx/index.ts';
export * as train from '@seedling-ml/train';
