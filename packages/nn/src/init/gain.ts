import { InitError } from './init-error.ts';
import { describeValue } from './validate.ts';

/** Every nonlinearity `calculateGain` knows, in PyTorch's table order (camelCase names). */
export const NONLINEARITIES = [
  'linear',
  'identity',
  'conv1d',
  'conv2d',
  'conv3d',
  'convTranspose1d',
  'convTranspose2d',
  'convTranspose3d',
  'sigmoid',
  'tanh',
  'relu',
  'leakyRelu',
  'selu',
] as const;

/** A nonlinearity name accepted by `calculateGain`. */
export type Nonlinearity = (typeof NONLINEARITIES)[number];

/** Default negative slope of `leakyRelu` in `calculateGain` (PyTorch's). */
export const DEFAULT_LEAKY_RELU_SLOPE = 0.01;

/**
 * The recommended gain for a nonlinearity (PyTorch's `calculate_gain` table): the factor that keeps
 * activations' variance steady through a layer when multiplied into `std = gain / √fan`.
 *
 * | nonlinearity | gain |
 * |---|---|
 * | linear, identity, conv1d/2d/3d, convTranspose1d/2d/3d, sigmoid | 1 |
 * | tanh | 5/3 |
 * | relu | √2 |
 * | leakyRelu (param = negative slope, default 0.01) | √(2 / (1 + slope²)) |
 * | selu | 3/4 (empirical; for self-normalizing nets use LeCun normal, i.e. gain 1) |
 *
 * `param` is read only for `leakyRelu` (as in PyTorch). Unknown names throw listing the valid ones.
 *
 * @example
 * calculateGain('relu');            // 1.4142135623730951
 * calculateGain('leakyRelu', 0.2);  // 1.3867504905630728
 * calculateGain('tanh');            // 1.6666666666666667
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear':
    case 'identity':
    case 'conv1d':
    case 'conv2d':
    case 'conv3d':
    case 'convTranspose1d':
    case 'convTranspose2d':
    case 'convTranspose3d':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leakyRelu': {
      const slope = param ?? DEFAULT_LEAKY_RELU_SLOPE;
      if (typeof slope !== 'number' || !Number.isFinite(slope)) {
        throw new InitError('calculateGain', `negative slope must be a finite number, got ${describeValue(slope)}`);
      }
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
    default:
      throw new InitError(
        'calculateGain',
        `unknown nonlinearity ${describeValue(nonlinearity)} (valid: ${NONLINEARITIES.map((n) => `'${n}'`).join(', ')})`,
      );
  }
}
