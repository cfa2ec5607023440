import type { Tensor } from '@seedling-ml/autograd';
import type { Module } from './module.ts';

/**
 * Called after a module's `forward` returns, with the module, the arguments `forward` received and
 * its output. Use it to record activations (LSUV and the init diagnostics do); it must not modify
 * `output` in place.
 */
export type ForwardHook = (module: Module, inputs: readonly unknown[], output: Tensor) => void;

/**
 * Called during `backward()` with the gradient of the loss with respect to the module's output
 * (same shape as the output), once that gradient is complete.
 */
export type BackwardHook = (module: Module, gradOutput: Tensor) => void;

/** Returned by every `register*Hook`: `remove()` detaches the hook (calling it twice is harmless). */
export interface RemovableHandle {
  /** Detaches the hook; later calls of the module no longer run it. */
  remove(): void;
}
