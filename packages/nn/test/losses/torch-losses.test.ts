/**
 * Every option combination of the losses with PyTorch counterparts, against values and input gradients printed
 * by PyTorch 2.13 in float64 (fixtures/torch-losses.json, written by scripts/golden/losses_spotcheck.py):
 * crossEntropyLoss (class indices × ignoreIndex × weight × labelSmoothing × reduction, a [N, C, d] case, and
 * probability targets), nllLoss, smoothL1Loss (β incl. 0), huberLoss, bceWithLogitsLoss (weight × posWeight)
 * and klDivLoss (logTarget × the four reductions).
 */
import { readFileSync } from 'node:fs';
import { type Tensor, tensor } from '@seedling-ml/autograd';
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.ts';

interface Case {
  fn: string;
  input: unknown;
  target: unknown;
  probabilities?: boolean;
  options: Record<string, unknown>;
  value: number | unknown[];
  grad: unknown[];
}
const { cases } = JSON.parse(readFileSync(new URL('./fixtures/torch-losses.json', import.meta.url), 'utf8')) as { cases: Case[] };
const WEIGHT = [0.3, 1.2, 2.0]; // the class weight the script uses ("weight": true)
const f64 = { dtype: 'float64' as const };

/** Seedling's call for one case: PyTorch's option names in camelCase, nulls meaning "not given". */
function call(c: Case, x: Tensor): Tensor {
  const o = Object.fromEntries(Object.entries(c.options).filter(([, v]) => v !== null && v !== false));
  const target = tensor(c.target as number[][], f64);
  switch (c.fn) {
    case 'crossEntropyLoss':
    case 'nllLoss': {
      const options = { ...o, ...(o.weight === true ? { weight: WEIGHT } : {}) };
      if (c.options.labelSmoothing === 0) delete (options as Record<string, unknown>).labelSmoothing;
      return (nn[c.fn] as (x: Tensor, t: unknown, o: object) => Tensor)(x, c.probabilities === true ? target : target.data, options);
    }
    case 'bceWithLogitsLoss':
      return nn.bceWithLogitsLoss(x, target, {
        ...o,
        ...(o.weight === undefined ? {} : { weight: tensor(o.weight as number[][], f64) }),
        ...(o.posWeight === undefined ? {} : { posWeight: tensor(o.posWeight as number[], f64) }),
      });
    case 'klDivLoss':
      return nn.klDivLoss(x, target, { ...o, logTarget: c.options.logTarget as boolean });
    default:
      return (nn as unknown as Record<string, (x: Tensor, t: Tensor, o: object) => Tensor>)[c.fn]!(x, target, o);
  }
}

const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);

describe("losses equal PyTorch's values and input gradients (float64, 1e-12 relative)", () => {
  test.each(cases.map((c, i) => [`${c.fn} ${JSON.stringify(c.options)}${c.probabilities ? ' probabilities' : ''} #${i}`, c] as const))(
    '%s',
    (_name, c) => {
      const x = tensor(c.input as number[][], { ...f64, requiresGrad: true });
      const y = call(c, x);
      y.sum().backward();
      const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
      const got = Array.from(y.data.data);
      const want = flat(c.value);
      expect(got).toHaveLength(want.length);
      got.forEach((v, i) => expect(close(v, want[i]!), `value ${i}: ${v} vs torch ${want[i]}`).toBe(true));
      const g = Array.from(x.grad!.data.data);
      flat(c.grad).forEach((w, i) => expect(close(g[i]!, w), `grad ${i}: ${g[i]} vs torch ${w}`).toBe(true));
    },
  );
});
