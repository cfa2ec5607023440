import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { trainMnistMlp } from '../mnist-mlp.ts';

const dir = await mkdtemp(join(tmpdir(), 'seedling-mnist-test-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

// Quick mode: 1000 training digits, 500 held out, one epoch of 16 Adam steps (≈ 1 s). Measured on seeds 0–3:
// held-out accuracy 70.8–80.4 %, the first batches' loss ≈ 2.0–2.5 (about ln 10 ≈ 2.3, an untrained network) and
// the last batches' ≈ 0.8–1.2. The bar of 60 % is six times chance (10 %) and sits more than 4 standard errors
// (SE on 500 digits at 71 % ≈ 2 %) below the worst seed. The full run reaches ≥ 96 % (see examples/README.md).
test('mnist-mlp (quick): loss falls, accuracy beats 60 %, and the reloaded model scores the same', async () => {
  const lines: string[] = [];
  const modelPath = join(dir, 'mnist-mlp.safetensors');
  const r = await trainMnistMlp({ quick: true, seed: 0, progress: false, modelPath, log: (l) => lines.push(l) });

  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const first = mean(r.batchLosses.slice(0, 3));
  const last = mean(r.batchLosses.slice(-3));
  expect(r.batchLosses).toHaveLength(16); // ⌈1000 / 64⌉
  expect(first).toBeGreaterThan(1.8);
  expect(last).toBeLessThan(0.7 * first);
  expect(r.testAccuracy).toBeGreaterThan(0.6);

  expect((await stat(modelPath)).size).toBeGreaterThan(235_146 * 4); // every float32 parameter, plus a header
  expect(r.reloadedAccuracy).toBe(r.testAccuracy);
  expect(r.samePredictions).toBe(true);

  // Without a terminal there is no bar: one plain line per epoch, then the summary lines.
  expect(lines.filter((l) => l.startsWith('epoch '))).toHaveLength(1);
  expect(lines.some((l) => l.startsWith('test accuracy:'))).toBe(true);
  expect(lines.some((l) => l.includes('reloaded into a fresh network') && l.includes('identical predictions'))).toBe(true);
  expect(lines.join('\n')).not.toMatch(/\u001b\[/); // no terminal control codes
});

test('mnist-mlp: the same seed gives the same numbers', async () => {
  const options = { quick: true, seed: 1, train: 300, test: 200, progress: false, log: () => {} };
  const a = await trainMnistMlp({ ...options, modelPath: join(dir, 'a.safetensors') });
  const b = await trainMnistMlp({ ...options, modelPath: join(dir, 'b.safetensors') });
  expect(b.batchLosses).toEqual(a.batchLosses);
  expect(b.testAccuracy).toBe(a.testAccuracy);
});
