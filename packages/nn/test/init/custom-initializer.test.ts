// Runs the "Write and register your own initializer" example of docs/initializers.md. The code between
// the region markers must appear verbatim in the doc's example block (checked below); the doc adds
// only the import lines, which here point at the source instead of the package names.
import { readFileSync } from 'node:fs';
import { Rng, full } from '@seedling-ml/tensor';
import { expect, test } from 'vitest';
import * as init from '../../src/init/index.ts';
import { expectMoments } from './stats.ts';

// #region custom-initializer
/** Laplace(0, b) weights with std gain/√fanIn (b = std/√2): heavier tails than He-normal. */
function laplace(options: { gain?: number } = {}): init.Initializer {
  const gain = options.gain ?? 1; // `??`, not `||`: an explicit value is never replaced
  if (!(gain > 0) || !Number.isFinite(gain)) throw new init.InitError('laplace', `gain must be a finite number > 0, got ${gain}`);
  // defineInitializer validates shape and ctx, freezes the config and makes the result JSON-able.
  return init.defineInitializer('laplace', { gain }, (shape, ctx) => {
    const fanIn = ctx.fanIn ?? init.computeFans(shape).fanIn;
    const b = gain / Math.sqrt(2 * Math.max(1, fanIn));
    const w = full(shape, 0, { dtype: ctx.dtype }); // sample must return a NEW array
    for (let i = 0; i < w.size; i++) {
      // Exp(1) magnitude by inversion (1 − next() ∈ (0, 1], so the log is finite), random sign.
      const magnitude = -Math.log(1 - ctx.rng.next());
      w.data[i] = (ctx.rng.next() < 0.5 ? -b : b) * magnitude;
    }
    return w;
  });
}

// Register it so names and saved `{ name, config }` JSON resolve to it (layers accept the name too).
init.registerInitializer('laplace', laplace);

const rng = new Rng(2024);
const weight = init.getInitializer({ name: 'laplace', config: { gain: Math.SQRT2 } }).sample([400, 250], { rng: rng.fork() });
const saved = JSON.stringify(init.getInitializer('laplace')); // '{"name":"laplace","config":{"gain":1}}'
// #endregion custom-initializer

test('the documented custom initializer samples Laplace weights with std gain/√fanIn', () => {
  // std = √2/√250; Laplace has kurtosis 6, which the SE of the std in expectMoments accounts for.
  expect(weight.shape).toEqual([400, 250]);
  expectMoments(weight.data, 0, Math.SQRT2 / Math.sqrt(250));
  expect(saved).toBe('{"name":"laplace","config":{"gain":1}}');
});

test('it round-trips through JSON and is reproducible from the seed', () => {
  const a = init.getInitializer(JSON.parse(saved) as init.InitializerSpec);
  const x = a.sample([3, 5], { rng: new Rng(1) }).data;
  expect(Array.from(laplace().sample([3, 5], { rng: new Rng(1) }).data)).toEqual(Array.from(x));
  expect(() => laplace({ gain: 0 })).toThrow('laplace: gain must be a finite number > 0, got 0');
  expect(() => init.registerInitializer('laplace', laplace)).toThrow(init.InitError);
});

test('the example in docs/initializers.md is this code, verbatim', () => {
  const self = readFileSync(new URL(import.meta.url), 'utf8');
  const region = self.split('// #region custom-initializer\n')[1]!.split('// #endregion custom-initializer')[0]!;
  const doc = readFileSync(new URL('../../../../docs/initializers.md', import.meta.url), 'utf8');
  const block = doc
    .split('<!-- example: custom-initializer (run by packages/nn/test/init/custom-initializer.test.ts) -->\n```ts\n')[1]!
    .split('```')[0]!;
  const imports = "import { Rng, full } from '@seedling-ml/tensor';\nimport { init } from '@seedling-ml/nn';\n\n";
  expect(block).toBe(imports + region);
});
