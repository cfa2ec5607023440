#!/usr/bin/env node
// `npm run setup` step: makes sure a Chromium exists for the browser tests.
// Root on Debian: the distribution's `chromium` package (apt). Elsewhere: Playwright's own download.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

function found() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  return CANDIDATES.find((p) => existsSync(p));
}

if (found()) {
  console.log(`setup: chromium found at ${found()}`);
} else if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
  console.log('setup: installing Debian chromium with apt-get (browser tests need it)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
} else {
  console.log("setup: no system chromium and not root: downloading Playwright's chromium");
  const r = spawnSync('npx', ['-y', 'playwright-core@1.65.1', 'install', 'chromium'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
