import { type Tensor } from '@seedling-ml/autograd';
import { BatchNorm1d, Linear, Module, ReLU, Sequential } from '@seedling-ml/nn';
import { describe, expect, test } from 'vitest';
import { TrainError, formatBytes, summary, typeNameOf } from '../src/index.ts';

/** A two-part model with a frozen part and a declared typeName, to check nesting, trainability and names. */
class Net extends Module {
  static readonly typeName = 'Net';
  readonly body = new Sequential(new Linear(4, 8, { seed: 0 }), new BatchNorm1d(8), new ReLU());
  readonly head = new Linear(8, 3, { seed: 1, weightInit: 'kaimingNormal' });
  forward(x: Tensor): Tensor {
    return this.head.forward(this.body.forward(x));
  }
}

describe('summary', () => {
  test('a Sequential MLP: hand-counted parameters, shapes and initializers', () => {
    const model = new Sequential(new Linear(4, 16, { seed: 0 }), new ReLU(), new Linear(16, 3, { seed: 1 }));
    const s = summary(model, [2, 4]);
    // Linear(4, 16): 4·16 + 16 = 80; Linear(16, 3): 16·3 + 3 = 51; total 131.
    expect(s.totalParams).toBe(131);
    expect(s.trainableParams).toBe(131);
    expect(s.nonTrainableParams).toBe(0);
    expect(s.rows.map((r) => [r.name, r.depth, r.type, r.outputShape, r.params, r.trainable])).toEqual([
      ['', 0, 'Sequential', [2, 3], 0, ''],
      ['0', 1, 'Linear', [2, 16], 80, 'yes'],
      ['1', 1, 'ReLU', [2, 16], 0, ''],
      ['2', 1, 'Linear', [2, 3], 51, 'yes'],
    ]);
    expect(s.rows[1]!.initializer).toBe('weight: xavierUniform, bias: zeros');
    // float32: 131 · 4 bytes; activations of the three leaves: (32 + 32 + 6) · 4; input 8 · 4.
    expect(s.paramBytes).toBe(524);
    expect(s.activationBytes).toBe(280);
    expect(s.inputBytes).toBe(32);
    expect(s.bufferBytes).toBe(0);
  });

  test('nested modules, frozen parameters, buffers and typeName', () => {
    const model = new Net();
    model.head.bias!.requiresGrad = false;
    const s = summary(model, [5, 4], { dtype: 'float64' });
    // body.0: 4·8 + 8 = 40; body.1 (BatchNorm1d): weight + bias 8 + 8 = 16; head: 8·3 + 3 = 27 (3 frozen).
    expect(s.totalParams).toBe(83);
    expect(s.trainableParams).toBe(80);
    expect(s.nonTrainableParams).toBe(3);
    expect(s.rows.map((r) => [r.name, r.depth, r.type, r.params, r.trainable])).toEqual([
      ['', 0, 'Net', 0, ''],
      ['body', 1, 'Sequential', 0, ''],
      ['body.0', 2, 'Linear', 40, 'yes'],
      ['body.1', 2, 'BatchNorm1d', 16, 'yes'],
      ['body.2', 2, 'ReLU', 0, ''],
      ['head', 1, 'Linear', 27, 'partial'],
    ]);
    expect(s.rows.at(-1)!.initializer).toBe('weight: kaimingNormal, bias: zeros');
    // The parameters are float32 whatever the input's dtype; the float64 input is [5, 4] · 8 bytes.
    expect(s.paramBytes).toBe(83 * 4);
    expect(s.inputBytes).toBe(160);
    expect(s.bufferBytes).toBe(model.buffers().reduce((n, b) => n + b.size * (b.dtype === 'float64' ? 8 : 4), 0));
    expect(s.bufferBytes).toBeGreaterThanOrEqual(16 * 4); // running mean and variance at least
    expect(model.training).toBe(true); // summary ran in eval mode and restored the mode
  });

  test('the table lists every row and the totals', () => {
    const text = String(summary(new Net(), [1, 4]));
    expect(text).toContain('Layer (type)');
    expect(text).toMatch(/^ {2}head \(Linear\) +\[1,3\] +27 +yes +weight: kaimingNormal, bias: zeros$/m);
    expect(text).toMatch(/^ {4}2 \(ReLU\) +\[1,8\] +-- *$/m);
    expect(text).toContain('Total params: 83');
    expect(text).toContain('Params size: 332 B');
  });

  test('errors name the input shape; typeNameOf falls back to the class name', () => {
    const model = new Sequential(new Linear(4, 2));
    expect(() => summary(model, [2, 5])).toThrow(TrainError);
    expect(() => summary(model, [2, 5])).toThrow(/^summary: the forward pass of an input \[2,5\] failed: /);
    expect(() => summary(model, [0, 4])).toThrow('summary: invalid inputShape: [0,4]');
    expect(typeNameOf(new ReLU())).toBe('ReLU');
    expect(typeNameOf(new Net())).toBe('Net');
    expect(formatBytes(1536)).toBe('1.50 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.00 MB');
  });
});
