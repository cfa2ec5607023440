// Runs one example from an esbuild bundle under plain `node`:  node run.mjs <example.ts> [args…]
//
// Why not tsx: its ESM loader hooks run in a second V8 isolate and compile every source file inside the
// example's process, ≈ 60 MB of the MNIST example's peak RSS (docs/benchmarks.md, "Memory: the MNIST example").
// Plain JavaScript, so Node starts it without a TypeScript loader.
//
// The bundle holds the example and the workspace packages, compiled from their TypeScript sources (the
// `@seedling-ml/source` export condition, as under tsx); npm packages stay external, imported from where the
// module that names them would find them. Each bundled module keeps its own `import.meta.url` (the URL of its
// .ts file), so `new URL('./output/…', import.meta.url)`, `createRequire(import.meta.url)` and `isMain`
// behave as under tsx. The bundle runs in a child `node --enable-source-maps` (stack traces name the .ts
// lines) with this process's stdio; its exit code, or its signal, becomes this process's.
import { spawn } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const USAGE = 'usage: node run.mjs <example.ts> [arguments for the example…]   (in examples/)';
const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..');
/** Workspace packages: bundled from source. Everything else that is not a relative path is an npm package. */
const WORKSPACE = /^(@seedling-ml\/|seedling-ml(\/|$))/;
/** The `import.meta` fields given a per-module value, and the module-scope constants that carry it. */
const META = { url: '__seedlingModuleUrl', filename: '__seedlingModuleFilename', dirname: '__seedlingModuleDirname' };
const RESOLVING = Symbol('external-npm');

/**
 * esbuild gives every module of a bundle the bundle's own `import.meta`. This plugin prepends, on the
 * first line (so source-map line numbers stay right), constants with the module's own URL/path;
 * `define` points `import.meta.url` etc. at them, and esbuild binds that name to each module's constant.
 */
const moduleMeta = {
  name: 'module-import-meta',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
      if (!args.path.startsWith(repoRoot) || args.path.split(sep).includes('node_modules')) return undefined;
      let text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta')) return undefined;
      const values = { url: pathToFileURL(args.path).href, filename: args.path, dirname: dirname(args.path) };
      const decls = Object.entries(META)
        .map(([field, name]) => `const ${name} = ${JSON.stringify(values[field])};`)
        .join(' ');
      // A shebang must stay the first line; the constants go right after it.
      const shebang = text.startsWith('#!') ? text.slice(0, text.indexOf('\n') + 1) : '';
      text = `${shebang}${decls} ${text.slice(shebang.length)}`;
      const ext = extname(args.path).replace(/^\.[cm]?/, '');
      return { contents: text, loader: ext };
    });
  },
};

/**
 * Leaves npm packages out of the bundle. The bundle's folder may not see a package that a workspace
 * package depends on (pnpm links each package's dependencies beside it), so the import is rewritten to
 * the file URL that esbuild resolves from the importing module, with Node's conditions.
 */
const externalNpm = {
  name: 'external-npm',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === RESOLVING || WORKSPACE.test(args.path) || args.path.startsWith('node:')) return undefined;
      const found = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: RESOLVING,
      });
      if (found.errors.length > 0) return { errors: found.errors };
      if (found.external) return { path: found.path, external: true }; // a Node builtin
      return { path: pathToFileURL(found.path).href, external: true };
    });
  },
};

/** Bundles `entry` into examples/.bundle/<name>.mjs; returns its path. */
async function bundle(entry) {
  const outDir = join(here, '.bundle');
  const outFile = join(outDir, `${basename(entry, extname(entry))}.mjs`);
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    conditions: ['@seedling-ml/source'],
    define: Object.fromEntries(Object.entries(META).map(([field, name]) => [`import.meta.${field}`, name])),
    // `isMain` compares the entry module's URL with process.argv[1]: make argv[1] the example, as under tsx.
    banner: { js: `process.argv[1] = ${JSON.stringify(entry)};` },
    sourcemap: 'inline',
    sourcesContent: false,
    plugins: [moduleMeta, externalNpm],
    logLevel: 'error',
    outfile: outFile,
  });
  mkdirSync(outDir, { recursive: true });
  // Written beside and renamed, so two runs of the same example never read a half-written bundle.
  const temporary = `${outFile}.${process.pid}.tmp`;
  writeFileSync(temporary, result.outputFiles[0].contents);
  renameSync(temporary, outFile);
  return outFile;
}

const [target, ...rest] = process.argv.slice(2);
if (target === undefined || target === '--help' || target === '-h') {
  (target === undefined ? console.error : console.log)(USAGE);
  process.exit(target === undefined ? 2 : 0);
}
const entry = resolve(target);
let outFile;
try {
  outFile = await bundle(entry);
} catch (e) {
  // esbuild has printed the build errors (logLevel 'error'); anything else is shown here.
  if (!(e instanceof Error && 'errors' in e)) console.error(e);
  process.exit(1);
} finally {
  // The build service is a separate esbuild process: stop it rather than keep it alive beside the example.
  await esbuild.stop();
}

const child = spawn(process.execPath, ['--enable-source-maps', outFile, ...rest], { stdio: 'inherit' });
// Ctrl-C reaches the child too (same process group): let it decide how to stop, then report how it did.
// A SIGTERM sent to this process alone is passed on.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => {
  if (signal !== null) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
    return;
  }
  process.exitCode = code ?? 1;
});
child.on('error', (e) => {
  console.error(e);
  process.exitCode = 1;
});
