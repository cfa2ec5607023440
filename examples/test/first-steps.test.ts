/**
 * The three small scripts of docs/getting-started.md (first-network, training-loop, save-and-load) do what
 * the guide says: the loss falls, the predictions are right, the reloaded model computes the same. They print
 * rather than return, so the test reads their console output.
 */
import { expect, test } from 'vitest';
import { captureLog } from './capture-log.ts';

const numbersAfter = (lines: string[], label: RegExp) =>
  lines.flatMap((l) => (label.test(l) ? [Number(/(-?\d+\.\d+)/.exec(l.replace(label, ''))![1])] : []));

test('first-network learns XOR: the loss falls from ≈ ln 2 to near 0 and all four points are right', async () => {
  const lines = await captureLog(() => import('../first-network.ts'));
  const losses = numbersAfter(lines, /^step \d+: loss /);
  expect(losses).toHaveLength(5); // steps 0, 50, …, 200
  expect(losses[0]!).toBeGreaterThan(0.5); // an untrained 2-class guess costs about ln 2 ≈ 0.69
  expect(losses.at(-1)!).toBeLessThan(0.05);
  for (let i = 1; i < losses.length; i++) expect(losses[i]!).toBeLessThan(losses[i - 1]!);
  expect(lines.at(-1)).toBe('predictions: [ 0, 1, 1, 0 ]');
});

// Two moons with noise 0.15 overlap a little, so even the ideal boundary misses a few percent of fresh points.
// The script reaches 97.5 % on its 200 test points; a linear model trained the same way on the same data gets
// 88.5 % (measured). 95 % can only be passed with a curved boundary, and leaves 5 points of slack.
test('training-loop: the epoch loss falls and test accuracy beats 95 %', async () => {
  const lines = await captureLog(() => import('../training-loop.ts'));
  const losses = numbersAfter(lines, /^epoch \d+: mean loss /);
  expect(losses).toHaveLength(4);
  expect(losses.at(-1)!).toBeLessThan(0.5 * losses[0]!);
  const accuracy = Number(/test accuracy: ([\d.]+)%/.exec(lines.at(-1)!)![1]);
  expect(accuracy).toBeGreaterThan(95);
});

test('save-and-load: the restored model computes exactly what the saved one does', async () => {
  const lines = await captureLog(() => import('../save-and-load.ts'));
  expect(lines).toHaveLength(2);
  const [original, restored] = lines.map((l) => l.replace(/^\w+:\s*/, ''));
  expect(restored).toBe(original);
});
