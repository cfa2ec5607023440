/**
 * `seedling` — the umbrella package: every Seedling package under one import.
 *
 * @example
 * import { tensor, autograd, nn, optim, data } from 'seedling';
 * const x = autograd.tensor([[1, 2]], { requiresGrad: true });
 * const layer = new nn.Linear(2, 3, { seed: 0 });
 *
 * Saving and loading models touches the file system, so it lives in the node-only entry `seedling/node`.
 * @packageDocumentation
 */
export * as tensor from '@seedling/tensor';
export * as autograd from '@seedling/autograd';
export * as nn from '@seedling/nn';
export * as optim from '@seedling/optim';
export * as data from '@seedling/data';
export { Tensor, noGrad, gradcheck } from '@seedling/autograd';
export * from './safetensors.ts';
