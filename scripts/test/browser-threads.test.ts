/**
 * The GEMM worker pool in a real browser (headless Chromium): @seedling-ml/tensor bundled by esbuild for the
 * browser, served once with the headers that make a page cross-origin isolated (COOP same-origin + COEP
 * require-corp) and once without. In a Web Worker of the isolated page, `setNumThreads(3)` starts two nested
 * Web Workers from a Blob URL, they compute panels, and the product is bit-identical to one thread's. On the
 * page's main thread (where `Atomics.wait` may not block) and on the page that is not isolated, products run on
 * one thread, with the same bits and no error. Reductions (their pool threshold lowered to 0) likewise: split over
 * the workers in the isolated page's worker, one thread elsewhere, the same bits everywhere. And `dispose()` in the
 * page and its worker: Chromium detaches with `ArrayBuffer.prototype.transfer` (Node 20 with structuredClone).
 */
import { type Server, createServer } from 'node:http';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../browser/chromium.ts';

const root = resolve(import.meta.dirname, '../..');

/** Runs in the page and in its worker: one product on 1 thread, then on 3 once the pool's workers are up. */
const entry = `
import { DisposedError, add, fromData, getBufferPoolStatus, matmul, setNumThreads, sum, max } from './src/index.ts';
import { threadPoolStatus } from './src/kernels/gemm-f32-threads.ts';
import { reduceThreadMin, setReduceThreadMin } from './src/kernels/reduce-f32-simd.ts';

function filled(n, seed) {
  const x = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = s / 2 ** 31 - 1;
  }
  return x;
}

export async function run() {
  // 256·300·256 = 19.7 M multiply-adds: above the threads threshold.
  const a = fromData(filled(256 * 300, 1), [256, 300]);
  const b = fromData(filled(300 * 256, 2), [300, 256]);
  setNumThreads(1);
  const one = new Uint32Array(matmul(a, b).data.buffer);
  setNumThreads(3);
  matmul(a, b);
  // Workers can only exist in a worker of an isolated page; elsewhere there is nothing to wait for.
  const start = Date.now();
  const expectPool = globalThis.crossOriginIsolated === true && typeof document === 'undefined';
  while (expectPool && threadPoolStatus().readyWorkers < 2 && Date.now() - start < 10000) await new Promise((r) => setTimeout(r, 20));
  let identical = true;
  for (let rep = 0; rep < 5; rep++) {
    const bits = new Uint32Array(matmul(a, b).data.buffer);
    identical &&= bits.every((v, i) => v === one[i]);
  }
  // Reductions on the pool (its threshold lowered to 0 for this moderate size): rows, columns, one long run.
  const x = fromData(filled(700 * 300, 3), [700, 300]);
  const reductions = () => [sum(x, { axis: 1 }), sum(x, { axis: 0 }), max(x, { axis: 0 }), sum(x)].map((r) => new Uint32Array(r.data.buffer));
  setNumThreads(1);
  const oneReduced = reductions();
  setNumThreads(3);
  const threadMin = reduceThreadMin();
  setReduceThreadMin(0);
  const panelsBefore = threadPoolStatus().workerPanels;
  // Which thread claims a panel is a race (a worker asleep since the products may wake after this thread has
  // taken every panel), so repeat until a worker has taken some, comparing the bits every time.
  let reduceIdentical = true;
  let reducePanels = 0;
  for (let rep = 0; rep < 50 && (rep < 3 || reducePanels === 0); rep++) {
    const reduced = reductions();
    reduceIdentical &&= reduced.every((bits, k) => bits.every((v, i) => v === oneReduced[k][i]));
    reducePanels = threadPoolStatus().workerPanels - panelsBefore;
  }
  setReduceThreadMin(threadMin);
  return { identical, reduceIdentical, reducePanels, dispose: disposeCheck(), isolated: globalThis.crossOriginIsolated === true, ...threadPoolStatus() };
}

/** NDArray.dispose() in this engine (ArrayBuffer.prototype.transfer where Node 20 uses structuredClone). */
function disposeCheck() {
  const p = fromData(filled(4096, 4), [4096]);
  const q = fromData(filled(4096, 5), [4096]);
  const first = add(p, q);
  const kept = first.data;
  first.dispose();
  const pooled = getBufferPoolStatus().buffers;
  const second = add(p, q);
  let refused = false;
  try {
    sum(first);
  } catch (e) {
    refused = e instanceof DisposedError;
  }
  const right = second.data.every((v, i) => v === Math.fround(p.data[i] + q.data[i]));
  return { pooled, taken: getBufferPoolStatus().buffers === 0, detached: kept.length === 0, right, refused };
}
`;

const page = `<!doctype html><meta charset="utf-8"><title>threads</title><pre id="result"></pre>
<script type="module">
import { run } from './bundle.js';
const show = (value) => { document.getElementById('result').textContent = JSON.stringify(value); };
try {
  const main = await run();
  const worker = new Worker('./worker.js', { type: 'module' });
  worker.onmessage = (e) => show({ main, worker: e.data });
  worker.onerror = (e) => show({ error: 'worker: ' + e.message });
} catch (e) {
  show({ error: String((e && e.stack) || e) });
}
</script>
`;

const workerScript = `import { run } from './bundle.js';
run().then((r) => postMessage(r), (e) => postMessage({ error: String((e && e.stack) || e) }));
`;

let bundle = '';
const servers: Server[] = [];

beforeAll(async () => {
  const out = await build({
    stdin: { contents: entry, resolveDir: resolve(root, 'packages/tensor'), loader: 'js' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  bundle = out.outputFiles[0]!.text;
}, 60_000);

afterAll(() => {
  for (const s of servers) s.close();
});

/** Serves the page, its worker and the bundle, with the isolation headers or without. */
function serve(isolated: boolean): Promise<number> {
  const files: Record<string, [string, string]> = {
    '/index.html': ['text/html', page],
    '/worker.js': ['text/javascript', workerScript],
    '/bundle.js': ['text/javascript', bundle],
  };
  const server = createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://x').pathname];
    if (file === undefined) {
      res.writeHead(404).end();
      return;
    }
    const headers: Record<string, string> = { 'content-type': file[0] };
    if (isolated) {
      headers['cross-origin-opener-policy'] = 'same-origin';
      headers['cross-origin-embedder-policy'] = 'require-corp';
    }
    res.writeHead(200, headers).end(file[1]);
  });
  servers.push(server);
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      done(typeof address === 'object' && address !== null ? address.port : 0);
    }),
  );
}

interface RunResult {
  error?: string;
  identical: boolean;
  reduceIdentical: boolean;
  reducePanels: number;
  dispose: { pooled: number; taken: boolean; detached: boolean; right: boolean; refused: boolean };
  isolated: boolean;
  threads: number;
  readyWorkers: number;
  workerPanels: number;
  broken: boolean;
}

async function load(isolated: boolean): Promise<{ error?: string; main: RunResult; worker: RunResult }> {
  const port = await serve(isolated);
  const browser = await launchChromium();
  try {
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (e) => errors.push(e.message));
    await tab.goto(`http://127.0.0.1:${port}/index.html`);
    await tab.waitForFunction(() => (document.getElementById('result')?.textContent ?? '') !== '', null, { timeout: 60_000 });
    expect(errors).toEqual([]);
    return JSON.parse((await tab.textContent('#result')) ?? '{}');
  } finally {
    await browser.close();
  }
}

describe('GEMM threads in Chromium', () => {
  test('cross-origin-isolated page: a Web Worker runs products on 3 threads (nested Blob-URL workers), same bits as 1', async () => {
    const result = await load(true);
    expect(result.error).toBeUndefined();
    expect(result.worker).toMatchObject({
      identical: true,
      reduceIdentical: true,
      isolated: true,
      threads: 3,
      readyWorkers: 2,
      broken: false,
    });
    expect(result.worker.workerPanels).toBeGreaterThan(0);
    // The workers ran reduction panels too (their kernels instantiated from the Blob-URL worker's source).
    expect(result.worker.reducePanels).toBeGreaterThan(0);
    // The page's main thread may not block in Atomics.wait: one thread, no pool, same bits.
    expect(result.main).toMatchObject({
      identical: true,
      reduceIdentical: true,
      isolated: true,
      threads: 3,
      readyWorkers: 0,
      workerPanels: 0,
      broken: false,
    });
  }, 120_000);

  test('page that is not cross-origin isolated: one thread everywhere, same bits, no error', async () => {
    const result = await load(false);
    expect(result.error).toBeUndefined();
    for (const where of ['main', 'worker'] as const) {
      expect(result[where], where).toMatchObject({
        identical: true,
        reduceIdentical: true,
        isolated: false,
        readyWorkers: 0,
        workerPanels: 0,
        broken: false,
      });
    }
  }, 120_000);

  test('dispose() recycles a result in the page and in its worker: detached, reused, refused afterwards', async () => {
    const result = await load(false);
    expect(result.error).toBeUndefined();
    const expected = { pooled: 1, taken: true, detached: true, right: true, refused: true };
    expect(result.main.dispose, 'main').toEqual(expected);
    expect(result.worker.dispose, 'worker').toEqual(expected);
  }, 120_000);
});
