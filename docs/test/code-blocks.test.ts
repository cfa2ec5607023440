/**
 * Every ```ts block of the initialization docs (and of the READMEs listed in DOCS) runs, and prints what the docs say it prints.
 *
 * Each block is a self-contained module (its own imports). It is written to examples/.tmp/doc-blocks/
 * (gitignored; there `@seedling-ml/*` resolve through the examples package, as for a user) and imported.
 * When a ```ts block is followed, after nothing but blank lines, by a ```text block, that block is the
 * expected console output and must match line for line (trailing spaces ignored); the output may be folded
 * into a `<details>` whose opening and `<summary>` lines sit between the two. A block that occurs
 * in both languages runs once and is checked against both.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { describe, expect, test, vi } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const tmp = join(root, 'examples', '.tmp', 'doc-blocks');
/** Each document with the least number of runnable blocks it must keep (a guard against a broken extractor). */
const DOCS: readonly (readonly [path: string, minBlocks: number])[] = [
  ['docs/initialization.md', 6],
  ['docs/initialization.zh-CN.md', 6],
  ['packages/tensor/README.md', 1],
  ['README.md', 1],
  ['docs/from-pytorch.md', 8],
  ['docs/training.md', 9],
  ['packages/train/README.md', 1],
  ['docs/reliability.md', 2],
];

interface Block {
  /** 1-based line of the opening fence. */
  line: number;
  code: string;
  expected: string | null;
}

/** The ```ts blocks of a markdown text, each with the ```text block that directly follows it, if any. */
function extractBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const fences: { lang: string; line: number; body: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w[\w-]*)?\s*$/.exec(lines[i]!);
    if (open === null) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    fences.push({ lang: open[1] ?? '', line: start + 1, body: body.join('\n') });
    // Remember where this fence ended, to see what lies between it and the next.
    (fences[fences.length - 1] as { end?: number }).end = i;
  }
  const blocks: Block[] = [];
  fences.forEach((f, k) => {
    if (f.lang !== 'ts') return;
    const next = fences[k + 1];
    const end = (f as { end?: number }).end!;
    // A folded answer (`<details>` + `<summary>…</summary>` lines) may sit between a block and its output.
    const folding = /^\s*(<details>|<summary>.*<\/summary>)\s*$/;
    const between =
      next === undefined
        ? ''
        : lines
            .slice(end + 1, next.line - 1)
            .filter((l) => !folding.test(l))
            .join('')
            .trim();
    blocks.push({ line: f.line, code: f.body, expected: next !== undefined && next.lang === 'text' && between === '' ? next.body : null });
  });
  return blocks;
}

const normalize = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .trim();

/** Runs each distinct block once and returns its console output. */
const outputs = new Map<string, Promise<string>>();
function run(code: string): Promise<string> {
  const key = createHash('sha256').update(code).digest('hex').slice(0, 16);
  let out = outputs.get(key);
  if (out === undefined) {
    out = (async () => {
      mkdirSync(tmp, { recursive: true });
      const file = join(tmp, `block-${key}.ts`);
      writeFileSync(file, code);
      const lines: string[] = [];
      const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(format(...args)));
      try {
        await import(/* @vite-ignore */ file);
      } finally {
        spy.mockRestore();
      }
      return lines.join('\n');
    })();
    outputs.set(key, out);
  }
  return out;
}

for (const [doc, minBlocks] of DOCS) {
  describe(doc, () => {
    const blocks = extractBlocks(readFileSync(join(root, doc), 'utf8'));
    test('has code blocks', () => {
      expect(blocks.length).toBeGreaterThanOrEqual(minBlocks);
    });
    for (const b of blocks) {
      test(`block at line ${b.line} runs${b.expected === null ? '' : ' and prints its output'}`, async () => {
        const printed = await run(b.code);
        if (b.expected !== null) expect(normalize(printed)).toBe(normalize(b.expected));
      });
    }
  });
}
