import { format } from 'node:util';
import { vi } from 'vitest';

/**
 * Runs `run` (e.g. a dynamic import of a script) with `console.log` captured: returns the lines it
 * printed, formatted as console.log would print them to a pipe.
 */
export async function captureLog(run: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(...format(...args).split('\n'));
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return lines;
}
