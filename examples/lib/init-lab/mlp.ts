import type { NDArray } from '@seedling-ml/tensor';
import { Linear, type Module, ReLU, Sequential, Tanh, lsuv, zeros } from '@seedling-ml/nn';
import type { Scheme } from './schemes.ts';

/** The nonlinearities the lab compares. */
export type Activation = 'relu' | 'tanh';

/** Shape of a lab MLP. */
export interface MlpOptions {
  /** Hidden layers, each Linear(width → width) + activation. */
  depth: number;
  width: number;
  /** Input features (the first layer's fan-in). */
  inputs: number;
  /** Output classes (a final Linear(width → classes), no activation). */
  classes: number;
  activation: Activation;
  scheme: Scheme;
  /** Layer i draws from seed `${seed}:${i}`, so every scheme gets the same streams. */
  seed: number | string;
  /** A batch for LSUV's calibration (required when `scheme.lsuv`). */
  calibration?: NDArray;
}

/**
 * An MLP of `depth` hidden layers of `width` units plus a linear read-out, every weight drawn by
 * `scheme` and every bias zero; LSUV schemes are then calibrated on `calibration`.
 *
 * @example
 * buildMlp({ depth: 2, width: 8, inputs: 8, classes: 3, activation: 'relu', scheme: SCHEMES[5]!, seed: 0 }).toString();
 * // Sequential( (0): Linear(...) (1): ReLU() (2): Linear(...) (3): ReLU() (4): Linear(...) )
 */
export function buildMlp(options: MlpOptions): Module {
  const layers: Module[] = [];
  for (let i = 0; i <= options.depth; i++) {
    const fanIn = i === 0 ? options.inputs : options.width;
    const fanOut = i === options.depth ? options.classes : options.width;
    layers.push(new Linear(fanIn, fanOut, { weightInit: options.scheme.weightInit(), biasInit: zeros(), seed: `${options.seed}:${i}` }));
    if (i < options.depth) layers.push(options.activation === 'relu' ? new ReLU() : new Tanh());
  }
  const model = new Sequential(...layers);
  if (options.scheme.lsuv) {
    if (options.calibration === undefined) throw new Error('buildMlp: LSUV needs a calibration batch');
    lsuv(model, options.calibration, { seed: `${options.seed}:lsuv` });
  }
  return model;
}
