/**
 * The live-view links of docs/playground.md (and any in the initialization docs) name real controls with
 * valid values: a typo such as `init=kaimingnormal` would silently open the default page instead.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { INIT_OPTIONS, parseConfig, serializeConfig } from '../src/config.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const DOCS = ['docs/playground.md', 'docs/initialization.md', 'docs/initialization.zh-CN.md'];
const BASE = 'http://127.0.0.1:5173/';

function links(): { doc: string; query: string }[] {
  const out: { doc: string; query: string }[] = [];
  for (const doc of DOCS) {
    const text = readFileSync(join(ROOT, doc), 'utf8');
    for (const m of text.matchAll(/http:\/\/127\.0\.0\.1:5173\/(\?[^)\s>]*)/g)) out.push({ doc, query: m[1]! });
  }
  return out;
}

describe('live-view links in the docs', () => {
  const all = links();
  it('there are links to check', () => {
    expect(all.length).toBeGreaterThanOrEqual(15);
    expect(all.every((l) => l.query.startsWith('?'))).toBe(true);
    expect(BASE).toBe('http://127.0.0.1:5173/'); // `npm run playground`'s address (vite's default port)
  });
  it('every key is a control and every value survives parsing unchanged', () => {
    for (const { doc, query } of all) {
      const config = parseConfig(query);
      const canonical = new URLSearchParams(serializeConfig(config));
      const optionKeys = INIT_OPTIONS[config.init].map((o) => o.key);
      for (const [key, value] of new URLSearchParams(query)) {
        const where = `${doc}: ${query} (${key})`;
        expect(canonical.has(key) || optionKeys.includes(key), where).toBe(true);
        expect(Number(canonical.get(key)) === Number(value) || canonical.get(key) === value, where).toBe(true);
      }
    }
  });
});
