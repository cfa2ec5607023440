import { describe, expect, test } from 'vitest';
import {
  Adagrad,
  Adam,
  ChainedScheduler,
  CosineAnnealingLR,
  ExponentialLR,
  LambdaLR,
  LinearLR,
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
  return new SGD(lrs.map((lr) => ({ params: [param([0])], lr })), { momentum: 0.9 });
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
    expectClose(got, got.map((_, e) => 0.3 * 0.1 ** Math.floor(e / 3)), 1e-15);
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

  test('CosineAnnealingLR equals the closed form and PyTorch\'s recursive form', () => {
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

  test('LinearLR (warm-up) equals the closed form and PyTorch\'s recursive form', () => {
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

  test('LambdaLR, one function or one per group', () => {
    const opt = sgd(1, 10);
    const sched = new LambdaLR(opt, { lrLambda: [(e) => 1 / (1 + e), (e) => 0.5 ** e] });
    expectClose(trace(opt, sched, 4, 0), [1, 1 / 2, 1 / 3, 1 / 4], 1e-15);
    expectClose([opt.getLr(1)], [10 * 0.5 ** 3], 1e-15);
    const bad = sgd(1);
    expect(() => new LambdaLR(bad, { lrLambda: () => -1 })).toThrow('LambdaLR: lrLambda of group 0 returned -1 at epoch 0 (valid: a finite number ≥ 0)');
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
    const sched = new OneCycleLR(opt, { maxLr: 1, totalSteps: 10, annealStrategy: 'linear', threePhase: true, cycleMomentum: false, divFactor: 10, finalDivFactor: 10 });
    // Phases end at 2, 4, 9: 0.1 → 1 → 0.1 → 0.01, linearly.
    expectClose(trace(opt, sched, 10), [0.1, 0.55, 1, 0.55, 0.1, 0.082, 0.064, 0.046, 0.028, 0.01], 1e-14);
    expect(opt.paramGroups[0]!.momentum).toBe(0.9); // untouched without cycleMomentum

    const adam = new Adam([param([0])], { lr: 1 });
    const s2 = new OneCycleLR(adam, { maxLr: 0.5, totalSteps: 10 });
    expect(adam.paramGroups[0]!.betas).toEqual([0.95, 0.999]);
    s2.step();
    s2.step();
    expectClose([adam.paramGroups[0]!.betas[0]], [0.85], 1e-15);
    expect(() => new OneCycleLR(new Adagrad([param([0])]), { maxLr: 1, totalSteps: 10 })).toThrow('OneCycleLR: cycleMomentum needs an optimizer with momentum or betas');
    expect(() => new OneCycleLR(sgd(1), { maxLr: 1 })).toThrow('OneCycleLR: give totalSteps, or epochs and stepsPerEpoch');
    expect(() => new OneCycleLR(sgd(1), { maxLr: 1, totalSteps: 10, pctStart: 1.5 })).toThrow('OneCycleLR: invalid pctStart: 1.5 (valid range: [0, 1])');
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
    expect(() => new SequentialLR(opt, { schedulers: [warm, decay], milestones: [] })).toThrow('SequentialLR: invalid milestones: [] (valid: 1 strictly increasing integers ≥ 1)');
    expect(() => new SequentialLR(sgd(1), { schedulers: [warm], milestones: [] })).toThrow('every scheduler must belong to the same optimizer');
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
