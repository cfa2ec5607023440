/**
 * docs/getting-started.md shows real files: every ```ts block is preceded by `<!-- file: path -->` and is
 * identical to that file, and the ```text block right after it (if any) is exactly what running the file
 * prints. The files themselves are tested for behaviour in examples/test/first-steps.test.ts.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { captureLog } from '../../examples/test/capture-log.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const markdown = readFileSync(join(root, 'docs', 'getting-started.md'), 'utf8');

interface Fence {
  lang: string;
  /** 1-based line of the opening fence. */
  line: number;
  body: string;
  /** The nearest non-blank line above the fence. */
  before: string;
  /** Whether only blank lines separate this fence's closing line from the next fence. */
  nextIsAdjacent: boolean;
}

function fences(text: string): Fence[] {
  const lines = text.split('\n');
  const out: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]!);
    if (open === null) continue;
    const line = i + 1;
    let b = i - 1;
    while (b >= 0 && lines[b]!.trim() === '') b--;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    let n = i + 1;
    while (n < lines.length && lines[n]!.trim() === '') n++;
    out.push({
      lang: open[1]!,
      line,
      body: body.join('\n'),
      before: b >= 0 ? lines[b]! : '',
      nextIsAdjacent: /^```\w/.test(lines[n] ?? ''),
    });
  }
  return out;
}

const all = fences(markdown);
const tsBlocks = all.flatMap((f, k) =>
  f.lang === 'ts' ? [{ fence: f, output: f.nextIsAdjacent && all[k + 1]?.lang === 'text' ? all[k + 1]!.body : null }] : [],
);
const trimLines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .trim();

test('the guide has its three runnable blocks, and the first network fits in 20 lines', () => {
  expect(tsBlocks.map((b) => /<!-- file: (\S+) -->/.exec(b.fence.before)?.[1])).toEqual([
    'examples/first-network.ts',
    'examples/training-loop.ts',
    'examples/save-and-load.ts',
  ]);
  expect(tsBlocks[0]!.fence.body.split('\n').length).toBeLessThanOrEqual(20);
});

for (const { fence, output } of tsBlocks) {
  const file = /<!-- file: (\S+) -->/.exec(fence.before)?.[1];
  describe(`block at line ${fence.line} (${file ?? 'no file marker'})`, () => {
    test('is marked with the file it shows, and is identical to it', () => {
      expect(file, 'put <!-- file: examples/… --> on the line above the block').toBeDefined();
      expect(fence.body).toBe(readFileSync(join(root, file!), 'utf8').replace(/\n$/, ''));
    });
    test(output === null ? 'runs' : 'runs and prints the output shown under it', async () => {
      const printed = await captureLog(() => import(/* @vite-ignore */ pathToFileURL(join(root, file!)).href));
      expect(printed.length).toBeGreaterThan(0);
      if (output !== null) expect(trimLines(printed.join('\n'))).toBe(trimLines(output));
    });
  });
}
