import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { checkRepository, checkSource, importsOf } from '../dependency-rules.ts';

const root = resolve(import.meta.dirname, '../..');

describe('dependency direction (docs/design.md: tensor ← autograd ← {nn, optim} ← seedling)', () => {
  test('the repository follows the arrows', () => {
    expect(checkRepository(root)).toEqual([]);
  });

  test('the checker flags tensor importing autograd', () => {
    const pkgDir = join(root, 'packages/tensor');
    const file = join(pkgDir, 'src/probe.ts');
    const found = checkSource('@seedling-ml/tensor', pkgDir, file, "import { Tensor } from '@seedling-ml/autograd';\n", [], root);
    expect(found).toHaveLength(1);
    expect(found[0]!.reason).toBe('@seedling-ml/tensor must not import @seedling-ml/autograd (allowed: none)');
  });

  test('the checker flags nn importing optim, reaching into another src, and node: in core', () => {
    const pkgDir = join(root, 'packages/nn');
    const file = join(pkgDir, 'src/probe.ts');
    const src = [
      "import { SGD } from '@seedling-ml/optim';",
      "import { x } from '../../tensor/src/ndarray.ts';",
      "import { readFileSync } from 'node:fs';",
      "export { y } from './ok.ts';",
    ].join('\n');
    const reasons = checkSource('@seedling-ml/nn', pkgDir, file, src, ['@seedling-ml/autograd', '@seedling-ml/tensor'], root).map(
      (v) => v.reason,
    );
    expect(reasons).toEqual([
      '@seedling-ml/nn must not import @seedling-ml/optim (allowed: @seedling-ml/autograd, @seedling-ml/tensor)',
      'relative import leaves @seedling-ml/nn; import other packages by name',
      '@seedling-ml/nn is browser-safe: node imports belong to a node-only entry',
    ]);
  });

  test('importsOf finds static, re-export, side-effect and dynamic imports', () => {
    const src = "import a from 'a';\nimport type { B } from 'b';\nexport * from './c.ts';\nimport 'd';\nconst e = await import('e');\n";
    expect(importsOf(src)).toEqual(['a', 'b', './c.ts', 'd', 'e']);
  });

  test('TypeScript cannot resolve an import against the arrows (pnpm links only declared deps)', () => {
    const { config } = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
    const resolveFrom = (pkg: string, spec: string) =>
      ts.resolveModuleName(spec, join(root, 'packages', pkg, 'src/index.ts'), options, ts.sys).resolvedModule;
    expect(resolveFrom('tensor', '@seedling-ml/autograd')).toBeUndefined();
    expect(resolveFrom('autograd', '@seedling-ml/nn')).toBeUndefined();
    expect(resolveFrom('nn', '@seedling-ml/optim')).toBeUndefined();
    expect(resolveFrom('optim', '@seedling-ml/nn')).toBeUndefined();
    // Positive control: along the arrows it resolves, to the source entry.
    expect(resolveFrom('autograd', '@seedling-ml/tensor')?.resolvedFileName).toBe(join(root, 'packages/tensor/src/index.ts'));
  });

  test('Node cannot resolve an import against the arrows either', () => {
    // In a plain child Node process: the test runner's own module hooks must not take part in the resolution.
    const resolveFrom = (pkg: string, spec: string): string => {
      const code = `try { console.log(require('node:module').createRequire(process.argv[1]).resolve(process.argv[2])) } catch (e) { console.log(e.code) }`;
      // With the in-repo source condition, as tests and examples run (the default condition is the built dist/).
      return execFileSync(
        process.execPath,
        ['--conditions=@seedling-ml/source', '-e', code, join(root, 'packages', pkg, 'package.json'), spec],
        { encoding: 'utf8' },
      ).trim();
    };
    expect(resolveFrom('tensor', '@seedling-ml/autograd')).toBe('MODULE_NOT_FOUND');
    expect(resolveFrom('autograd', '@seedling-ml/tensor')).toBe(join(root, 'packages/tensor/src/index.ts'));
  });
});
