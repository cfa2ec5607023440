import { ELU, GELU, LeakyReLU, ReLU, SELU, Sigmoid, Softplus, Tanh } from '../layers/activations.ts';
import type { Module } from '../module.ts';
import type { ActivationKind } from './types.ts';

/**
 * Which activation a module is, for the diagnostics: `relu` (dead units are counted), `tanh` and
 * `sigmoid` (saturation is counted), `leakyRelu`, `other` for the remaining nonlinearities, null for
 * modules that are not activations (Dropout, Flatten, …).
 */
export function activationKindOf(module: Module): ActivationKind | null {
  if (module instanceof ReLU) return 'relu';
  if (module instanceof LeakyReLU) return 'leakyRelu';
  if (module instanceof Tanh) return 'tanh';
  if (module instanceof Sigmoid) return 'sigmoid';
  if (module instanceof GELU || module instanceof SELU || module instanceof ELU || module instanceof Softplus) return 'other';
  return null;
}
