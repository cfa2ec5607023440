import {
  type Initializer,
  kaimingNormal,
  lecunNormal,
  normal,
  orthogonal,
  torchDefault,
  xavierNormal,
  xavierUniform,
  zeros,
} from '@seedling-ml/nn';

/** One weight initialization compared by the lab. */
export interface Scheme {
  /** Short id used in tables, plots and JSON. */
  id: string;
  /** The Seedling code that produces it. */
  code: string;
  /** The weight initializer (for LSUV: the orthogonal start it rescales). */
  weightInit: () => Initializer;
  /** True for LSUV: after building, `lsuv(model, batch)` rescales every layer to unit output std. */
  lsuv: boolean;
  /**
   * q = n·Var(w) for a square n×n layer: the factor a linear layer multiplies the variance of its
   * input's second moment by (Var(y) = n·Var(w)·E[x²]). null when it is set from data (LSUV).
   */
  q: (n: number) => number | null;
}

/**
 * The ten initializations of the first edition, then PyTorch's tanh gain and the tutorial's std, in the order tables list them. All are applied to the
 * weights; biases are zeros for every scheme (so `torchDefault` here is PyTorch's weight init only).
 */
export const SCHEMES: readonly Scheme[] = [
  { id: 'zeros', code: 'zeros()', weightInit: () => zeros(), lsuv: false, q: () => 0 },
  { id: 'N(0,1)', code: 'normal({ std: 1 })', weightInit: () => normal({ std: 1 }), lsuv: false, q: (n) => n },
  { id: 'N(0,0.01²)', code: 'normal({ std: 0.01 })', weightInit: () => normal({ std: 0.01 }), lsuv: false, q: (n) => n * 1e-4 },
  { id: 'xavierUniform', code: 'xavierUniform()', weightInit: () => xavierUniform(), lsuv: false, q: () => 1 },
  { id: 'xavierNormal', code: 'xavierNormal()', weightInit: () => xavierNormal(), lsuv: false, q: () => 1 },
  { id: 'kaimingNormal', code: 'kaimingNormal()', weightInit: () => kaimingNormal(), lsuv: false, q: () => 2 },
  { id: 'lecunNormal', code: 'lecunNormal()', weightInit: () => lecunNormal(), lsuv: false, q: () => 1 },
  { id: 'orthogonal', code: 'orthogonal()', weightInit: () => orthogonal(), lsuv: false, q: () => 1 },
  { id: 'torchDefault', code: 'torchDefault()', weightInit: () => torchDefault(), lsuv: false, q: () => 1 / 3 },
  { id: 'lsuv', code: 'lsuv(model, batch)', weightInit: () => orthogonal(), lsuv: true, q: () => null },
  // PyTorch's tanh gain 5/3 (q = 25/9): above the tanh condition q = 1, it settles at a fixed point instead of fading.
  {
    id: 'xavier×5/3',
    code: 'xavierNormal({ gain: 5 / 3 })',
    weightInit: () => xavierNormal({ gain: 5 / 3 }),
    lsuv: false,
    q: () => 25 / 9,
  },
  // The tutorial's error: Xavier's uniform half-width √6/√(nᵢ+nₒ) used as a normal std (gain √3 on Xavier normal), q = 3.
  {
    id: 'tutorialStd',
    code: 'xavierNormal({ gain: Math.sqrt(3) })',
    weightInit: () => xavierNormal({ gain: Math.sqrt(3) }),
    lsuv: false,
    q: () => 3,
  },
];

/**
 * The per-layer pre-activation variance ratio Var(y_{l+1}) / Var(y_l) of a ReLU MLP with square
 * layers and zero biases: q·E[relu(y)²]/Var(y) = q/2 (He et al. 2015, eq. 7–10). For LSUV it is 1 by
 * construction (every layer's output std is set to 1).
 *
 * @example
 * reluVarianceRatio(SCHEMES[5]!, 256); // kaimingNormal: 1
 */
export function reluVarianceRatio(scheme: Scheme, n: number): number {
  const q = scheme.q(n);
  return q === null ? 1 : q / 2;
}

/** Looks a scheme up by id; throws listing the valid ids. */
export function schemeById(id: string): Scheme {
  const s = SCHEMES.find((x) => x.id === id);
  if (s === undefined) throw new Error(`unknown scheme '${id}' (valid: ${SCHEMES.map((x) => x.id).join(', ')})`);
  return s;
}
