import type { Tensor } from '@seedling-ml/autograd';
import { Module } from '../module.ts';
import { inputTensor } from './validate.ts';

/**
 * The identity: y = x (the same tensor). A placeholder where a layer is optional.
 * @example new Identity().forward(x) === x; // true
 */
export class Identity extends Module {
  /** The class's name, kept through minification (printing, reports, messages, ONNX export). */
  static readonly typeName: string = 'Identity';
  override forward(x: Tensor): Tensor {
    x = inputTensor('Identity', 'input', x);
    return x;
  }
}
