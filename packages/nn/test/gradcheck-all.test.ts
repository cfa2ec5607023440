/**
 * One float64 gradcheck per exported layer and loss, driven by a table; the table must cover every
 * `Module` subclass and every `*Loss` function `src/index.ts` exports, so adding a layer or a loss
 * without a gradient check fails here. (The per-layer test files check values against hand
 * calculations; this file guards the "every layer and loss is gradchecked" promise.)
 */
import { describe, expect, test } from 'vitest';
import { type Tensor, gradcheck, tensor } from '@seedling-ml/autograd';
import { NDArray, array } from '@seedling-ml/tensor';
import * as nn from '../src/index.ts';
import { gradcheckModule, randn } from './helpers.ts';

/** Inputs of N(0, 2²) pushed ≥ 0.05 from 0, so kinks (ReLU, |x|) do not spoil finite differences. */
function awayFromZero(shape: number[], seed: number): Tensor {
  const x = randn(shape, seed, 2);
  const d = x.data.data;
  for (let i = 0; i < d.length; i++) d[i] = d[i]! + Math.sign(d[i]!) * 0.05;
  return x;
}

const f64 = { dtype: 'float64' as const };

/** Layer name → a check that gradchecks it (inputs and parameters) in float64. */
const LAYERS: Record<string, () => true> = {
  Linear: () => gradcheckModule(new nn.Linear(4, 3, { ...f64, seed: 1, biasInit: 'torchDefault' }), [randn([5, 4], 1)]),
  Sequential: () =>
    gradcheckModule(new nn.Sequential(new nn.Linear(3, 4, { ...f64, seed: 2 }), new nn.Tanh(), new nn.Linear(4, 2, { ...f64, seed: 3 })), [
      randn([2, 3], 2),
    ]),
  ReLU: () => gradcheckModule(new nn.ReLU(), [awayFromZero([3, 4], 3)]),
  LeakyReLU: () => gradcheckModule(new nn.LeakyReLU(0.2), [awayFromZero([3, 4], 4)]),
  Tanh: () => gradcheckModule(new nn.Tanh(), [randn([3, 4], 5)]),
  Sigmoid: () => gradcheckModule(new nn.Sigmoid(), [randn([3, 4], 6)]),
  GELU: () =>
    gradcheckModule(new nn.GELU(), [randn([3, 4], 7)]) && gradcheckModule(new nn.GELU({ approximate: 'tanh' }), [randn([3, 4], 8)]),
  SELU: () => gradcheckModule(new nn.SELU(), [awayFromZero([3, 4], 9)]),
  ELU: () => gradcheckModule(new nn.ELU(0.7), [awayFromZero([3, 4], 10)]),
  Softplus: () => gradcheckModule(new nn.Softplus({ beta: 2 }), [randn([3, 4], 11)]),
  Softmax: () => gradcheckModule(new nn.Softmax(0), [randn([3, 4], 12)]),
  LogSoftmax: () => gradcheckModule(new nn.LogSoftmax(), [randn([3, 4], 13)]),
  Identity: () => gradcheckModule(new nn.Identity(), [randn([3, 4], 14)]),
  Flatten: () => gradcheckModule(new nn.Flatten(), [randn([2, 3, 2], 15)]),
  // A fresh layer per call so every finite difference sees the same mask.
  Dropout: () =>
    gradcheckModule(new nn.Dropout(0.3, { seed: 16 }), [randn([3, 4], 16)], {
      call: (_m, x) => new nn.Dropout(0.3, { seed: 16 }).forward(x!),
    }),
  LayerNorm: () =>
    gradcheckModule(new nn.LayerNorm([2, 3], { ...f64, seed: 17, weightInit: 'uniform', biasInit: 'uniform' }), [randn([2, 2, 3], 17)]),
  BatchNorm1d: () => {
    const bn = new nn.BatchNorm1d(3, { ...f64, seed: 18, weightInit: 'uniform', biasInit: 'uniform' });
    gradcheckModule(bn, [randn([5, 3], 18)]);
    return gradcheckModule(bn.eval(), [randn([4, 3, 2], 19)]);
  },
  Embedding: () =>
    gradcheckModule(new nn.Embedding(5, 3, { ...f64, seed: 20 }), [], {
      call: (m) =>
        (m as nn.Embedding)
          .forward(
            array([
              [0, 4],
              [4, 2],
            ]),
          )
          .tanh(),
    }),
  SiLU: () => gradcheckModule(new nn.SiLU(), [randn([3, 4], 40)]),
  Mish: () => gradcheckModule(new nn.Mish(), [randn([3, 4], 41)]),
  // Kinks at ±1 and ±3: awayFromZero's N(0, 2²) values land within 1e-6 of them with negligible probability (fixed seeds).
  Hardtanh: () => gradcheckModule(new nn.Hardtanh(), [awayFromZero([3, 4], 42)]),
  Hardsigmoid: () => gradcheckModule(new nn.Hardsigmoid(), [awayFromZero([3, 4], 43)]),
  Hardswish: () => gradcheckModule(new nn.Hardswish(), [awayFromZero([3, 4], 44)]),
  LogSigmoid: () => gradcheckModule(new nn.LogSigmoid(), [randn([3, 4], 45)]),
  Conv1d: () =>
    gradcheckModule(new nn.Conv1d(4, 6, 3, { ...f64, seed: 40, padding: 1, stride: 2, groups: 2, biasInit: 'uniform' }), [
      randn([2, 4, 7], 40),
    ]),
  Conv2d: () =>
    gradcheckModule(new nn.Conv2d(2, 3, [3, 2], { ...f64, seed: 41, padding: 'same', dilation: [1, 2], biasInit: 'uniform' }), [
      randn([2, 2, 5, 6], 41),
    ]),
  ConvTranspose2d: () =>
    gradcheckModule(
      new nn.ConvTranspose2d(4, 2, 3, { ...f64, seed: 42, stride: 2, padding: 1, outputPadding: 1, groups: 2, biasInit: 'uniform' }),
      [randn([1, 4, 3, 3], 42)],
    ),
  // MaxPool2d's values and indices unpooled (3×3 windows, stride 2: overlapping, so indices may coincide).
  MaxUnpool2d: () => {
    const x = tensor(
      new NDArray(
        Float64Array.from({ length: 60 }, (_, i) => ((i * 23) % 60) / 20),
        [1, 2, 6, 5],
      ),
    );
    const [y, indices] = new nn.MaxPool2d(3, { stride: 2, padding: 1 }).forwardWithIndices(x);
    return gradcheckModule(new nn.MaxUnpool2d(3, { stride: 2, padding: 1 }), [tensor(y.data, { requiresGrad: true })], {
      call: (m, v) => (m as nn.MaxUnpool2d).forward(v!, indices, [6, 5]),
    });
  },
  // Distinct values (a permutation of a grid): no ties inside a window, which would be a kink.
  MaxPool2d: () =>
    gradcheckModule(new nn.MaxPool2d(3, { stride: 2, padding: 1, ceilMode: true }), [
      tensor(
        new NDArray(
          Float64Array.from({ length: 180 }, (_, i) => ((i * 37) % 180) / 50),
          [2, 3, 6, 5],
        ),
        { requiresGrad: true },
      ),
    ]),
  AvgPool2d: () => gradcheckModule(new nn.AvgPool2d(3, { stride: 2, padding: 1, countIncludePad: false }), [randn([2, 3, 6, 5], 43)]),
  AdaptiveAvgPool2d: () => gradcheckModule(new nn.AdaptiveAvgPool2d([3, 2]), [randn([2, 3, 7, 5], 44)]),
  BatchNorm2d: () => {
    const bn = new nn.BatchNorm2d(3, { ...f64, seed: 45, weightInit: 'uniform', biasInit: 'uniform' });
    gradcheckModule(bn, [randn([2, 3, 2, 3], 45)]);
    return gradcheckModule(bn.eval(), [randn([2, 3, 2, 2], 46)]);
  },
  GroupNorm: () =>
    gradcheckModule(new nn.GroupNorm(2, 4, { ...f64, seed: 47, weightInit: 'uniform', biasInit: 'uniform' }), [randn([2, 4, 3, 2], 47)]),
  Dropout2d: () =>
    gradcheckModule(new nn.Dropout2d(0.3, { seed: 48 }), [randn([3, 4, 2, 2], 48)], {
      call: (_m, x) => new nn.Dropout2d(0.3, { seed: 48 }).forward(x!),
    }),
};

/** Loss name → gradcheck over every reduction (and its options), w.r.t. the input (and a float target where one can be differentiated). */
const LOSSES: Record<string, () => boolean> = {
  mseLoss: () =>
    (['mean', 'sum', 'none'] as const).every((reduction) =>
      gradcheck((a, b) => nn.mseLoss(a!, b!, { reduction }), [randn([3, 2], 21), randn([3, 2], 22)]),
    ),
  l1Loss: () =>
    (['mean', 'sum', 'none'] as const).every((reduction) =>
      gradcheck((a, b) => nn.l1Loss(a!, b!, { reduction }), [awayFromZero([3, 2], 23), randn([3, 2], 24, 0.01)]),
    ),
  crossEntropyLoss: () =>
    (['mean', 'sum', 'none'] as const).every((reduction) =>
      [0, 0.2].every((labelSmoothing) =>
        [undefined, [0.5, 2, 1]].every(
          (weight) =>
            [undefined, 1].every((ignoreIndex) =>
              gradcheck(
                (x) => nn.crossEntropyLoss(x!, [2, 0, 1, 1], { reduction, labelSmoothing, weight, ignoreIndex }),
                [randn([4, 3], 25, 3)],
              ),
            ) &&
            // probability targets
            gradcheck(
              (x) =>
                nn.crossEntropyLoss(
                  x!,
                  tensor(
                    [
                      [0.2, 0.3, 0.5],
                      [1, 0, 0],
                    ],
                    f64,
                  ),
                  { reduction, labelSmoothing, weight },
                ),
              [randn([2, 3], 29, 3)],
            ),
        ),
      ),
    ) &&
    gradcheck(
      (x) =>
        nn.crossEntropyLoss(
          x!,
          array([
            [0, 2],
            [1, 1],
          ]),
        ),
      [randn([2, 3, 2], 26)],
    ),
  nllLoss: () =>
    (['mean', 'sum', 'none'] as const).every((reduction) =>
      [undefined, [0.5, 2, 1, 3]].every((weight) =>
        [undefined, 0].every((ignoreIndex) =>
          gradcheck((x) => nn.nllLoss(x!, [3, 0, 1], { reduction, weight, ignoreIndex }), [randn([3, 4], 27)]),
        ),
      ),
    ),
  bceWithLogitsLoss: () => {
    const y = tensor(
      [
        [1, 0, 0.5],
        [0.2, 1, 0],
      ],
      f64,
    );
    return (['mean', 'sum', 'none'] as const).every((reduction) =>
      [undefined, [2, 0.5, 1]].every((posWeight) =>
        [undefined, tensor([[0.5], [2]], f64)].every((weight) =>
          gradcheck((x) => nn.bceWithLogitsLoss(x!, y, { reduction, posWeight, weight }), [randn([2, 3], 28, 3)]),
        ),
      ),
    );
  },
  // Differences d = x − y stay ≥ 0.05 away from the kinks |d| = β, δ (and 0 for β = 0): x is drawn that way around y = 0.
  smoothL1Loss: () =>
    (['mean', 'sum', 'none'] as const).every((reduction) =>
      [0, 0.5, 2].every((beta) =>
        gradcheck(
          (x) => nn.smoothL1Loss(x!, tensor([0, 0, 0, 0, 0, 0], f64), { reduction, beta }),
          [tensor([-3, -1, -0.3, 0.2, 0.9, 2.6], { ...f64, requiresGrad: true })],
        ),
      ),
    ),
  huberLoss: () =>
    (['mean', 'sum', 'none'] as const).every((reduction) =>
      [0.5, 2].every((delta) =>
        gradcheck(
          (x) => nn.huberLoss(x!, tensor([0, 0, 0, 0, 0, 0], f64), { reduction, delta }),
          [tensor([-3, -1, -0.3, 0.2, 0.9, 2.6], { ...f64, requiresGrad: true })],
        ),
      ),
    ),
  klDivLoss: () => {
    const p = tensor(
      [
        [0.2, 0, 0.8],
        [0.5, 0.25, 0.25],
      ],
      f64,
    );
    return (['mean', 'batchmean', 'sum', 'none'] as const).every(
      (reduction) =>
        gradcheck((x) => nn.klDivLoss(x!.logSoftmax(1), p, { reduction }), [randn([2, 3], 30)]) &&
        gradcheck(
          (x) =>
            nn.klDivLoss(
              x!.logSoftmax(1),
              tensor(
                [
                  [-1, -2, -0.5],
                  [-3, -0.1, -1],
                ],
                f64,
              ),
              { reduction, logTarget: true },
            ),
          [randn([2, 3], 31)],
        ),
    );
  },
};

describe('every exported layer and loss has a float64 gradcheck', () => {
  test('the tables cover every Module subclass and every *Loss function the package exports', () => {
    const exported = Object.entries(nn);
    const layers = exported
      .filter(([name, v]) => typeof v === 'function' && v !== nn.Module && v.prototype instanceof nn.Module && name !== 'Module')
      .map(([name]) => name)
      .sort();
    const losses = exported
      .filter(([name, v]) => typeof v === 'function' && name.endsWith('Loss'))
      .map(([name]) => name)
      .sort();
    expect(layers.length).toBeGreaterThanOrEqual(18);
    expect(Object.keys(LAYERS).sort()).toEqual(layers);
    expect(Object.keys(LOSSES).sort()).toEqual(losses);
  });

  test.each(Object.keys(LAYERS))('layer %s', (name) => {
    expect(LAYERS[name]!()).toBe(true);
  });

  test.each(Object.keys(LOSSES))('loss %s', (name) => {
    expect(LOSSES[name]!()).toBe(true);
  });
});
