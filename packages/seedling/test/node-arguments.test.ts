/**
 * The file functions of `seedling-ml/node` check their arguments and options through the library's one
 * mechanism (issue 11): a mistyped option is a SafetensorsError naming the function, never ignored and never a
 * TypeError from inside. fuzz-exports fuzzes these functions with arbitrary argument lists (mostly refused
 * early); here a valid model and path are fixed and only the options vary, so the fuzz reaches the writes and
 * reads themselves.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Linear } from '@seedling-ml/nn';
import { SGD } from '@seedling-ml/optim';
import { SeedlingError } from '@seedling-ml/tensor';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadCheckpoint, loadModel, saveCheckpoint, saveModel, saveOptimizer } from '../src/node.ts';
import { SafetensorsError } from '../src/safetensors.ts';
import { POOL, problem } from './fuzz-pool.ts';

const js = <T>(v: unknown): T => v as T;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seedling-args-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('saveModel / loadModel options', () => {
  test('unknown keys and wrong types are refused, naming the function and the option', async () => {
    const m = new Linear(2, 2, { seed: 0 });
    const path = join(dir, 'm.safetensors');
    await expect(saveModel(m, path, js({ dtype: 'F8' }))).rejects.toThrow(
      "saveModel: option 'dtype' must be one of 'F32', 'F64', 'F16', 'BF16', got 'F8'",
    );
    await expect(saveModel(m, path, js({ metadata: { epoch: 3 } }))).rejects.toThrow(
      "saveModel: option 'metadata' must be an object of string values, got an object",
    );
    await expect(saveModel(m, path, js({ dtyp: 'F16' }))).rejects.toThrow("saveModel: unknown option 'dtyp' (valid: metadata, dtype)");
    await expect(saveModel(js({}), path)).rejects.toThrow(
      'saveModel: module must be a model with stateDict() and loadStateDict(), got an object',
    );
    await saveModel(m, path, { dtype: 'F16', metadata: { epoch: '3' } });
    await expect(loadModel(m, path, js({ strict: 'no' }))).rejects.toThrow("loadModel: option 'strict' must be true or false, got 'no'");
    await expect(loadModel(m, path, js({ Strict: false }))).rejects.toThrow("loadModel: unknown option 'Strict' (valid: strict)");
    await expect(loadModel(m, js(''))).rejects.toThrow(SafetensorsError);
    await expect(loadModel(m, js(5))).rejects.toThrow('loadModel: path must be a non-empty string, got 5');
  });

  test('checkpoints: parts and options are checked before any file is touched', async () => {
    const m = new Linear(2, 2, { seed: 0 });
    const path = join(dir, 'c.safetensors');
    await expect(saveCheckpoint(path, js({ model: m, optimiser: new SGD(m.parameters(), { lr: 0.1 }) }))).rejects.toThrow(
      "saveCheckpoint: unknown option 'optimiser' (valid: model, optimizer, scheduler, extra)",
    );
    await expect(saveCheckpoint(path, js({ extra: {} }))).rejects.toThrow('saveCheckpoint: checkpoint.model is required');
    await expect(saveOptimizer(js(m.parameters()), path)).rejects.toThrow(
      'saveOptimizer: optimizer must be an object with stateDict() and loadStateDict()',
    );
    await saveCheckpoint(path, { model: m });
    await expect(loadCheckpoint(path, { model: m }, js({ strict: 1 }))).rejects.toThrow(
      "loadCheckpoint: option 'strict' must be true or false, got 1",
    );
  });

  test('fuzzed options on a valid model and file: a result or a SeedlingError naming the function', async () => {
    const path = join(dir, 'f.safetensors');
    await saveModel(new Linear(2, 2, { seed: 0 }), path);
    const failures = new Set<string>();
    const verdict = async (name: string, run: () => Promise<unknown>): Promise<void> => {
      try {
        await run();
      } catch (e) {
        const p = problem(e);
        if (p !== null) failures.add(`${name}: ${p}`);
      }
    };
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: POOL.length - 1 }), async (i) => {
        const m = new Linear(2, 2, { seed: 1 });
        await verdict('saveModel', () => saveModel(m, join(dir, 'g.safetensors'), js(POOL[i]!())));
        await verdict('loadModel', () => loadModel(m, path, js(POOL[i]!())));
        await verdict('loadCheckpoint', () => loadCheckpoint(path, { model: m }, js(POOL[i]!())));
        return true;
      }),
      { numRuns: 40, seed: 3 },
    );
    expect([...failures]).toEqual([]);
    // Not vacuous: the pool's undefined and {} are valid options, so saves and loads did run.
    await expect(loadModel(new Linear(2, 2, { seed: 1 }), join(dir, 'g.safetensors'))).resolves.toBeDefined();
    expect(new SafetensorsError('x', 'y')).toBeInstanceOf(SeedlingError);
  });
});
