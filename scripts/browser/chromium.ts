/**
 * One way for every browser test to start headless Chromium: the system's (Debian `chromium`, installed by
 * `npm run setup`) or Playwright's download, driven by `playwright-core`.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium executable to drive, or undefined to let Playwright use its own download. */
export function chromiumExecutable(): string | undefined {
  const env = process.env.CHROMIUM_PATH;
  if (env !== undefined && existsSync(env)) return env;
  return CANDIDATES.find((p) => existsSync(p));
}

/** Launches headless Chromium (no sandbox: CI runs as root). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumExecutable(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}
