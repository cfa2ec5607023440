import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCli } from '../../scripts/cli.ts';

/**
 * True when the module whose `import.meta.url` is `moduleUrl` is the script Node was started with, false
 * when it was imported (by a test or another example). Both paths are resolved through symlinks, since
 * pnpm's layout and tsx may name the same file differently.
 *
 * @example
 * isMain(import.meta.url); // true under `tsx xor.ts`, false when a test imports xor.ts
 */
export function isMain(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/**
 * Runs `main` when `moduleUrl` is the entry script (see `isMain`); a throw is printed and turns into exit
 * code 1, so a failed example fails its command. These examples take no options: `--help` prints `usage`
 * and exits 0, any other argument prints the problem and `usage` and exits 2, before training starts.
 *
 * @example
 * runIfMain(import.meta.url, () => trainXor({ log: console.log }), 'usage: npx tsx xor.ts');
 */
export function runIfMain(moduleUrl: string, main: () => Promise<unknown> | unknown, usage: string): void {
  if (!isMain(moduleUrl)) return;
  parseCli(`${usage.trimEnd()}\n\n  -h, --help   print this help and exit`, { options: {} });
  Promise.resolve()
    .then(main)
    .catch((e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    });
}
