import { expect, test } from 'vitest';
import * as optim from '../src/index.ts';

test('every exported optimizer and scheduler class declares its own static typeName equal to its export name', () => {
  const classes = Object.entries(optim).filter(
    ([, v]) => typeof v === 'function' && (v.prototype instanceof optim.Optimizer || v.prototype instanceof optim.LRScheduler),
  ) as [string, { typeName?: unknown }][];
  classes.push(['ReduceLROnPlateau', optim.ReduceLROnPlateau as { typeName?: unknown }]);
  expect(classes.length).toBeGreaterThan(10);
  for (const [exportName, cls] of classes) {
    expect(Object.hasOwn(cls, 'typeName'), exportName).toBe(true);
    expect(cls.typeName, exportName).toBe(exportName);
  }
});
