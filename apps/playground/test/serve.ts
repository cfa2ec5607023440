/** Builds the playground with Vite into a temporary folder and serves it on 127.0.0.1 (random port). */
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const APP = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** A served build: its base URL (the site lives in a sub-folder, to prove relative paths) and a stop function. */
export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Builds the app (production mode) into a fresh temp folder and serves it under /sub/dir/. */
export async function buildAndServe(): Promise<Served> {
  const out = mkdtempSync(join(tmpdir(), 'playground-'));
  await build({ configFile: join(APP, 'vite.config.ts'), logLevel: 'error', build: { outDir: out, emptyOutDir: true } });
  const prefix = '/sub/dir/';
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(prefix)) {
      res.writeHead(404).end();
      return;
    }
    let file = normalize(join(out, path.slice(prefix.length)));
    if (!file.startsWith(out)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        rmSync(out, { recursive: true, force: true });
      }),
  };
}
