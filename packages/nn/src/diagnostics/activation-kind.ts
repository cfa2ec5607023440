import { checkArg, is } from '@seedling-ml/tensor';
import { NNError } from '../errors.ts';
import { Module } from '../module.ts';
import type { ActivationKind } from './types.ts';

/**
 * Which activation a module is, for the diagnostics: `relu` (dead units are counted), `tanh` and
 * `sigmoid` (saturation is counted), `leakyRelu`, `other` for the remaining nonlinearities, null for
 * modules that are not activations (Dropout, Flatten, …). Each layer declares its own answer
 * (`Module.activationKind()`), so a new activation layer needs no change here.
 */
export function activationKindOf(module: Module): ActivationKind | null {
  checkArg('activationKindOf', 'module', module, is.instance(Module, 'a Module'), NNError);
  return module.activationKind();
}
