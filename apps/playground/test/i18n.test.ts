import { gather } from '@seedling-ml/tensor';
import { inspectInit } from '@seedling-ml/nn';
import { describe, expect, it } from 'vitest';
import { type Config, DEFAULT_CONFIG } from '../src/config.ts';
import { Session } from '../src/session.ts';

const CJK = /[\u4e00-\u9fff]/;

const configs: Partial<Config>[] = [
  { depth: 30, init: 'xavierNormal', activation: 'relu' },
  { depth: 3, init: 'zeros', activation: 'tanh' },
  { depth: 20, init: 'tutorialRecipe', activation: 'relu' },
  { depth: 6, init: 'tutorialRecipe', activation: 'tanh' },
  { depth: 6, init: 'normal', activation: 'sigmoid', initOptions: { std: 0.001 } },
  { depth: 4, init: 'kaimingNormal', activation: 'relu', lr: 5 },
];

describe('findings in both languages', () => {
  it("are inspectInit's own sentences: English by default, Chinese as inspectInit(…, { lang: 'zh-CN' }) writes them", () => {
    const kinds = new Set<string>();
    for (const patch of configs) {
      const c = { ...DEFAULT_CONFIG, width: 32, ...patch };
      const session = new Session(c);
      const setup = session.setup();
      // The same network and batch, inspected directly in Chinese.
      const n = Math.min(256, session.data.y.size);
      const idx = Array.from({ length: n }, (_, i) => i);
      const x = gather(session.data.x, idx as never, 0);
      const y = gather(session.data.y, idx as never, 0);
      const zh = inspectInit(session.model, x, { targets: y, optimizer: c.optimizer, lr: c.lr, lang: 'zh-CN' });
      expect(setup.findings.map((f) => f.kind)).toEqual(zh.findings.map((f) => f.kind));
      setup.findings.forEach((f, i) => {
        kinds.add(f.kind);
        expect(f.message['zh-CN'], f.kind).toBe(zh.findings[i]!.message);
        expect(f.message['zh-CN'], f.kind).toMatch(CJK);
        expect(f.message.en, f.kind).not.toMatch(CJK);
      });
    }
    // The set above must exercise the main kinds, or this test proves little.
    for (const k of ['vanishing', 'constantWeights', 'zeroGradients', 'saturated', 'largeUpdates']) expect(kinds).toContain(k);
  });
});
