/**
 * The umbrella package: `import { tensor, autograd, nn, optim, data } from 'seedling-ml'` gives each package as a
 * namespace, and the main entry stays browser-safe (file I/O only in `seedling-ml/node`).
 */
import { readFileSync } from 'node:fs';
import * as autogradPkg from '@seedling-ml/autograd';
import * as dataPkg from '@seedling-ml/data';
import * as nnPkg from '@seedling-ml/nn';
import * as optimPkg from '@seedling-ml/optim';
import * as tensorPkg from '@seedling-ml/tensor';
import { expect, test } from 'vitest';
import * as seedling from '../src/index.ts';

test('each package is re-exported whole, as a namespace', () => {
  const pairs = [
    [seedling.tensor, tensorPkg],
    [seedling.autograd, autogradPkg],
    [seedling.nn, nnPkg],
    [seedling.optim, optimPkg],
    [seedling.data, dataPkg],
  ] as const;
  for (const [ns, pkg] of pairs) {
    expect(Object.keys(ns).sort()).toEqual(Object.keys(pkg).sort());
    for (const key of Object.keys(pkg)) expect((ns as Record<string, unknown>)[key]).toBe((pkg as Record<string, unknown>)[key]);
  }
  expect(seedling.Tensor).toBe(autogradPkg.Tensor);
  expect(seedling.noGrad).toBe(autogradPkg.noGrad);
  expect(typeof seedling.encodeSafetensors).toBe('function');
});

test('a network trains through the umbrella names alone', () => {
  const { autograd, nn, optim, data } = seedling;
  const { x, y } = data.makeXor({ n: 64, seed: 0 });
  const model = new nn.Sequential(new nn.Linear(2, 8, { seed: 0 }), new nn.Tanh(), new nn.Linear(8, 2, { seed: 1 }));
  const opt = new optim.Adam(model.parameters(), { lr: 0.05 });
  const losses: number[] = [];
  for (let step = 0; step < 60; step++) {
    const loss = nn.crossEntropyLoss(model.forward(autograd.tensor(x)), autograd.tensor(y));
    opt.zeroGrad();
    loss.backward();
    opt.step();
    losses.push(loss.item());
  }
  expect(losses.at(-1)!).toBeLessThan(0.5 * losses[0]!);
});

test('the main entry imports no node: module (saving and loading live in seedling/node)', () => {
  for (const file of ['index.ts', 'safetensors.ts', 'safetensors-dtypes.ts', 'model-bytes.ts']) {
    const source = readFileSync(new URL(`../src/${file}`, import.meta.url), 'utf8');
    expect(source, file).not.toMatch(/from\s+['"]node:/);
    expect(source, file).not.toMatch(/from\s+['"]\.\/node(\.ts)?['"]/);
  }
});

test('train is re-exported whole, as a namespace; its Node callbacks come from seedling-ml/node', async () => {
  const trainPkg = await import('@seedling-ml/train');
  expect(Object.keys(seedling.train).sort()).toEqual(Object.keys(trainPkg).sort());
  expect(seedling.train.fit).toBe(trainPkg.fit);
  const node = await import('../src/node.ts');
  const trainNode = await import('@seedling-ml/train/node');
  expect(node.ProgressBar).toBe(trainNode.ProgressBar);
  expect(typeof node.ModelCheckpoint).toBe('function');
});
