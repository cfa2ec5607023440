/**
 * Kills a process that is saving a large checkpoint at random moments (20 times, SIGKILL) and proves the
 * atomic save's promise (issue 11): after every kill the file loads as the previous or the next complete
 * version, and temporary files do not accumulate (each save removes the orphans of killed saves).
 *
 * The child is this package's node entry bundled by esbuild into one .mjs (plain `node` starts in ~50 ms,
 * where tsx would take a second per kill). Kill moments come from a fixed-seed generator, so a run replays.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '@seedling-ml/tensor';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { decodeSafetensors } from '../src/safetensors.ts';

const KILLS = 20;
const ELEMENTS = 1_000_000; // 4 MB of float32 per save: a write takes long enough to be killed inside it
let dir = '';
let child = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'seedling-kill-'));
  const entry = fileURLToPath(new URL('./fixtures/saver.ts', import.meta.url));
  child = join(dir, 'saver.mjs');
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: child,
    conditions: ['@seedling-ml/source'],
    logLevel: 'silent',
  });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The version a file holds, after checking it is complete and self-consistent (every value = version). */
function versionIn(path: string): number {
  const { tensors, metadata } = decodeSafetensors(readFileSync(path));
  const v = Number(metadata.version);
  const w = tensors.w!;
  expect(w.size).toBe(ELEMENTS);
  for (let i = 0; i < w.size; i += 997) expect(w.data[i]).toBe(v);
  expect(w.data[w.size - 1]).toBe(v);
  return v;
}

/** Starts a saver at version `start`; resolves with the process once it has completed `after` saves. */
function startSaver(path: string, start: number, onSaved: (v: number) => void): ChildProcess {
  const p = spawn(process.execPath, [child, path, String(start), String(ELEMENTS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let buffer = '';
  p.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      onSaved(Number(buffer.slice(0, nl).split(' ')[1]));
      buffer = buffer.slice(nl + 1);
    }
  });
  return p;
}

test(`${KILLS} SIGKILLs mid-save: the file is always the previous or the next complete version, and no temp file accumulates`, async () => {
  const path = join(dir, 'ckpt.safetensors');
  const rng = new Rng(11);
  let next = 0;
  let lastSaved = -1;
  let killedInsideWrite = 0;
  for (let k = 0; k < KILLS; k++) {
    const savedBefore = lastSaved;
    const p = startSaver(path, next, (v) => {
      lastSaved = v;
    });
    // Wait for one completed save (so the file exists), then a random moment inside the following writes.
    while (lastSaved === savedBefore) await new Promise((r) => setTimeout(r, 2));
    const delay = rng.uniform([1], 0, 40).data[0]!;
    await new Promise((r) => setTimeout(r, delay));
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await exited;
    const v = versionIn(path);
    // Previous complete version = the last one reported; the next = a save that finished but was not yet reported.
    expect([lastSaved, lastSaved + 1]).toContain(v);
    const temps = readdirSync(dir).filter((n) => n.endsWith('.tmp'));
    if (temps.length > 0) killedInsideWrite++;
    // At most the killed process's one temp; earlier orphans were removed by the saves after them.
    expect(temps.length).toBeLessThanOrEqual(1);
    next = v + 1;
  }
  // One more save cleans the last orphan.
  const p = startSaver(path, next, () => undefined);
  await new Promise<void>((resolve) => p.stdout!.once('data', () => resolve()));
  p.kill('SIGKILL');
  await new Promise((r) => p.once('exit', r));
  expect(readdirSync(dir).filter((n) => n.endsWith('.tmp')).length).toBeLessThanOrEqual(1);
  // The test must actually have killed saves mid-write, or it proves nothing about atomicity. How many kills
  // land inside a write (rather than inside encoding) depends on the machine's load: 4 to 12 of 20 were seen.
  expect(killedInsideWrite).toBeGreaterThanOrEqual(2);
}, 120_000);
