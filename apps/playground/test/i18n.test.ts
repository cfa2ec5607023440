import { describe, expect, it } from 'vitest';
import { type Config, DEFAULT_CONFIG } from '../src/config.ts';
import { findingZh } from '../src/i18n.ts';
import { Session } from '../src/session.ts';

const CJK = /[\u4e00-\u9fff]/;

describe('Chinese findings', () => {
  it('every finding of several broken initializations is translated (none falls back to English)', () => {
    const configs: Partial<Config>[] = [
      { depth: 30, init: 'xavierNormal', activation: 'relu' },
      { depth: 3, init: 'zeros', activation: 'tanh' },
      { depth: 20, init: 'tutorialRecipe', activation: 'relu' },
      { depth: 6, init: 'tutorialRecipe', activation: 'tanh' },
      { depth: 6, init: 'normal', activation: 'sigmoid', initOptions: { std: 0.001 } },
      { depth: 4, init: 'kaimingNormal', activation: 'relu', lr: 5 },
    ];
    const kinds = new Set<string>();
    for (const patch of configs) {
      const c = { ...DEFAULT_CONFIG, width: 32, ...patch };
      const setup = new Session(c).setup();
      for (const f of setup.findings) {
        kinds.add(f.kind);
        const zh = findingZh(f, setup, c.activation);
        expect(zh, f.kind).not.toBe(f.message);
        expect(zh, f.kind).toMatch(CJK);
        expect(zh, f.kind).not.toMatch(/undefined|NaN/);
      }
    }
    // The set above must exercise the main kinds, or this test proves little.
    for (const k of ['vanishing', 'constantWeights', 'zeroGradients', 'saturated', 'largeUpdates']) expect(kinds).toContain(k);
  });
});

describe('ranges', () => {
  it('joins consecutive layers', async () => {
    const { ranges } = await import('../src/i18n.ts');
    expect(ranges([1, 2, 3, 7, 9, 10])).toBe('1–3、7、9–10');
    expect(ranges([4])).toBe('4');
    expect(ranges([])).toBe('');
  });
});
