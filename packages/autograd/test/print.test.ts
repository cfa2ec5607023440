import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { AutogradError, Tensor, isGradEnabled, noGrad, tensor } from '../src/index.ts';

// The value layout itself is tested in @seedling-ml/tensor (test/format.test.ts, against PyTorch's output);
// here: the `tensor(` head, the suffixes and the hooks into String/inspect.
describe('printing a Tensor', () => {
  test('values as PyTorch prints them, then dtype and grad suffixes', () => {
    // PyTorch: str(torch.tensor([1., 2.])) == 'tensor([1., 2.])'
    expect(String(tensor([1, 2]))).toBe('tensor([1., 2.])');
    // PyTorch: torch.tensor([[0.5, -1.25], [3., 4.]], dtype=torch.float64, requires_grad=True)
    expect(
      String(
        tensor(
          [
            [0.5, -1.25],
            [3, 4],
          ],
          { dtype: 'float64', requiresGrad: true },
        ),
      ),
    ).toBe('tensor([[ 0.5000, -1.2500],\n        [ 3.0000,  4.0000]], dtype=float64, requiresGrad=true)');
    // PyTorch prints grad_fn=<MulBackward0> for an op result; Seedling names its op.
    expect(String(tensor([1, 2], { requiresGrad: true }).mul(2))).toBe('tensor([2., 4.], gradFn=<mul>)');
    expect(String(tensor(3.5))).toBe('tensor(3.5000)');
  });

  test('a suffix that would pass column 80 moves to its own line, indented under the values', () => {
    const leaf = tensor(
      Array.from({ length: 40 }, (_, i) => i),
      { dtype: 'float64', requiresGrad: true },
    );
    // PyTorch: str(torch.arange(40., dtype=torch.float64, requires_grad=True)), names spelled Seedling's way.
    expect(String(leaf)).toBe(
      [
        'tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,',
        '        14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25., 26., 27.,',
        '        28., 29., 30., 31., 32., 33., 34., 35., 36., 37., 38., 39.],',
        '       dtype=float64, requiresGrad=true)',
      ].join('\n'),
    );
  });

  test('console.log (util.inspect) and template literals show the values', () => {
    const t = tensor([0.25, 4], { requiresGrad: true });
    expect(inspect(t)).toBe('tensor([0.2500, 4.0000], requiresGrad=true)');
    expect(`${t}`).toBe(inspect(t));
    expect(inspect([t])).toBe('[ tensor([0.2500, 4.0000], requiresGrad=true) ]');
  });
});

describe('noGrad', () => {
  test('an async callback throws a clear AutogradError and grad mode is restored', async () => {
    const w = tensor([1], { requiresGrad: true });
    let later: Tensor | null = null;
    const run = () =>
      noGrad(async () => {
        await Promise.resolve();
        later = w.mul(2);
      });
    expect(run).toThrow(AutogradError);
    expect(run).toThrow(/noGrad: the callback returned a Promise/);
    expect(isGradEnabled()).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    // This is why: the continuation ran with grad enabled and recorded a graph.
    expect(later!.requiresGrad).toBe(true);
  });

  test('a callback that returns a rejected promise throws without an unhandled rejection', () => {
    expect(() => noGrad(() => Promise.reject(new Error('boom')))).toThrow(/returned a Promise/);
  });

  test('a synchronous callback still returns its value', () => {
    expect(noGrad(() => tensor([1], { requiresGrad: true }).mul(3)).requiresGrad).toBe(false);
    expect(noGrad(() => ({ then: 1 }))).toEqual({ then: 1 });
  });
});
