import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Linear, Sequential } from '@seedling-ml/nn';
import { expect, test } from 'vitest';
import { loadModel, saveModel } from '../src/node.ts';

// Issue 11, silent failure 5: with strict: false the file's extra tensors were loaded silently and not reported.
test("loadModel(…, { strict: false }) reports the file's tensors the model does not have", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seedling-load-'));
  try {
    const path = join(dir, 'big.safetensors');
    await saveModel(new Sequential(new Linear(2, 2, { seed: 0 }), new Linear(2, 1, { seed: 1 })), path);
    const small = new Sequential(new Linear(2, 2, { seed: 2 }));
    const report = (await loadModel(small, path, { strict: false })) as { unexpectedKeys: string[] };
    expect(report.unexpectedKeys.sort()).toEqual(['1.bias', '1.weight']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
