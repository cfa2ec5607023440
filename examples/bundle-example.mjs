// Bundles one example for plain `node`:  node bundle-example.mjs <example.ts>  prints the bundle's path.
// run.mjs runs it in a process of its own, so that esbuild's JS API (≈ 15 MB of RSS once loaded) is gone
// before the example starts.
//
// The bundle holds the example and the workspace packages, compiled from their TypeScript sources (the
// `@seedling-ml/source` export condition, as under tsx); npm packages stay external, imported from where the
// module that names them would find them. Each bundled module keeps its own `import.meta.url`, `.filename`
// and `.dirname` (those of its .ts file; other `import.meta` fields are the bundle's), so
// `new URL('./output/…', import.meta.url)`, `createRequire(import.meta.url)` and `isMain` behave as under tsx.
// The source map is inline, so `node --enable-source-maps` names the .ts lines in stack traces.
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const USAGE = 'usage: node bundle-example.mjs <example.ts>   (in examples/; prints the path of the bundle)';
const here = dirname(fileURLToPath(import.meta.url));
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

/**
 * Where the bundle of `entry` goes: examples/.bundle/ mirrors the folders of examples/ (two examples with the
 * same file name must not share a bundle); a file elsewhere goes under a hash of its path.
 */
function bundlePath(entry) {
  const inside = relative(here, entry);
  const name =
    inside.startsWith('..') || isAbsolute(inside)
      ? join('other', `${createHash('sha256').update(entry).digest('hex').slice(0, 12)}-${basename(entry)}`)
      : inside;
  return join(here, '.bundle', `${name.slice(0, name.length - extname(name).length)}.mjs`);
}

/** Bundles `entry` (an absolute path); returns the bundle's path. */
async function bundle(entry) {
  const outFile = bundlePath(entry);
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
  mkdirSync(dirname(outFile), { recursive: true });
  // Written beside and renamed, so two runs of the same example never read a half-written bundle.
  const temporary = `${outFile}.${process.pid}.tmp`;
  writeFileSync(temporary, result.outputFiles[0].contents);
  renameSync(temporary, outFile);
  return outFile;
}

const [target, ...extra] = process.argv.slice(2);
if (target === undefined || extra.length > 0 || target === '--help' || target === '-h') {
  (target === '--help' || target === '-h' ? console.log : console.error)(USAGE);
  process.exit(target === '--help' || target === '-h' ? 0 : 2);
}
try {
  console.log(await bundle(resolve(target)));
} catch (e) {
  // esbuild has printed the build errors (logLevel 'error'); anything else is shown here.
  if (!(e instanceof Error && 'errors' in e)) console.error(e);
  process.exitCode = 1;
} finally {
  // The build service is a separate esbuild process: stop it so that this one can exit.
  await esbuild.stop();
}
