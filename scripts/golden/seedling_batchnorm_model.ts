/**
 * Writes Seedling's side of the PyTorch interop fixture (read by scripts/golden/batchnorm_model.py, which loads
 * it strictly into PyTorch, and by packages/seedling/test/pytorch-interop.test.ts, which checks the committed
 * bytes are what Seedling writes today). Run from packages/seedling:
 *   npx tsx --conditions=@seedling-ml/source ../../scripts/golden/seedling_batchnorm_model.ts
 */
import { writeFileSync } from 'node:fs';
import { FIXTURE_DIR, roundingFixture, seedlingFixture } from '../../packages/seedling/test/batch-norm-model.ts';

const { bytes, input, output } = seedlingFixture();
writeFileSync(`${FIXTURE_DIR}/seedling_model.safetensors`, bytes);
writeFileSync(`${FIXTURE_DIR}/seedling_model.json`, `${JSON.stringify({ input, output }, null, 1)}\n`);
console.log(`wrote ${FIXTURE_DIR}/seedling_model.safetensors (${bytes.length} bytes) and seedling_model.json`);
writeFileSync(`${FIXTURE_DIR}/seedling_f16_bf16.safetensors`, roundingFixture());
console.log(`wrote ${FIXTURE_DIR}/seedling_f16_bf16.safetensors`);
