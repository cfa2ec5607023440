/** Test helpers: gradchecking a module's forward with respect to its inputs and its parameters. */
import { type GradcheckOptions, Tensor, gradcheck } from '@seedling-ml/autograd';
import { type NDArray, Rng } from '@seedling-ml/tensor';
import { type Module, Parameter } from '../src/index.ts';

/** Where each parameter lives: the owning module and the field name. */
function parameterSlots(module: Module): { owner: Record<string, unknown>; key: string; param: Parameter }[] {
  const out: { owner: Record<string, unknown>; key: string; param: Parameter }[] = [];
  for (const m of module.modules()) {
    for (const [key, value] of Object.entries(m))
      if (value instanceof Parameter) out.push({ owner: m as unknown as Record<string, unknown>, key, param: value });
  }
  return out;
}

/**
 * gradcheck of `call(module, ...inputs)` with respect to the inputs that require grad AND every
 * parameter: during each call the module's parameter fields are swapped for gradcheck's float64 copies.
 */
export function gradcheckModule(
  module: Module,
  inputs: readonly Tensor[],
  options: GradcheckOptions & { call?: (m: Module, ...xs: Tensor[]) => Tensor } = {},
): true {
  const slots = parameterSlots(module);
  const call = options.call ?? ((m: Module, ...xs: Tensor[]) => m.forward(...xs));
  const params = slots.map((s) => new Tensor(s.param.data, { requiresGrad: true }));
  return gradcheck(
    (...all: Tensor[]) => {
      const xs = all.slice(0, inputs.length);
      const ps = all.slice(inputs.length);
      slots.forEach((s, i) => (s.owner[s.key] = ps[i]));
      try {
        return call(module, ...xs);
      } finally {
        slots.forEach((s) => (s.owner[s.key] = s.param));
      }
    },
    [...inputs, ...params],
    { eps: options.eps, atol: options.atol, rtol: options.rtol },
  );
}

/** A float64 input tensor of N(0, std²) values that requires grad. */
export function randn(shape: readonly number[], seed: number, std = 1): Tensor {
  return new Tensor(new Rng(seed).normal(shape, 0, std, { dtype: 'float64' }), { requiresGrad: true });
}

/** Plain numbers of an array, for comparisons. */
export function values(x: NDArray | Tensor): number[] {
  return Array.from((x instanceof Tensor ? x.data : x).data);
}

/** Expects a and b equal within `tol` element-wise (same length). */
export function closeTo(a: ArrayLike<number>, b: ArrayLike<number>, tol: number): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!(Math.abs(a[i]! - b[i]!) <= tol * Math.max(1, Math.abs(b[i]!)))) return false;
  return true;
}
