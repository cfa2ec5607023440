import type { Suite } from '../lib/case.ts';
import { autogradSuite } from './autograd.ts';
import { convSuite } from './conv.ts';
import { scalingSuite } from './scaling.ts';
import { tensorSuite } from './tensor.ts';
import { trainingSuite } from './training.ts';

/**
 * Every benchmark suite, in the order they run. To add one, write `suites/<name>.ts` exporting a
 * `Suite` and append it here.
 */
export const suites: readonly Suite[] = [tensorSuite, autogradSuite, trainingSuite, convSuite, scalingSuite];
