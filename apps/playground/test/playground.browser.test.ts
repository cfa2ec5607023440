/**
 * The playground in real headless Chromium: built with Vite, served from a sub-folder on 127.0.0.1,
 * driven by playwright-core. Set PLAYGROUND_SCREENSHOTS=1 to (re)write docs/img/playground-*.png.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../scripts/browser/chromium.ts';
import { type Served, buildAndServe } from './serve.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SHOTS = process.env.PLAYGROUND_SCREENSHOTS === '1';

interface PageState {
  frames: number;
  renders: number;
  step: number;
  stepMs: number;
  renderMs: number;
  pinned: string | null;
  rows: Record<string, number>;
  loss: number | null;
  setupDone: boolean;
  errors: string[];
}

let browser: Browser;
let served: Served;

beforeAll(async () => {
  [served, browser] = await Promise.all([buildAndServe(), launchChromium()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

/** Opens the page at a query string, collecting console errors, and waits until the findings are in. */
async function open(query: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${served.url}${query}`);
  await page.waitForFunction(() => (window as unknown as { __playground?: PageState }).__playground?.setupDone === true, null, {
    timeout: 30_000,
  });
  return { page, errors };
}

async function findingKinds(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid="findings"] li', (lis) => lis.map((li) => li.getAttribute('data-kind') ?? ''));
}

async function pageState(page: Page): Promise<PageState> {
  return page.evaluate(() => (window as unknown as { __playground: PageState }).__playground);
}

describe('playground in headless Chromium', () => {
  it('loads with no console errors, from a sub-folder (relative paths)', async () => {
    const { page, errors } = await open('');
    await page.waitForFunction(() => (window as unknown as { __playground: PageState }).__playground.renders >= 0);
    expect(await page.locator('[data-testid="findings"] li').count()).toBeGreaterThan(0);
    expect(await page.locator('canvas').count()).toBeGreaterThanOrEqual(8);
    expect(errors).toEqual([]);
    if (SHOTS) await page.screenshot({ path: join(ROOT, 'docs/img/playground-overview.png'), fullPage: false });
    await page.close();
  });

  it('30-layer ReLU net: xavierNormal shows a vanishing finding, kaimingNormal does not', async () => {
    const x = await open('?depth=30&activation=relu&init=xavierNormal');
    expect(await findingKinds(x.page)).toContain('vanishing');
    const text = await x.page.locator('[data-testid="findings"] li[data-kind="vanishing"]').innerText();
    expect(text).toMatch(/layer \d+: activation std .* vanished/);
    if (SHOTS) await x.page.locator('.panels').screenshot({ path: join(ROOT, 'docs/img/playground-xavier-relu-30.png') });
    await x.page.close();
    const h = await open('?depth=30&activation=relu&init=kaimingNormal');
    expect(await findingKinds(h.page)).not.toContain('vanishing');
    // Pin He, then Xavier in one click: both runs are drawn, and the findings are Xavier's.
    await h.page.click('#pin');
    expect((await pageState(h.page)).pinned).toMatch(/^kaimingNormal, relu, 30×64/);
    await h.page.click('#preset-xavier');
    await h.page.waitForFunction(() => new URL(location.href).searchParams.get('init') === 'xavierNormal');
    await h.page.waitForFunction(
      () =>
        (window as unknown as { __playground: PageState }).__playground.setupDone &&
        document.querySelector('[data-kind="vanishing"]') !== null,
      null,
      { timeout: 30_000 },
    );
    expect((await pageState(h.page)).pinned).toMatch(/^kaimingNormal/);
    expect(await h.page.getAttribute('#pin', 'aria-pressed')).toBe('true');
    if (SHOTS) await h.page.locator('.panels').screenshot({ path: join(ROOT, 'docs/img/playground-pin-he-vs-xavier.png') });
    // The same in one click, from any starting point.
    await h.page.click('#pin'); // unpin
    expect((await pageState(h.page)).pinned).toBeNull();
    await h.page.selectOption('#activation', 'relu');
    await h.page.click('#compare');
    await h.page.waitForFunction(
      () =>
        new URL(location.href).searchParams.get('init') === 'xavierNormal' &&
        (window as unknown as { __playground: PageState }).__playground.pinned !== null,
      null,
      { timeout: 30_000 },
    );
    expect((await pageState(h.page)).pinned).toMatch(/^kaimingNormal, relu, 30×64/);
    expect(h.errors).toEqual([]);
    await h.page.close();
  });

  it("200 training steps take He's loss below ln C", async () => {
    const { page, errors } = await open('?depth=30&activation=relu&init=kaimingNormal&data=circles&optimizer=sgd&lr=0.01&batch=64&seed=0');
    await page.click('#steps200');
    await page.waitForFunction(
      () => {
        const s = (window as unknown as { __playground: PageState }).__playground;
        return s.step >= 200 && document.getElementById('run')?.getAttribute('aria-pressed') === 'false';
      },
      null,
      { timeout: 40_000 },
    );
    const loss = page.locator('[data-testid="loss"]');
    expect(await loss.getAttribute('data-step')).toBe('200');
    const value = Number(await loss.getAttribute('data-loss'));
    const lnC = Number(await loss.getAttribute('data-ln-c'));
    expect(lnC).toBeCloseTo(Math.log(2), 6);
    expect(value).toBeLessThan(lnC);
    expect(errors).toEqual([]);
    if (SHOTS) await page.locator('.panels').screenshot({ path: join(ROOT, 'docs/img/playground-he-trained.png') });
    await page.close();
  });

  it('every control round-trips through the URL, and the controls are keyboard-operable', async () => {
    const query =
      'depth=7&width=33&activation=tanh&init=xavierUniform&gain=1.5&data=spirals&optimizer=adam&lr=0.003&batch=17&seed=42&lang=en';
    const { page } = await open(`?${query}`);
    expect(new URL(page.url()).search.slice(1)).toBe(query);
    const values = await page.evaluate(() =>
      Object.fromEntries(
        ['depth', 'width', 'activation', 'init', 'gain', 'data', 'optimizer', 'lr', 'batch', 'seed', 'lang'].map((id) => [
          id,
          (document.getElementById(id) as HTMLInputElement).value,
        ]),
      ),
    );
    expect(values).toEqual({
      depth: '7',
      width: '33',
      activation: 'tanh',
      init: 'xavierUniform',
      gain: '1.5',
      data: 'spirals',
      optimizer: 'adam',
      lr: '0.003',
      batch: '17',
      seed: '42',
      lang: 'en',
    });
    // Keyboard only: focus the activation select, move to the next option, and the URL follows.
    await page.focus('#activation');
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('activation') === 'sigmoid');
    // Type a new depth and commit with Enter/Tab.
    await page.focus('#depth');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('12');
    await page.keyboard.press('Tab');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('depth') === '12');
    // A preset button works from the keyboard too.
    await page.focus('#preset-he');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('init') === 'kaimingNormal');
    await page.close();
  });

  it('the language switch changes the findings', async () => {
    const { page, errors } = await open('?depth=30&activation=relu&init=xavierNormal&lang=en');
    const en = await page.locator('[data-testid="findings"]').innerText();
    expect(en).toMatch(/vanished/);
    await page.selectOption('#lang', 'zh-CN');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    const zh = await page.locator('[data-testid="findings"]').innerText();
    expect(zh).not.toBe(en);
    expect(zh).toMatch(/信号已经消失/);
    expect(new URL(page.url()).searchParams.get('lang')).toBe('zh-CN');
    expect(await page.locator('label[for="depth"]').innerText()).toBe('深度（隐藏层数）');
    // The charts were rebuilt with Chinese titles and still draw the same statistics (30 layers × 41 bins).
    await page.waitForFunction(() => (window as unknown as { __playground: PageState }).__playground.rows['pre.hist'] === 30 * 41);
    const rows = (await pageState(page)).rows;
    expect(rows['act.flag']).toBe(30);
    expect(rows['stds.rows']).toBeGreaterThan(0);
    expect(rows['boundary.points']).toBe(512);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('passes axe-core (WCAG 2 A/AA): every control labelled', async () => {
    const { page } = await open('');
    const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
    await page.addScriptTag({ content: readFileSync(axePath, 'utf8') });
    const violations = await page.evaluate(async () => {
      const axe = (
        window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }
      ).axe;
      const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
      return r.violations.map((v) => `${v.id} (${v.nodes.length})`);
    });
    expect(violations).toEqual([]);
    await page.close();
  });

  it('measures the panel refresh rate while training a 30 × 256 ReLU net', async () => {
    const { page, errors } = await open('?depth=30&width=256&activation=relu&init=kaimingNormal');
    // CPU time of the page's main thread (ThreadTime) and of its whole renderer process, worker included
    // (ProcessTime), from the DevTools protocol: unlike wall-clock rates they do not depend on how many
    // other processes share the machine.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const cpu = async (): Promise<{ thread: number; process: number }> => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const get = (name: string): number => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
      return { thread: get('ThreadTime'), process: get('ProcessTime') };
    };
    await page.click('#run');
    await page.waitForFunction(() => (window as unknown as { __playground: PageState }).__playground.renders >= 2, null, {
      timeout: 20_000,
    });
    const a = await pageState(page);
    const ca = await cpu();
    const t0 = Date.now();
    await page.waitForTimeout(5000);
    const b = await pageState(page);
    const cb = await cpu();
    const seconds = (Date.now() - t0) / 1000;
    await page.click('#run');
    const renders = b.renders - a.renders;
    const frames = b.frames - a.frames;
    const fps = renders / seconds;
    const stepsPerSecond = (b.step - a.step) / seconds;
    const mainMsPerRender = ((cb.thread - ca.thread) * 1000) / Math.max(1, renders);
    const otherMsPerFrame = ((cb.process - ca.process - (cb.thread - ca.thread)) * 1000) / Math.max(1, frames);
    // With a core each, the page and the worker run side by side: the slower of the two sets the rate.
    const idleFps = 1000 / Math.max(mainMsPerRender, otherMsPerFrame);
    // Reported, not asserted against 5: a wall-clock rate depends on the machine's load (docs/playground.md
    // records the measurements); the assertion is only that panels kept refreshing during training.
    console.log(
      `playground: 30×256 ReLU, ${fps.toFixed(1)} panel refreshes/s, ${stepsPerSecond.toFixed(1)} training steps/s over ${seconds.toFixed(1)} s ` +
        `(last step with statistics ${b.stepMs.toFixed(0)} ms in the worker, last refresh ${b.renderMs.toFixed(0)} ms on the page; load average ${loadavg()[0]!.toFixed(1)}); ` +
        `CPU: ${mainMsPerRender.toFixed(0)} ms main thread per refresh, ${otherMsPerFrame.toFixed(0)} ms worker and rest per frame → ${idleFps.toFixed(1)} refreshes/s with a core each`,
    );
    expect(renders).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
