/** A line-printing function; examples take one so tests can collect or silence their output. */
export type Log = (line: string) => void;

/** Options every example's exported function takes. */
export interface ExampleOptions {
  /** A short run for the test suite: less data, fewer steps (default false: the full example). */
  quick?: boolean;
  /** Seed of the data split, the weights and the batch order; the same seed gives the same numbers. */
  seed?: number;
  /** Where lines go; default `console.log`. */
  log?: Log;
}
