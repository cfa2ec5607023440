import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  Adagrad,
  Adam,
  ChainedScheduler,
  CosineAnnealingLR,
  ExponentialLR,
  LambdaLR,
  LinearLR,
  LinearWarmup,
  type LRScheduler,
  MultiStepLR,
  OneCycleLR,
  ReduceLROnPlateau,
  SGD,
  SequentialLR,
  StepLR,
} from '../src/index.ts';
import { expectClose, param } from './helpers.ts';

/** An SGD optimizer with one group per base lr. */
function sgd(...lrs: number[]): SGD {
  return new SGD(
    lrs.map((lr) => ({ params: [param([0])], lr })),
    { momentum: 0.9 },
  );
}

/** The lr the scheduler writes into group `g` at epochs 0 … n−1 (stepping between reads). */
function trace(opt: SGD, sched: LRScheduler, n: number, g = 0): number[] {
  const out: number[] = [];
  for (let e = 0; e < n; e++) {
    if (e > 0) sched.step();
    out.push(opt.getLr(g));
    expect(sched.getLastLr()[g]).toBe(opt.getLr(g));
  }
  return out;
}

describe('epoch schedules match their closed forms step by step', () => {
  test('StepLR', () => {
    const opt = sgd(1);
    expect(trace(opt, new StepLR(opt, { stepSize: 2, gamma: 0.5 }), 7)).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25, 0.125]);
    const opt2 = sgd(0.3);
    const got = trace(opt2, new StepLR(opt2, { stepSize: 3 }), 10);
    expectClose(
      got,
      got.map((_, e) => 0.3 * 0.1 ** Math.floor(e / 3)),
      1e-15,
    );
  });

  test('MultiStepLR', () => {
    const opt = sgd(1);
    expectClose(trace(opt, new MultiStepLR(opt, { milestones: [4, 2], gamma: 0.1 }), 6), [1, 1, 0.1, 0.1, 0.01, 0.01], 1e-15);
    const opt2 = sgd(1);
    // A repeated milestone decays twice (PyTorch counts milestones).
    expectClose(trace(opt2, new MultiStepLR(opt2, { milestones: [1, 1], gamma: 0.5 }), 3), [1, 0.25, 0.25], 1e-15);
  });

  test('ExponentialLR', () => {
    const opt = sgd(2);
    expectClose(trace(opt, new ExponentialLR(opt, { gamma: 0.5 }), 5), [2, 1, 0.5, 0.25, 0.125], 1e-15);
  });

  test("CosineAnnealingLR equals the closed form and PyTorch's recursive form", () => {
    const opt = sgd(0.1);
    const T = 5;
    const etaMin = 0.01;
    const got = trace(opt, new CosineAnnealingLR(opt, { tMax: T, etaMin }), 16);
    const closed = got.map((_, e) => etaMin + ((0.1 - etaMin) * (1 + Math.cos((Math.PI * e) / T))) / 2);
    expectClose(got, closed, 1e-13);
    // PyTorch's chainable recursion, an independent derivation of the same curve.
    const rec = [0.1];
    for (let e = 1; e < 16; e++) {
      const lr = rec[e - 1]!;
      if ((e - 1 - T) % (2 * T) === 0) rec.push(lr + ((0.1 - etaMin) * (1 - Math.cos(Math.PI / T))) / 2);
      else rec.push(((1 + Math.cos((Math.PI * e) / T)) / (1 + Math.cos((Math.PI * (e - 1)) / T))) * (lr - etaMin) + etaMin);
    }
    expectClose(got, rec, 1e-10);
    expect(got[T]).toBeCloseTo(etaMin, 15);
  });

  test("LinearLR (warm-up) equals the closed form and PyTorch's recursive form", () => {
    const opt = sgd(1);
    expectClose(trace(opt, new LinearLR(opt, { startFactor: 0.25, totalIters: 3 }), 5), [0.25, 0.5, 0.75, 1, 1], 1e-15);
    const opt2 = sgd(0.2);
    const [s, f, T] = [0.1, 0.6, 4];
    const got = trace(opt2, new LinearLR(opt2, { startFactor: s, endFactor: f, totalIters: T }), 8);
    const rec = [0.2 * s];
    for (let e = 1; e < 8; e++) rec.push(e > T ? rec[e - 1]! : rec[e - 1]! * (1 + (f - s) / (T * s + (e - 1) * (f - s))));
    expectClose(got, rec, 1e-13);
    const opt3 = sgd(1);
    new LinearLR(opt3);
    expect(opt3.getLr()).toBeCloseTo(1 / 3, 15); // default startFactor 1/3
  });

  test('LinearWarmup: base·min(1, (e+1)/W), then flat; W must be a positive integer', () => {
    const opt = sgd(2);
    const sched = new LinearWarmup(opt, { warmupSteps: 4 });
    // Written out by hand: 2·1/4, 2·2/4, 2·3/4, 2, 2, 2.
    expectClose(trace(opt, sched, 6, 0), [0.5, 1, 1.5, 2, 2, 2], 1e-15);
    expect(() => new LinearWarmup(sgd(1), { warmupSteps: 0 })).toThrow(/LinearWarmup: .*warmupSteps/);
  });

  test('LambdaLR, one function or one per group', () => {
    const opt = sgd(1, 10);
    const sched = new LambdaLR(opt, { lrLambda: [(e) => 1 / (1 + e), (e) => 0.5 ** e] });
    expectClose(trace(opt, sched, 4, 0), [1, 1 / 2, 1 / 3, 1 / 4], 1e-15);
    expectClose([opt.getLr(1)], [10 * 0.5 ** 3], 1e-15);
    const bad = sgd(1);
    expect(() => new LambdaLR(bad, { lrLambda: () => -1 })).toThrow(
      'LambdaLR: lrLambda of group 0 returned -1 at epoch 0 (valid: a finite number ≥ 0)',
    );
  });

  test('OneCycleLR: hand-computed points of the two-phase cosine cycle, and momentum', () => {
    const opt = sgd(123);
    const sched = new OneCycleLR(opt, { maxLr: 1, totalSteps: 10 });
    // initial 1/25 = 0.04; phase 1 ends at 0.3·10 − 1 = 2, phase 2 at 9; min = 0.04/1e4 = 4e-6.
    const lrs = trace(opt, sched, 10);
    expectClose([lrs[0]!, lrs[1]!, lrs[2]!, lrs[9]!], [0.04, 1 + (0.04 - 1) / 2, 1, 4e-6], 1e-14);
    // Step 5 is 3/7 into phase 2: min + (max − min)/2·(1 + cos(3π/7)).
    expectClose([lrs[5]!], [4e-6 + ((1 - 4e-6) / 2) * (1 + Math.cos((3 * Math.PI) / 7))], 1e-14);
    // Momentum mirrors the rate: 0.95 at the ends, 0.85 at the peak.
    expectClose([opt.paramGroups[0]!.momentum], [0.95], 1e-15);
    sched.step(); // step 10 = totalSteps is still allowed (PyTorch's bound)
    expect(() => sched.step()).toThrow('OneCycleLR: tried to step 11 times, but totalSteps is 10');
    expect(sched.lastEpoch).toBe(10);
  });

  test('OneCycleLR: linear, three-phase, Adam betas, validation', () => {
    const opt = sgd(1);
    const sched = new OneCycleLR(opt, {
      maxLr: 1,
      totalSteps: 10,
      annealStrategy: 'linear',
      threePhase: true,
      cycleMomentum: false,
      divFactor: 10,
      finalDivFactor: 10,
    });
    // Phases end at 2, 4, 9: 0.1 → 1 → 0.1 → 0.01, linearly.
    expectClose(trace(opt, sched, 10), [0.1, 0.55, 1, 0.55, 0.1, 0.082, 0.064, 0.046, 0.028, 0.01], 1e-14);
    expect(opt.paramGroups[0]!.momentum).toBe(0.9); // untouched without cycleMomentum

    const adam = new Adam([param([0])], { lr: 1 });
    const s2 = new OneCycleLR(adam, { maxLr: 0.5, totalSteps: 10 });
    expect(adam.paramGroups[0]!.betas).toEqual([0.95, 0.999]);
    s2.step();
    s2.step();
    expectClose([adam.paramGroups[0]!.betas[0]], [0.85], 1e-15);
    expect(() => new OneCycleLR(new Adagrad([param([0])]), { maxLr: 1, totalSteps: 10 })).toThrow(
      'OneCycleLR: cycleMomentum needs an optimizer with momentum or betas',
    );
    expect(() => new OneCycleLR(sgd(1), { maxLr: 1 })).toThrow('OneCycleLR: give totalSteps, or epochs and stepsPerEpoch');
    expect(() => new OneCycleLR(sgd(1), { maxLr: 1, totalSteps: 10, pctStart: 1.5 })).toThrow(
      'OneCycleLR: invalid pctStart: 1.5 (valid range: [0, 1])',
    );
  });

  test('validation names the value and the range', () => {
    expect(() => new StepLR(sgd(1), { stepSize: 0 })).toThrow('StepLR: invalid stepSize: 0 (valid: an integer ≥ 1)');
    expect(() => new ExponentialLR(sgd(1), { gamma: -1 })).toThrow('ExponentialLR: invalid gamma: -1 (valid range: gamma ≥ 0)');
    expect(() => new LinearLR(sgd(1), { startFactor: 0 })).toThrow('LinearLR: invalid startFactor: 0 (valid range: (0, 1])');
    expect(() => new CosineAnnealingLR(sgd(1), { tMax: 2.5 })).toThrow('CosineAnnealingLR: invalid tMax: 2.5');
    expect(() => new MultiStepLR(sgd(1), { milestones: [-1] })).toThrow('MultiStepLR: invalid milestones: [-1] (valid: integers ≥ 0)');
  });
});

describe('composition', () => {
  test('SequentialLR: warm-up then decay, each schedule counted from its own start', () => {
    const opt = sgd(1);
    const warm = new LinearLR(opt, { startFactor: 0.1, totalIters: 2 });
    const decay = new ExponentialLR(opt, { gamma: 0.5 });
    const seq = new SequentialLR(opt, { schedulers: [warm, decay], milestones: [2] });
    expectClose(trace(opt, seq, 6), [0.1, 0.55, 1, 0.5, 0.25, 0.125], 1e-15);
    expect(() => new SequentialLR(opt, { schedulers: [warm, decay], milestones: [] })).toThrow(
      'SequentialLR: invalid milestones: [] (valid: 1 strictly increasing integers ≥ 1)',
    );
    expect(() => new SequentialLR(sgd(1), { schedulers: [warm], milestones: [] })).toThrow(
      'every scheduler must belong to the same optimizer',
    );
  });

  test('ChainedScheduler multiplies the factors', () => {
    const opt = sgd(1, 2);
    const warm = new LinearLR(opt, { startFactor: 0.5, totalIters: 2 });
    const decay = new ExponentialLR(opt, { gamma: 0.9 });
    const chain = new ChainedScheduler([warm, decay]);
    expectClose(trace(opt, chain, 4, 0), [0.5, 0.75 * 0.9, 0.81, 0.729], 1e-15);
    expectClose([opt.getLr(1)], [2 * 0.729], 1e-15);
  });

  test('base rates come from initialLr, shared by every scheduler and saved with the optimizer', () => {
    const opt = sgd(0.4);
    new StepLR(opt, { stepSize: 1, gamma: 0.5 }).step(); // lr now 0.2
    const second = new ExponentialLR(opt, { gamma: 1 });
    expect(second.baseLrs).toEqual([0.4]);
    expect(opt.stateDict().paramGroups[0]!.initialLr).toBe(0.4);
  });
});

describe('scheduler state', () => {
  test('stateDict round-trip resumes the schedule', () => {
    const run = (resumeAt: number | null): number[] => {
      let opt = sgd(0.1);
      let sched: LRScheduler = new CosineAnnealingLR(opt, { tMax: 10, etaMin: 0.001 });
      const out: number[] = [];
      for (let e = 1; e <= 8; e++) {
        sched.step();
        out.push(opt.getLr());
        if (e === resumeAt) {
          const optState = opt.stateDict();
          const schedState = JSON.parse(JSON.stringify(sched.stateDict()));
          opt = sgd(5);
          opt.loadStateDict(optState);
          sched = new CosineAnnealingLR(opt, { tMax: 10, etaMin: 0.001 });
          sched.loadStateDict(schedState);
        }
      }
      return out;
    };
    expect(run(3)).toEqual(run(null));
  });

  test('loadStateDict refuses bad state and changes nothing', () => {
    const opt = sgd(1);
    const sched = new StepLR(opt, { stepSize: 1, gamma: 0.5 });
    sched.step();
    expect(() => sched.loadStateDict({ lastEpoch: -1, baseLrs: [1] })).toThrow('StepLR.loadStateDict: invalid lastEpoch: -1');
    expect(() => sched.loadStateDict({ lastEpoch: 1, baseLrs: [1, 2] })).toThrow('StepLR.loadStateDict: baseLrs must be 1 finite numbers');
    expect(sched.lastEpoch).toBe(1);
    expect(opt.getLr()).toBe(0.5);
  });
});

describe('ReduceLROnPlateau', () => {
  test('reduces after more than `patience` bad epochs, then cools down', () => {
    const opt = sgd(1);
    const plateau = new ReduceLROnPlateau(opt, { patience: 1, factor: 0.5, cooldown: 1 });
    const lrs: number[] = [];
    // epoch:   1 (best)  2 (bad 1)  3 (bad 2 → ×0.5, cooldown 1)  4 (cooldown: bad reset)  5 (bad 1)  6 (bad 2 → ×0.5)
    for (const m of [1, 1, 1, 1, 1, 1]) {
      plateau.step(m);
      lrs.push(opt.getLr());
    }
    expect(lrs).toEqual([1, 1, 0.5, 0.5, 0.5, 0.25]);
  });

  test('threshold modes, max mode and minLr', () => {
    // rel/min: 0.99995 is not below 1·(1 − 1e-4) = 0.9999, so it is not an improvement.
    const opt = sgd(1);
    const p = new ReduceLROnPlateau(opt, { patience: 0 });
    p.step(1);
    p.step(0.99995);
    expect(opt.getLr()).toBeCloseTo(0.1, 15);
    // abs/max: +0.5 beats the threshold 0.1.
    const opt2 = sgd(1);
    const q = new ReduceLROnPlateau(opt2, { mode: 'max', thresholdMode: 'abs', threshold: 0.1, patience: 0, minLr: 0.4, factor: 0.5 });
    q.step(1);
    q.step(1.5);
    expect(opt2.getLr()).toBe(1);
    q.step(1.55);
    expect(opt2.getLr()).toBe(0.5);
    q.step(1.55);
    expect(opt2.getLr()).toBe(0.4); // max(0.25, minLr 0.4)
    expect(() => new ReduceLROnPlateau(opt2, { factor: 1 })).toThrow('ReduceLROnPlateau: invalid factor: 1 (valid range: [0, 1))');
    expect(() => q.step(NaN)).toThrow('ReduceLROnPlateau: metric must be a number, got NaN');
  });

  test('stateDict survives JSON (best = null before any metric)', () => {
    const opt = sgd(1);
    const p = new ReduceLROnPlateau(opt, { patience: 2 });
    expect(p.stateDict().best).toBeNull();
    p.step(3);
    p.step(4);
    const saved = JSON.parse(JSON.stringify(p.stateDict()));
    const q = new ReduceLROnPlateau(opt, { patience: 2 });
    q.loadStateDict(saved);
    expect(q.stateDict()).toEqual({ lastEpoch: 2, best: 3, numBadEpochs: 1, cooldownCounter: 0 });
  });
});

/**
 * PyTorch's OneCycleLR algorithm, written out from its documentation: phases (end step, lr from → to,
 * momentum from → to) — two: up to pctStart·T − 1, then down to T − 1; three: up, back to the initial rate by
 * 2·pctStart·T − 2, then annihilate to T − 1 — and within a phase pct = (step − start)/(end − start),
 * cos: to + (from − to)/2·(1 + cos πpct), linear: from + (to − from)·pct.
 */
function oneCycleReference(
  o: { maxLr: number; T: number; pct: number; cos: boolean; div: number; finalDiv: number; three: boolean; baseM: number; maxM: number },
  step: number,
): { lr: number; momentum: number } {
  const initial = o.maxLr / o.div;
  const min = initial / o.finalDiv;
  const phases: [number, number, number, number, number][] = o.three
    ? [
        [o.pct * o.T - 1, initial, o.maxLr, o.maxM, o.baseM],
        [2 * o.pct * o.T - 2, o.maxLr, initial, o.baseM, o.maxM],
        [o.T - 1, initial, min, o.maxM, o.maxM],
      ]
    : [
        [o.pct * o.T - 1, initial, o.maxLr, o.maxM, o.baseM],
        [o.T - 1, o.maxLr, min, o.baseM, o.maxM],
      ];
  const anneal = (from: number, to: number, pct: number) =>
    o.cos ? to + ((from - to) / 2) * (1 + Math.cos(Math.PI * pct)) : from + (to - from) * pct;
  let start = 0;
  for (let i = 0; ; i++) {
    const [end, lr0, lr1, m0, m1] = phases[i]!;
    if (step <= end || i === phases.length - 1) {
      const pct = (step - start) / (end - start);
      return { lr: anneal(lr0, lr1, pct), momentum: anneal(m0, m1, pct) };
    }
    start = end;
  }
}

describe('OneCycleLR against the documented algorithm, step by step', () => {
  const configs = [
    { maxLr: 0.1, T: 20, pct: 0.25, cos: true, div: 25, finalDiv: 1e4, three: false, baseM: 0.85, maxM: 0.95 },
    { maxLr: 0.1, T: 20, pct: 0.25, cos: true, div: 25, finalDiv: 1e4, three: true, baseM: 0.85, maxM: 0.95 },
    { maxLr: 2, T: 17, pct: 0.3, cos: false, div: 10, finalDiv: 100, three: true, baseM: 0.8, maxM: 0.9 },
    { maxLr: 0.5, T: 13, pct: 0.4, cos: true, div: 5, finalDiv: 50, three: false, baseM: 0.5, maxM: 0.99 },
  ];
  for (const c of configs) {
    test(`T ${c.T}, pctStart ${c.pct}, ${c.cos ? 'cos' : 'linear'}, ${c.three ? 'three' : 'two'} phases`, () => {
      const opt = sgd(1);
      const sched = new OneCycleLR(opt, {
        maxLr: c.maxLr,
        totalSteps: c.T,
        pctStart: c.pct,
        annealStrategy: c.cos ? 'cos' : 'linear',
        divFactor: c.div,
        finalDivFactor: c.finalDiv,
        threePhase: c.three,
        baseMomentum: c.baseM,
        maxMomentum: c.maxM,
      });
      for (let s = 0; s < c.T; s++) {
        if (s > 0) sched.step();
        const want = oneCycleReference(c, s);
        expectClose([opt.getLr(), opt.paramGroups[0]!.momentum], [want.lr, want.momentum], 1e-13, 1e-16);
      }
      // Ends at maxLr / (divFactor · finalDivFactor), momentum back at its maximum.
      expectClose([opt.getLr(), opt.paramGroups[0]!.momentum], [c.maxLr / (c.div * c.finalDiv), c.maxM], 1e-12, 1e-16);
    });
  }

  test('defaults: pctStart 0.3, cos, divFactor 25, finalDivFactor 1e4, two phases, momentum 0.85–0.95; epochs × stepsPerEpoch', () => {
    const a = sgd(1);
    const b = sgd(1);
    const byTotal = new OneCycleLR(a, { maxLr: 0.3, totalSteps: 20 });
    const byEpochs = new OneCycleLR(b, { maxLr: 0.3, epochs: 4, stepsPerEpoch: 5 });
    expect(byEpochs.totalSteps).toBe(20);
    const ref = { maxLr: 0.3, T: 20, pct: 0.3, cos: true, div: 25, finalDiv: 1e4, three: false, baseM: 0.85, maxM: 0.95 };
    for (let s = 0; s < 20; s++) {
      if (s > 0) {
        byTotal.step();
        byEpochs.step();
      }
      const want = oneCycleReference(ref, s);
      expectClose([a.getLr(), b.getLr(), a.paramGroups[0]!.momentum], [want.lr, want.lr, want.momentum], 1e-13, 1e-16);
    }
  });
});

/** PyTorch's ReduceLROnPlateau.step, written out from its documentation, on plain numbers. */
function plateauReference(
  o: {
    mode: 'min' | 'max';
    thresholdMode: 'rel' | 'abs';
    threshold: number;
    patience: number;
    cooldown: number;
    factor: number;
    minLr: number;
    eps: number;
  },
  lr0: number,
  metrics: readonly number[],
): number[] {
  let lr = lr0;
  let best = o.mode === 'min' ? Infinity : -Infinity;
  let bad = 0;
  let cool = 0;
  const out: number[] = [];
  for (const m of metrics) {
    let better: boolean;
    if (o.mode === 'min') better = o.thresholdMode === 'rel' ? m < best * (1 - o.threshold) : m < best - o.threshold;
    else better = o.thresholdMode === 'rel' ? m > best * (1 + o.threshold) : m > best + o.threshold;
    if (better) {
      best = m;
      bad = 0;
    } else {
      bad += 1;
    }
    if (cool > 0) {
      cool -= 1;
      bad = 0;
    }
    if (bad > o.patience) {
      const next = Math.max(lr * o.factor, o.minLr);
      if (lr - next > o.eps) lr = next;
      cool = o.cooldown;
      bad = 0;
    }
    out.push(lr);
  }
  return out;
}

test('ReduceLROnPlateau follows the documented algorithm for every mode, threshold mode, patience and cooldown (property)', () => {
  fc.assert(
    fc.property(
      fc.record({
        mode: fc.constantFrom('min' as const, 'max' as const),
        thresholdMode: fc.constantFrom('rel' as const, 'abs' as const),
        threshold: fc.constantFrom(0, 1e-4, 0.1, 0.5),
        patience: fc.integer({ min: 0, max: 3 }),
        cooldown: fc.integer({ min: 0, max: 2 }),
        factor: fc.constantFrom(0, 0.1, 0.5, 0.9),
        minLr: fc.constantFrom(0, 0.05, 0.3),
        eps: fc.constantFrom(0, 1e-8, 0.2),
      }),
      // Few distinct values, so plateaus, ties and near-ties are common.
      fc.array(
        fc.integer({ min: 0, max: 6 }).map((k) => 1 + k / 4),
        { minLength: 1, maxLength: 30 },
      ),
      (o, metrics) => {
        const opt = sgd(1);
        const plateau = new ReduceLROnPlateau(opt, o);
        const got = metrics.map((m) => {
          plateau.step(m);
          return opt.getLr();
        });
        expect(got).toEqual(plateauReference(o, 1, metrics));
        expect(plateau.lastEpoch).toBe(metrics.length);
      },
    ),
    { numRuns: 200 },
  );
});

test('ReduceLROnPlateau: rel/max, abs/min, per-group minLr, and a reduction smaller than eps is skipped', () => {
  // rel/max: 1.05 beats 1·(1 + 0.01); 1.06 does not beat 1.05·1.01 = 1.0605.
  const opt = sgd(1, 0.5);
  const p = new ReduceLROnPlateau(opt, { mode: 'max', threshold: 0.01, patience: 0, factor: 0.5, minLr: [0.3, 0.3] });
  p.step(1);
  p.step(1.05);
  expect(p.getLastLr()).toEqual([1, 0.5]);
  p.step(1.06);
  expect(p.getLastLr()).toEqual([0.5, 0.3]); // group 1: max(0.25, 0.3)
  p.step(1.06);
  expect(p.getLastLr()).toEqual([0.3, 0.3]); // group 1 cannot go lower: 0.3 − 0.3 = 0 ≤ eps, unchanged
  // abs/min: a drop of exactly the threshold is not an improvement (strict <).
  const opt2 = sgd(1);
  const q = new ReduceLROnPlateau(opt2, { thresholdMode: 'abs', threshold: 0.25, patience: 0, eps: 0.6 });
  q.step(1);
  q.step(0.75);
  // A reduction to 0.1 would change the rate by 0.9 > eps 0.6: applied.
  expect(opt2.getLr()).toBeCloseTo(0.1, 15);
  q.step(0.75);
  expect(opt2.getLr()).toBeCloseTo(0.1, 15); // 0.1 → 0.01 changes it by 0.09 < eps: skipped
  expect(() => new ReduceLROnPlateau(sgd(1, 2), { minLr: [0] })).toThrow(
    'ReduceLROnPlateau: minLr must be a number or 2 numbers (one per param group), got [0]',
  );
});

describe('scheduler options go through the shared key check', () => {
  test('an unknown or misspelt key throws listing the valid ones, instead of being ignored', () => {
    // Before, a misspelt gama was ignored and gamma silently stayed 0.1.
    expect(() => new StepLR(sgd(1), { stepSize: 2, gama: 0.5 } as never)).toThrow("StepLR: unknown option 'gama' (valid: stepSize, gamma)");
    expect(() => new ReduceLROnPlateau(sgd(1), { patince: 3 } as never)).toThrow(
      "ReduceLROnPlateau: unknown option 'patince' (valid: mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps)",
    );
    expect(() => new OneCycleLR(sgd(1), { maxLr: 1, totalSteps: 10, three_phase: true } as never)).toThrow(
      /^OneCycleLR: unknown option 'three_phase' \(valid: maxLr, /,
    );
    expect(() => new CosineAnnealingLR(sgd(1), 10 as never)).toThrow(/^CosineAnnealingLR: options must be an object, got 10/);
    expect(() => new StepLR(sgd(1), undefined as never)).toThrow('StepLR: invalid stepSize: undefined');
  });
});
