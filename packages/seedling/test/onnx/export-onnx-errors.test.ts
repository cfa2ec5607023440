import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tensor } from '@seedling-ml/autograd';
import * as nn from '@seedling-ml/nn';
import { BatchNorm1d, Dropout, Linear, Module, ReLU, Sequential, Tanh } from '@seedling-ml/nn';
import { describe, expect, test } from 'vitest';
import { OnnxExportError, exportOnnx, onnxExportableTypes, registerOnnxExporter, typeNameOf } from '../../src/index.ts';
import { saveOnnx } from '../../src/node.ts';
import { expectOrtMatches, randomInput } from './ort-helpers.ts';

const x = randomInput([2, 4], 1);

/** Catches the OnnxExportError thrown by `fn`. */
function exportError(fn: () => unknown): OnnxExportError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(OnnxExportError);
    return e as OnnxExportError;
  }
  throw new Error('expected an OnnxExportError');
}

class Doubler extends Module {
  static readonly typeName = 'Doubler';
  override forward(t: Tensor): Tensor {
    return t.mul(2);
  }
}

class Residual extends Module {
  fc = new Linear(4, 4, { seed: 1 });
  override forward(t: Tensor): Tensor {
    return t.add(this.fc.forward(t));
  }
}

class ScaledInput extends Module {
  fc = new Linear(4, 4, { seed: 1 });
  override forward(t: Tensor): Tensor {
    return this.fc.forward(t.mul(3));
  }
}

/** A subclass that changes forward but not typeName must not be exported as its parent. */
class DoubledLinear extends Linear {
  override forward(t: Tensor): Tensor {
    return super.forward(t).mul(2);
  }
}

describe('exportOnnx refuses what it cannot export, naming the module and its path', () => {
  test('a layer type without exporter', () => {
    const e = exportError(() => exportOnnx(new Sequential(new Linear(4, 4), new Sequential(new ReLU(), new Doubler())), x));
    expect(e.message).toBe(
      `exportOnnx: cannot export '1.1' (Doubler): no ONNX exporter is registered for it (exportable: ${onnxExportableTypes().join(', ')}; add one with registerOnnxExporter)`,
    );
    expect(e.modulePath).toBe('1.1');
  });

  test('a subclass without its own typeName', () => {
    const e = exportError(() => exportOnnx(new Sequential(new DoubledLinear(4, 2)), x));
    expect(e.message).toMatch(/^exportOnnx: cannot export '0' \(DoubledLinear\): its class declares no static typeName/);
  });

  test('arithmetic between submodules: on the way out (residual) and on the way in', () => {
    expect(exportError(() => exportOnnx(new Sequential(new Tanh(), new Residual()), x)).message).toBe(
      'exportOnnx: cannot export the model (Sequential): the output was computed outside any exportable layer (by tensor arithmetic in a forward method?)',
    );
    const e = exportError(() => exportOnnx(new Sequential(new ScaledInput()), x));
    expect(e.message).toMatch(/^exportOnnx: cannot export '0\.fc' \(Linear\): its input was computed outside any exportable layer/);
    expect(e.modulePath).toBe('0.fc');
  });

  test('BatchNorm1d and Dropout in training mode; BatchNorm1d without running stats', () => {
    const bn = new Sequential(new Linear(4, 3), new BatchNorm1d(3));
    expect(exportError(() => exportOnnx(bn, x)).message).toBe(
      "exportOnnx: cannot export '1' (BatchNorm1d): it is in training mode (batch statistics, running-stat updates); call model.eval() before exporting",
    );
    expect(exportError(() => exportOnnx(new Sequential(new Dropout(0.2)), x)).message).toMatch(
      /^exportOnnx: cannot export '0' \(Dropout\): it is in training mode/,
    );
    expect(exportError(() => exportOnnx(new BatchNorm1d(4, { trackRunningStats: false }).eval(), x)).message).toMatch(
      /^exportOnnx: cannot export the model \(BatchNorm1d\): it has no running statistics/,
    );
  });

  test('refusing happens before the forward pass: running statistics are untouched', () => {
    const bn = new BatchNorm1d(4);
    exportError(() => exportOnnx(bn, x));
    expect(Array.from(bn.runningMean.data)).toEqual([0, 0, 0, 0]);
  });

  test('bad options and arguments', () => {
    const m = new Linear(4, 2);
    expect(exportError(() => exportOnnx(m, x, { opSet: 17 } as never)).message).toBe(
      "exportOnnx: unknown option 'opSet' (valid: opset, dynamicBatch, inputName, outputName, docString)",
    );
    expect(exportError(() => exportOnnx(m, x, { opset: 13 })).message).toBe(
      'exportOnnx: opset must be one of 17, 18, 19, 20, 21, 22, got 13',
    );
    expect(exportError(() => exportOnnx(m, x, { inputName: 'a', outputName: 'a' })).message).toMatch(
      /inputName and outputName must differ/,
    );
    expect(exportError(() => exportOnnx(m, [1, 2] as never)).message).toBe(
      'exportOnnx: exampleInput must be a Tensor or an NDArray, got object',
    );
    expect(exportError(() => exportOnnx(new Linear(4, 2, { dtype: 'float64' }), x)).message).toBe(
      "exportOnnx: parameter 'weight' is float64 but the example input is float32; convert one of them",
    );
  });
});

describe('extending the export', () => {
  test('every Module class exported by @seedling-ml/nn declares its own typeName and is exportable or a container', () => {
    const containers = new Set(['Sequential']);
    const missing: string[] = [];
    for (const [name, value] of Object.entries(nn)) {
      if (typeof value !== 'function' || !(value.prototype instanceof Module)) continue;
      const ctor = value as unknown as { typeName?: string };
      if (!Object.hasOwn(ctor, 'typeName')) missing.push(`${name} (no static typeName)`);
      else if (!containers.has(ctor.typeName!) && !onnxExportableTypes().includes(ctor.typeName!))
        missing.push(`${name} (no ONNX exporter)`);
    }
    expect(missing).toEqual([]);
  });

  test('registerOnnxExporter adds a layer type in one call', async () => {
    class Scale extends Module {
      static readonly typeName = 'TestScale';
      constructor(readonly factor: number) {
        super();
      }
      override forward(t: Tensor): Tensor {
        return t.mul(this.factor);
      }
    }
    registerOnnxExporter<Scale>('TestScale', {
      emit: (m, ctx) => ctx.graph.addNode('Mul', [ctx.input, ctx.graph.addScalar(`${ctx.path}/factor`, m.factor)], `${ctx.path}/Mul`),
    });
    const model = new Sequential(new Linear(4, 3, { seed: 2 }), new Scale(-1.5));
    expect(typeNameOf(model.at(1)!)).toBe('TestScale');
    await expectOrtMatches(model, exportOnnx(model, x), randomInput([5, 4], 3));
  });

  // Stand-ins with PyTorch's formulas for activations being added to nn under these type names: they check that
  // the registered ONNX formulation computes the same function.
  const standIn = (typeName: string, f: (t: Tensor) => Tensor, fields: object = {}): Module => {
    const m = new (class extends Module {
      static readonly typeName = typeName;
      override forward(t: Tensor): Tensor {
        return f(t);
      }
    })();
    return Object.assign(m, fields);
  };
  const hardsigmoid = (t: Tensor): Tensor => t.div(6).add(0.5).clip(0, 1);
  test.each([
    ['SiLU', (t: Tensor) => t.mul(t.sigmoid()), {}],
    ['Mish', (t: Tensor) => t.mul(t.softplus().tanh()), {}],
    ['Hardtanh', (t: Tensor) => t.clip(-0.5, 1.25), { minVal: -0.5, maxVal: 1.25 }],
    ['Hardsigmoid', hardsigmoid, {}],
    ['Hardswish', (t: Tensor) => t.mul(hardsigmoid(t)), {}],
    ['LogSigmoid', (t: Tensor) => t.neg().softplus().neg(), {}],
  ] as const)('%s is exported by its formula (opsets 17 and 18)', async (typeName, f, fields) => {
    const model = new Sequential(new Linear(4, 6, { seed: 3 }), standIn(typeName, f, fields));
    for (const opset of [17, 18]) await expectOrtMatches(model, exportOnnx(model, x, { opset }), randomInput([7, 4], 4).astype('float32'));
  });
});

// The same activations as nn layers, wherever @seedling-ml/nn has them (looked up by name).
const realActivations: [string, unknown[]][] = [
  ['SiLU', []],
  ['Mish', []],
  ['Hardtanh', [-0.5, 1.25]],
  ['Hardsigmoid', []],
  ['Hardswish', []],
  ['LogSigmoid', []],
];
describe.each(realActivations)('nn.%s', (name, args) => {
  const Ctor = (nn as unknown as Record<string, (new (...a: unknown[]) => Module) | undefined>)[name];
  test.skipIf(Ctor === undefined)('exports and matches onnxruntime at opsets 17 and 18', async () => {
    const model = new Sequential(new Linear(4, 6, { seed: 3 }), new Ctor!(...args));
    for (const opset of [17, 18]) await expectOrtMatches(model, exportOnnx(model, x, { opset }), randomInput([7, 4], 4));
  });
});

test('saveOnnx writes the exported bytes to a file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'seedling-onnx-'));
  try {
    const model = new Sequential(new Linear(4, 3, { seed: 1 }), new ReLU());
    const path = join(dir, 'mlp.onnx');
    await saveOnnx(model, x, path);
    expect(new Uint8Array(await readFile(path))).toEqual(exportOnnx(model, x));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
