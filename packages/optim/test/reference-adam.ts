import { THETA0, problemGrad } from './helpers.ts';

/** Adam per the TSDoc rule, per element; `decoupled` switches to AdamW's θ ← θ(1 − γλ) instead of L2. */
export function referenceAdam(
  h: { lr: number; betas?: [number, number]; eps?: number; weightDecay?: number; amsgrad?: boolean; maximize?: boolean },
  steps: number,
  decoupled: boolean,
): number[][] {
  const [b1, b2] = h.betas ?? [0.9, 0.999];
  const eps = h.eps ?? 1e-8;
  const wd = h.weightDecay ?? (decoupled ? 1e-2 : 0);
  let theta = [...THETA0];
  let m = theta.map(() => 0);
  let v = theta.map(() => 0);
  let vmax = theta.map(() => 0);
  const out: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    const grad = problemGrad(theta);
    let g = grad.map((x) => (h.maximize ? -x : x));
    if (decoupled) theta = theta.map((x) => x * (1 - h.lr * wd));
    else g = g.map((x, i) => x + wd * theta[i]!);
    m = m.map((mi, i) => b1 * mi + (1 - b1) * g[i]!);
    v = v.map((vi, i) => b2 * vi + (1 - b2) * g[i]! ** 2);
    vmax = vmax.map((x, i) => Math.max(x, v[i]!));
    const mhat = m.map((x) => x / (1 - b1 ** t));
    const vhat = (h.amsgrad ? vmax : v).map((x) => x / (1 - b2 ** t));
    theta = theta.map((x, i) => x - (h.lr * mhat[i]!) / (Math.sqrt(vhat[i]!) + eps));
    out.push(theta);
  }
  return out;
}
