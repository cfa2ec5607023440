import { NNError } from '../errors.ts';

/**
 * An invalid initializer configuration or sampling request. `op` names the initializer (or
 * `computeFans`, `calculateGain`, `getInitializer`, `registerInitializer`); the message reads
 * `<op>: <what is wrong>`, names the bad value and lists the valid choices where there is a list.
 * Extends `NNError`, so one `catch (e instanceof NNError)` covers every @seedling-ml/nn error.
 *
 * @example
 * try { varianceScaling({ mode: 'fan_in' }); } catch (e) { (e as InitError).message; }
 * // "varianceScaling: mode must be one of 'fanIn', 'fanOut', 'fanAvg', got 'fan_in'"
 */
export class InitError extends NNError {}
