/**
 * docs/design.md: the core packages run in Node *and the browser*. This bundles the umbrella package for the
 * browser with esbuild (no Node built-ins available, so any `node:` or Node-only import fails the build)
 * and runs a small training loop from the bundle inside a bare V8 context that has only what a browser
 * also has (no `process`, `require`, `Buffer`, `fs`).
 */
import { runInNewContext } from 'node:vm';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { expect, test } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

const entry = `
import { autograd, nn, optim, tensor, encodeSafetensors, decodeSafetensors } from 'seedling-ml';
const rng = new tensor.Rng(0);
// XOR: 4 points, a 2-8-1 tanh net; a float32 matmul above the SIMD threshold runs too.
const x = autograd.tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
const y = autograd.tensor([[0], [1], [1], [0]]);
const model = new nn.Sequential(new nn.Linear(2, 8, { seed: 1 }), new nn.Tanh(), new nn.Linear(8, 1, { seed: 2 }));
const opt = new optim.Adam(model.parameters(), { lr: 0.05 });
let first = 0, last = 0;
for (let step = 0; step < 200; step++) {
  opt.zeroGrad();
  const loss = nn.mseLoss(model.forward(x), y);
  loss.backward();
  opt.step();
  if (step === 0) first = loss.item();
  last = loss.item();
}
const big = tensor.matmul(rng.normal([64, 64]), rng.normal([64, 64]));
const bytes = encodeSafetensors(model.stateDict());
const back = decodeSafetensors(bytes);
globalThis.result = { first, last, bigShape: big.shape, keys: Object.keys(back.tensors) };
`;

test('the umbrella package bundles for the browser and trains inside a context without Node APIs', async () => {
  const out = await build({
    stdin: { contents: entry, resolveDir: resolve(root, 'packages/seedling'), loader: 'ts' },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    conditions: ['@seedling-ml/source'],
    write: false,
    logLevel: 'silent',
  });
  const code = out.outputFiles[0]!.text;
  expect(code).not.toMatch(/require\(["']node:/);
  // Globals every current browser has too; nothing Node-specific.
  const sandbox: Record<string, unknown> = { console, atob, btoa, WebAssembly, TextEncoder, TextDecoder, performance, structuredClone };
  sandbox.globalThis = sandbox;
  runInNewContext(code, sandbox);
  const result = sandbox.result as { first: number; last: number; bigShape: number[]; keys: string[] };
  expect(result.bigShape).toEqual([64, 64]);
  expect(result.keys.sort()).toEqual(['0.bias', '0.weight', '2.bias', '2.weight']);
  // XOR with MSE starts near 0.25 (outputs ≈ constant); 200 Adam steps at lr 0.05 bring it well below.
  expect(result.last).toBeLessThan(result.first / 5);
}, 60_000);
