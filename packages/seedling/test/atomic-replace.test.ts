import { linkSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { writeFileAtomic } from '../src/node.ts';

// Issue 11, "tests that catch what they should": an atomic save that wrote the target in place passed every
// test. Writing in place changes the inode a hard link shares; replacing by rename leaves the old inode (and so
// the link) with the old bytes.
test('writeFileAtomic replaces the target (a hard link to the old file keeps the old bytes) and leaves no temp file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seedling-atomic-'));
  try {
    const path = join(dir, 'model.safetensors');
    writeFileSync(path, 'old bytes');
    linkSync(path, join(dir, 'link'));
    await writeFileAtomic(path, new TextEncoder().encode('new bytes'));
    expect(readFileSync(path, 'utf8')).toBe('new bytes');
    expect(readFileSync(join(dir, 'link'), 'utf8')).toBe('old bytes');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an orphaned temp of a dead process is removed by the next save; a temp of a live process is kept', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seedling-atomic-'));
  try {
    const path = join(dir, 'm.safetensors');
    // pid 2^22 + 1 is above Linux's pid_max limit (2^22), so no process has it.
    const dead = join(dir, `m.safetensors.${2 ** 22 + 1}.0123456789ab.tmp`);
    const live = join(dir, `m.safetensors.${process.ppid}.0123456789ab.tmp`);
    const other = join(dir, 'n.safetensors.99999999.0123456789ab.tmp');
    for (const f of [dead, live, other]) writeFileSync(f, 'partial');
    await writeFileAtomic(path, new Uint8Array([1]));
    expect(() => readFileSync(dead)).toThrow();
    expect(readFileSync(live, 'utf8')).toBe('partial');
    expect(readFileSync(other, 'utf8')).toBe('partial'); // another file's temp is not ours to judge
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
