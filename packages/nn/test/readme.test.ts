// Runs the example of packages/nn/README.md and checks that it prints exactly the output shown under it.
// The block is written to test/.tmp/ (gitignored) with `@seedling-ml/nn` pointed at this package's source;
// `@seedling-ml/autograd` and `@seedling-ml/tensor` resolve as they do for the package itself.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { expect, test, vi } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const example = readme.split('## Example\n')[1]!;
const code = example.split('```ts\n')[1]!.split('\n```')[0]!;
const expected = example.split('```text\n')[1]!.split('\n```')[0]!;

test('the README example runs and prints the output shown under it', async () => {
  const dir = new URL('./.tmp/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL('readme-example.ts', dir);
  const source = fileURLToPath(new URL('../src/index.ts', import.meta.url));
  writeFileSync(file, code.replaceAll("from '@seedling-ml/nn'", `from ${JSON.stringify(source)}`));
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(format(...args)));
  try {
    await import(/* @vite-ignore */ fileURLToPath(file));
  } finally {
    spy.mockRestore();
  }
  expect(lines.join('\n').trimEnd()).toBe(expected.trimEnd());
});
