/**
 * Everything a reader is pointed to exists in this repository:
 * - every relative markdown link `[text](path#anchor)` in a markdown file resolves to a file or folder,
 *   and its `#anchor`, when the target is markdown, to a heading there;
 * - every file name mentioned in markdown, in the TSDoc and comments of the packages' sources, and in the
 *   text of the examples, benchmarks and scripts (`DESIGN.md`, `docs/initializers.md`,
 *   `packages/nn/test/init/scaled.test.ts`, `INIT-REFERENCE §3`, …) names a file of the repository.
 * Files written by tools (node_modules, dist, output folders) are not read.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'output', '.tmp', 'coverage', 'results', 'api-docs']);

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (SKIP_DIRS.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

const files = walk(root);
const rel = (p: string) => relative(root, p).split(sep).join('/');
const basenames = new Set(files.map((f) => basename(f)));
const markdown = files.filter((f) => f.endsWith('.md'));
/** Sources whose comments and strings readers see: TSDoc of the packages, the examples' and tools' text. */
const sources = files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !rel(f).includes('/generated/'));

/** GitHub's heading anchor: lower case, punctuation dropped (letters, digits, `-`, `_` kept), spaces to `-`. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(path: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  let inFence = false;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (/^```/.test(line)) inFence = !inFence;
    const h = inFence ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (h === null) continue;
    const base = slug(h[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Markdown text without fenced code blocks (their contents are code, checked by the docs tests). */
function prose(text: string): string {
  return text.replace(/^```[^\n]*\n[\s\S]*?^```\s*$/gm, '');
}

describe('relative markdown links resolve', () => {
  for (const file of markdown) {
    test(rel(file), () => {
      const broken: string[] = [];
      for (const m of prose(readFileSync(file, 'utf8')).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        const target = m[1]!;
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, …
        const [path, anchor] = target.split('#') as [string, string | undefined];
        const resolved = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
        if (!existsSync(resolved)) {
          broken.push(`${target}: no such file`);
          continue;
        }
        if (anchor !== undefined && anchor !== '' && resolved.endsWith('.md') && !anchorsOf(resolved).has(decodeURIComponent(anchor))) {
          broken.push(`${target}: no heading with anchor #${anchor}`);
        }
      }
      expect(broken).toEqual([]);
    });
  }
});

/** Extensions of the files this repository's text names. */
const NAMED_FILE = /(?<![\w/.@<${-])((?:[\w.-]+\/)*[\w-]+(?:\.[\w-]+)*\.(?:md|ts|mjs|json|yaml|html|svg|wat))(?![\w/-])/g;

/** Folders a path in prose may be relative to: the root, each package and its src/, the workspace folders. */
const BASES = [
  root,
  ...readdirSync(join(root, 'packages')).flatMap((p) => [join(root, 'packages', p), join(root, 'packages', p, 'src')]),
  ...['examples', 'benchmarks', 'scripts', 'docs'].map((d) => join(root, d)),
];

/**
 * Whether `name`, mentioned in `file`, is a file of the repository: relative to the mentioning file or to
 * one of BASES; a bare name (no folder) may live anywhere, since prose names a file whose path is nearby.
 */
function resolves(name: string, file: string): boolean {
  if (!name.includes('/')) return basenames.has(name);
  return [dirname(file), ...BASES].some((base) => existsSync(resolve(base, name)));
}

/** Files that commands write (into gitignored output folders), named by the text that tells where they go. */
const GENERATED = new Set([
  'examples/output/init-comparison.html',
  'init-comparison.html',
  'init-comparison-quick.html',
  'api-docs/index.html', // npm run docs
  'xor.mjs', // the README's install example: a file the user creates
]);

/** The comments and string literals of a TypeScript file (in a test file, its comments only: its strings are fixtures). */
function readerText(file: string, source: string): string {
  const test = /\/test\//.test(rel(file)) || file.endsWith('.test.ts');
  const parts: string[] = [];
  for (const m of source.matchAll(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g)) {
    if (!test || m[0].startsWith('/')) parts.push(m[0]);
  }
  return parts.join('\n');
}

/** Files of other projects that the text cites as sources, by their path in that project (`tfjs-layers/src/…`). */
const UPSTREAM = /^(torch|tfjs-[\w-]+|keras|jax|flax)\//;

describe('file names in docs, READMEs and sources name files of the repository', () => {
  for (const file of [...markdown, ...sources]) {
    if (file === fileURLToPath(import.meta.url)) continue;
    test(rel(file), () => {
      const raw = readFileSync(file, 'utf8');
      const text = file.endsWith('.md') ? prose(raw) : readerText(file, raw);
      const missing = new Set<string>();
      for (const m of text.matchAll(NAMED_FILE)) {
        const name = m[1]!;
        if (GENERATED.has(name) || UPSTREAM.test(name) || resolves(name, file)) continue;
        missing.add(name);
      }
      // A section cited by a document's bare capitalised name (`INIT-REFERENCE §3`) must name a document too.
      for (const m of text.matchAll(/\b([A-Z][A-Z0-9_-]{2,})(?:\.md)? §/g)) {
        if (!basenames.has(`${m[1]!}.md`)) missing.add(`${m[1]!} §`);
      }
      expect([...missing], `${rel(file)} names files that are not in the repository`).toEqual([]);
    });
  }
});
