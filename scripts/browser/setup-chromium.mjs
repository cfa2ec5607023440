#!/usr/bin/env node
// `npm run setup` step: makes sure a Chromium exists for the browser tests, and a CJK font for the
// playground's Chinese screenshot (without one, headless Chromium draws Chinese as empty boxes).
// Root on Debian: the distribution's packages (apt). Elsewhere: Playwright's own Chromium download; the
// font is then only reported missing (the tests pass without it; only the screenshot would be wrong).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
const CJK_FONT_PACKAGE = 'fonts-noto-cjk';
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
let aptUpdated = false;

function aptInstall(pkg) {
  if (!aptUpdated) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    aptUpdated = true;
  }
  execFileSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: 'inherit', env });
}

function found() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  return CANDIDATES.find((p) => existsSync(p));
}

/** True when fontconfig knows a font covering Chinese (what Chromium asks it for). */
function hasCjkFont() {
  const r = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  if (r.status === 0) return r.stdout.trim() !== '';
  return existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc');
}

if (found()) {
  console.log(`setup: chromium found at ${found()}`);
} else if (canApt) {
  console.log('setup: installing Debian chromium with apt-get (browser tests need it)');
  aptInstall('chromium');
} else {
  console.log("setup: no system chromium and not root: downloading Playwright's chromium");
  const r = spawnSync('npx', ['-y', 'playwright-core@1.65.1', 'install', 'chromium'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (hasCjkFont()) {
  console.log('setup: a CJK font is installed');
} else if (canApt) {
  console.log(`setup: installing ${CJK_FONT_PACKAGE} with apt-get (Chinese text in headless Chromium)`);
  try {
    aptInstall(CJK_FONT_PACKAGE);
  } catch (e) {
    // Only the playground's zh-CN screenshot needs it: a failed install must not stop the setup.
    console.log(`setup: could not install ${CJK_FONT_PACKAGE} (${e instanceof Error ? e.message : String(e)}); continuing without it`);
  }
} else {
  console.log(`setup: no CJK font and not root: Chinese renders as boxes in headless Chromium (install ${CJK_FONT_PACKAGE} to fix)`);
}
