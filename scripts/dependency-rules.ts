/**
 * The dependency arrows of docs/design.md, as data, and a checker that reads every package's sources.
 *
 *   tensor ← autograd ← { nn, optim, data } ← train ← seedling (umbrella)
 *
 * A package may import only the workspace packages listed for it here AND declared in its package.json
 * (pnpm links nothing else, so tsc and Node fail to resolve anything against the arrows as well).
 * Core packages are browser-safe: no `node:` imports, except in the files listed as node-only.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';

/** Which workspace packages each package may import. */
export const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  '@seedling-ml/tensor': [],
  '@seedling-ml/autograd': ['@seedling-ml/tensor'],
  '@seedling-ml/nn': ['@seedling-ml/autograd', '@seedling-ml/tensor'],
  '@seedling-ml/optim': ['@seedling-ml/autograd', '@seedling-ml/tensor'],
  '@seedling-ml/data': ['@seedling-ml/autograd', '@seedling-ml/tensor'],
  'seedling-ml': [
    '@seedling-ml/autograd',
    '@seedling-ml/data',
    '@seedling-ml/nn',
    '@seedling-ml/optim',
    '@seedling-ml/tensor',
    '@seedling-ml/train',
  ],
  '@seedling-ml/train': ['@seedling-ml/autograd', '@seedling-ml/data', '@seedling-ml/nn', '@seedling-ml/optim', '@seedling-ml/tensor'],
};

/** Files (relative to the repo root) allowed to import `node:*`: node-only entry points and npm data loaders. */
export const NODE_ONLY_FILES: readonly string[] = [
  'packages/seedling/src/node.ts',
  'packages/data/src/mnist.ts',
  'packages/data/src/iris.ts',
];

/** One broken rule: where, which import, and why. */
export interface Violation {
  file: string;
  specifier: string;
  reason: string;
}

const IMPORT_RE =
  /(?:^|[\s;])(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

/** The module specifiers a source file imports (static, re-export, side-effect and literal dynamic imports). */
export function importsOf(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec !== undefined) out.push(spec);
  }
  return out;
}

/** The workspace package a bare specifier names (`@seedling-ml/nn/x` → `@seedling-ml/nn`), or undefined. */
export function workspacePackageOf(specifier: string): string | undefined {
  if (specifier === 'seedling-ml' || specifier.startsWith('seedling-ml/')) return 'seedling-ml';
  const m = /^(@seedling-ml\/[^/]+)/.exec(specifier);
  return m ? m[1] : undefined;
}

/**
 * Checks one source file of package `pkg` (whose directory is `pkgDir`): every workspace import must be allowed
 * by the arrows and declared; relative imports must stay inside the package; `node:` only in node-only files.
 */
export function checkSource(
  pkg: string,
  pkgDir: string,
  file: string,
  source: string,
  declared: readonly string[],
  repoRoot: string,
): Violation[] {
  const violations: Violation[] = [];
  const allowed = ALLOWED[pkg] ?? [];
  const rel = relative(repoRoot, file).split(sep).join('/');
  for (const spec of importsOf(source)) {
    const target = workspacePackageOf(spec);
    if (target !== undefined) {
      if (target === pkg) continue;
      if (!allowed.includes(target)) {
        violations.push({
          file: rel,
          specifier: spec,
          reason: `${pkg} must not import ${target} (allowed: ${allowed.join(', ') || 'none'})`,
        });
      } else if (!declared.includes(target)) {
        violations.push({ file: rel, specifier: spec, reason: `${target} is imported but not declared in ${pkg}'s package.json` });
      }
    } else if (spec.startsWith('.')) {
      const resolved = resolve(dirname(file), spec);
      if (!resolved.startsWith(pkgDir + sep)) {
        violations.push({ file: rel, specifier: spec, reason: `relative import leaves ${pkg}; import other packages by name` });
      }
    } else if (spec.startsWith('node:') && !NODE_ONLY_FILES.includes(rel)) {
      violations.push({ file: rel, specifier: spec, reason: `${pkg} is browser-safe: node imports belong to a node-only entry` });
    }
  }
  return violations;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Checks every package under `repoRoot/packages`; returns all violations (empty when the arrows hold). */
export function checkRepository(repoRoot: string): Violation[] {
  const violations: Violation[] = [];
  const packagesDir = join(repoRoot, 'packages');
  for (const name of readdirSync(packagesDir)) {
    const pkgDir = join(packagesDir, name);
    const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as {
      name: string;
      dependencies?: Record<string, string>;
    };
    const declared = Object.keys(manifest.dependencies ?? {});
    if (!(manifest.name in ALLOWED)) {
      violations.push({
        file: `packages/${name}/package.json`,
        specifier: manifest.name,
        reason: 'package has no entry in the dependency rules',
      });
      continue;
    }
    for (const dep of declared) {
      const target = workspacePackageOf(dep);
      if (target !== undefined && !(ALLOWED[manifest.name] ?? []).includes(target)) {
        violations.push({ file: `packages/${name}/package.json`, specifier: dep, reason: `${manifest.name} must not depend on ${target}` });
      }
    }
    for (const sub of ['src', 'test']) {
      let files: string[] = [];
      try {
        files = sourceFiles(join(pkgDir, sub));
      } catch {
        continue;
      }
      for (const file of files) {
        const found = checkSource(manifest.name, pkgDir, file, readFileSync(file, 'utf8'), declared, repoRoot);
        // Tests may use node: (they run in Node); the arrows still apply to them.
        violations.push(...(sub === 'test' ? found.filter((v) => !v.specifier.startsWith('node:')) : found));
      }
    }
  }
  return violations;
}
