import { type NDArray, NDArray as NDArrayClass, allocate, formatShape } from '@seedling-ml/tensor';
import { AutogradError } from '../errors.ts';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor, constantArg } from '../tensor-like.ts';

/** The class indices (constant) and the gradient the forward pass leaves for the VJP. */
interface SoftmaxCrossEntropyAttrs {
  readonly targets: NDArray;
  /** d(mean loss)/d(logits) = (softmax − onehot)/N, written by the forward pass in the same sweep. */
  grad: NDArray | null;
}

/**
 * Mean softmax cross-entropy of logits `[N, C]` against class indices `[N]`, with its gradient computed
 * in the same pass over each row: m = max z, s = Σ e^(z−m), ℓₙ = m + ln s − z[yₙ], and
 * ∂/∂z = (e^(z−m)/s − onehot(yₙ))/N. The VJP only scales that saved gradient by the incoming one.
 */
export const softmaxCrossEntropyOp = defineOp<[NDArray], SoftmaxCrossEntropyAttrs>({
  name: 'softmaxCrossEntropy',
  forward: ([z], attrs) => {
    const [n, c] = z.shape as [number, number];
    const x = z.data;
    const t = attrs.targets.data;
    const grad = allocate(z.dtype, n * c);
    let total = 0;
    for (let i = 0, row = 0; i < n; i++, row += c) {
      let m = -Infinity;
      for (let j = 0; j < c; j++) if (x[row + j]! > m) m = x[row + j]!;
      // An all −Infinity (or +Infinity) row: shifting by a non-finite max would give NaN; PyTorch gives inf/NaN too.
      const shift = Number.isFinite(m) ? m : 0;
      let s = 0;
      for (let j = 0; j < c; j++) {
        const e = Math.exp(x[row + j]! - shift);
        grad[row + j] = e;
        s += e;
      }
      const y = t[i]!;
      total += shift + Math.log(s) - x[row + y]!;
      const scale = 1 / (s * n);
      for (let j = 0; j < c; j++) grad[row + j]! *= scale;
      grad[row + y]! -= 1 / n;
    }
    attrs.grad = new NDArrayClass(grad, [n, c]);
    const out = allocate(z.dtype, 1);
    out[0] = total / n;
    return new NDArrayClass(out, []);
  },
  vjp: (g, { attrs }) => {
    const saved = attrs.grad!.data;
    const k = g.data[0]!;
    // Always a fresh array: the engine may accumulate into it, and a retained graph may call this again.
    const out = allocate(attrs.grad!.dtype, saved.length);
    for (let i = 0; i < saved.length; i++) out[i] = saved[i]! * k;
    return [new NDArrayClass(out, attrs.grad!.shape)];
  },
});

/**
 * Mean cross-entropy of raw `logits` `[N, C]` against class indices `targets` `[N]` (integers in [0, C)), fused:
 * loss = (1/N) Σₙ (ln Σ_c e^{z[n,c]} − z[n, yₙ]), stable (the row max is subtracted), and the gradient
 * (softmax − onehot)/N is computed in the same pass, so backward costs one scaling. Equals
 * `logits.logSoftmax(-1).takeAlongAxis(targets[:, None], -1).mean().neg()` (nn's crossEntropyLoss uses it
 * for that case). The targets are a constant.
 * @example softmaxCrossEntropy(tensor([[0, 0, 0, 0]]), array([2])).item(); // ln 4 ≈ 1.3863
 */
export function softmaxCrossEntropy(logits: Tensor, targets: Tensor | NDArray): Tensor {
  const op = 'softmaxCrossEntropy';
  logits = asTensor(op, logits, undefined, 'logits');
  const t = constantArg(op, 'targets', targets);
  if (logits.rank !== 2 || t.rank !== 1 || t.shape[0] !== logits.shape[0]) {
    throw new AutogradError(op, `expected logits [N, C] and targets [N], got ${formatShape(logits.shape)} and ${formatShape(t.shape)}`);
  }
  const c = logits.shape[1]!;
  for (let i = 0; i < t.size; i++) {
    const k = t.data[i]!;
    if (!Number.isInteger(k) || k < 0 || k >= c) {
      throw new AutogradError(
        op,
        `target ${k} at index ${i} is not a class index in [0, ${c}): logits ${formatShape(logits.shape)}, targets ${formatShape(t.shape)}`,
      );
    }
  }
  return apply(softmaxCrossEntropyOp, [logits], { targets: t, grad: null });
}
