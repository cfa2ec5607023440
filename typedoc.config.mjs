// TypeDoc for every package (`npm run docs`); warnings are errors (the test command runs it).
import { OptionDefaults } from 'typedoc';

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  name: 'Seedling API reference',
  entryPointStrategy: 'packages',
  entryPoints: [
    'packages/tensor',
    'packages/autograd',
    'packages/nn',
    'packages/optim',
    'packages/data',
    'packages/train',
    'packages/seedling',
  ],
  packageOptions: {
    entryPoints: ['src/index.ts'],
    tsconfig: 'tsconfig.build.json',
    compilerOptions: { skipLibCheck: true },
    // The ONNX schema's generated code (protoc-gen-es) marks its declarations `@generated`.
    blockTags: [...OptionDefaults.blockTags, '@generated'],
    // No git remote is required to build the reference (a fresh clone may have none or a local path).
    disableSources: true,
  },
  out: 'api-docs',
  readme: 'README.md',
  treatWarningsAsErrors: true,
  includeVersion: false,
};
