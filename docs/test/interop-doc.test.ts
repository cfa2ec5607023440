/**
 * docs/interop.md runs: its ```ts blocks, in order, in one fresh folder (files written by one block are read by
 * the next), each printing what the ```text block below it says. The Python blocks are run by
 * scripts/golden/interop_doc.py, which stores the files PyTorch writes in docs/interop/; they are copied into the
 * folder first, standing in for the Python steps.
 *
 * Blocks are files under packages/seedling/.tmp/ (gitignored), so `seedling-ml` (by its own name),
 * `@seedling-ml/*` and onnxruntime-node resolve as in a user's project; each runs in its own `tsx` process
 * whose working directory is the fresh folder.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// The root has no dependency on the packages, so the layer is imported by path.
import { BatchNorm1d } from '../../packages/nn/src/index.ts';
import { afterAll, describe, expect, test } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const DOC = join(root, 'docs', 'interop.md');
const PYTORCH_FILES = join(root, 'docs', 'interop');
const blockDir = join(root, 'packages', 'seedling', '.tmp', 'interop-doc');
const tsxCli = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');

interface Fence {
  lang: string;
  /** 1-based line of the opening fence. */
  line: number;
  body: string;
  /** The ```text block right below (only blank lines between), if any. */
  expected: string | null;
}

/** The fenced blocks of a markdown text, each with the ```text block that directly follows it. */
export function fences(markdown: string): Fence[] {
  const lines = markdown.split('\n');
  const out: (Fence & { end: number })[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w[\w-]*)?\s*$/.exec(lines[i]!);
    if (open === null) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    out.push({ lang: open[1] ?? '', line: start + 1, body: body.join('\n'), expected: null, end: i });
  }
  out.forEach((f, k) => {
    const next = out[k + 1];
    if (
      next !== undefined &&
      next.lang === 'text' &&
      lines
        .slice(f.end + 1, next.line - 1)
        .join('')
        .trim() === ''
    )
      f.expected = next.body;
  });
  return out;
}

const normalize = (s: string): string =>
  s
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .trim();

// The page is written for PyTorch's BatchNorm keys (running_mean, …), which arrive with the interop work of
// issue 10; until they are in this tree, the blocks that exchange BatchNorm files with PyTorch cannot pass.
const pytorchKeys = Object.keys(new BatchNorm1d(1).stateDict()).includes('running_mean');

describe('docs/interop.md', () => {
  const blocks = fences(readFileSync(DOC, 'utf8'));
  const ts = blocks.filter((b) => b.lang === 'ts');
  const work = mkdtempSync(join(tmpdir(), 'seedling-interop-doc-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('has TypeScript and Python blocks', () => {
    expect(ts.length).toBeGreaterThanOrEqual(4);
    expect(blocks.filter((b) => b.lang === 'python').length).toBeGreaterThanOrEqual(3);
  });

  test.skipIf(!pytorchKeys)('every TypeScript block runs in order and prints its output', () => {
    mkdirSync(blockDir, { recursive: true });
    for (const f of readdirSync(PYTORCH_FILES)) copyFileSync(join(PYTORCH_FILES, f), join(work, f));
    for (const b of ts) {
      const file = join(blockDir, `block-${b.line}.ts`);
      writeFileSync(file, b.body);
      let printed: string;
      try {
        printed = execFileSync(process.execPath, [tsxCli, '--conditions=@seedling-ml/source', file], {
          cwd: work,
          encoding: 'utf8',
          stdio: 'pipe',
        });
      } catch (e) {
        throw new Error(`docs/interop.md block at line ${b.line} failed:\n${(e as { stderr?: string }).stderr ?? String(e)}`);
      }
      if (b.expected !== null) expect(normalize(printed), `block at line ${b.line}`).toBe(normalize(b.expected));
    }
  });
});
