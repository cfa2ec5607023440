import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { startPytorch } from '../../benchmarks/lib/pytorch.ts';

/** Whether `python3 -c "import torch"` works here (the bench's own condition for its PyTorch column). */
function torchAvailable(): boolean {
  try {
    execFileSync('python3', ['-c', 'import torch'], { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}

describe('benchmarks PyTorch peer', () => {
  it('is skipped with a note when the Python command does not exist', async () => {
    const before = process.env.SEEDLING_BENCH_PYTHON;
    process.env.SEEDLING_BENCH_PYTHON = '/nonexistent/python3';
    try {
      expect(await startPytorch()).toBeNull();
    } finally {
      if (before === undefined) delete process.env.SEEDLING_BENCH_PYTHON;
      else process.env.SEEDLING_BENCH_PYTHON = before;
    }
  });

  it.runIf(torchAvailable())('times a case at one thread and reports a Python error as a rejection', async () => {
    const peer = await startPytorch();
    expect(peer).not.toBeNull();
    try {
      const t = await peer!.measure({ kind: 'elementwise', op: 'add', n: 1024 }, 1, { maxTime: 0, minSamples: 2 });
      expect(t.samples).toBeGreaterThanOrEqual(2);
      expect(t.seconds).toBeGreaterThan(0);
      await expect(peer!.measure({ kind: 'nope' } as never, 1, { maxTime: 0, minSamples: 2 })).rejects.toThrow(/unknown benchmark kind/);
    } finally {
      peer!.close();
    }
  });
});
