/**
 * Assembles the hand-written WebAssembly kernels and writes them as base64 TypeScript constants, so the
 * packages load them synchronously in Node and browsers without fetching a .wasm file or a build step.
 *
 *   npx tsx scripts/build-wasm.ts
 *
 * Run it after editing a .wat file and commit both; scripts/test/wasm-variants.test.ts fails when a generated
 * module no longer matches a fresh assembly of its text. The kernels are listed in scripts/wasm-targets.ts.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { TARGETS, generate, root } from './wasm-targets.ts';

for (const target of TARGETS) {
  const { text, sizes } = await generate(target);
  writeFileSync(path.join(root, target.out), text);
  console.log(`${target.out}: ${sizes.join(', ')}`);
}
