import { Rng } from '@seedling-ml/tensor';

// NOTE: one process-wide generator, like torch's global one. Layers built without `rng` or `seed`
// fork it once per parameter, so a program that calls `manualSeed(n)` first and builds its layers
// in the same order gets bit-identical weights every run.
let globalRng = new Rng(0);
let globalSeed: number | string = 0;

/**
 * Re-seeds the default generator that layers use when given neither `rng` nor `seed` (it starts
 * seeded with 0 at module load). Like `torch.manual_seed`.
 *
 * @example
 * manualSeed(42);
 * const a = new Linear(3, 2).weight.toArray();
 * manualSeed(42);
 * const b = new Linear(3, 2).weight.toArray(); // equal to a, bit for bit
 */
export function manualSeed(seed: number | string): void {
  globalRng = new Rng(seed);
  globalSeed = seed;
}

/** The default generator (seeded 0 at load, re-seeded by `manualSeed`). It advances as layers fork it. */
export function defaultRng(): Rng {
  return globalRng;
}

/** The seed last given to `manualSeed` (0 if it was never called). */
export function defaultSeed(): number | string {
  return globalSeed;
}
