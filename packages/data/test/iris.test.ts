import { describe, expect, test } from 'vitest';
import { loadIris } from '../src/iris.ts';

describe('loadIris', () => {
  test('150 flowers, 4 features, 50 of each species', () => {
    const { x, y, classNames, featureNames } = loadIris();
    expect(x.shape).toEqual([150, 4]);
    expect(y.shape).toEqual([150]);
    expect(classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(featureNames).toHaveLength(4);
    const counts = [0, 0, 0];
    for (const c of y.data) counts[c]!++;
    expect(counts).toEqual([50, 50, 50]);
    // Fisher's first flower: 5.1, 3.5, 1.4, 0.2 (setosa).
    expect(Array.from(loadIris({ dtype: 'float64' }).x.data.subarray(0, 4))).toEqual([5.1, 3.5, 1.4, 0.2]);
    expect(y.data[0]).toBe(0);
  });
});
