import { type Tensor, noGrad, tensor } from '@seedling-ml/autograd';
import { crossEntropyLoss } from '@seedling-ml/nn';
import { Adam } from '@seedling-ml/optim';
import { NDArray, Rng } from '@seedling-ml/tensor';
import type { Case, Suite } from '../lib/case.ts';
import { mnistCnnModel } from '../lib/mnist-cnn-model.ts';
import { tf, tfjsPeers, tfjsStatefulPeers } from '../lib/tfjs.ts';

/*
 * Convolutions and pooling, forward + backward (the loss is the sum of the output, so every gradient
 * — input, weight, bias — is computed), and one training step of the MNIST CNN of examples/mnist-cnn.ts.
 * Each engine uses its own layout: Seedling NCHW with [O, C/g, kH, kW] weights (PyTorch's), tfjs NHWC
 * with [kH, kW, C, O] filters (its only fast layout); sizes, data and FLOPs are the same.
 */

/** A seeded N(0, 1) array of `size` values. */
function randn(size: number, seed: number, std = 1): Float32Array {
  return Float32Array.from(new Rng(seed).normal([size], 0, std).data);
}

interface ConvSpec {
  name: string;
  n: number;
  c: number;
  h: number;
  o: number;
  k: number;
  padding: number;
  groups: number;
}

/** FLOPs of forward + both gradients of a convolution: 3 products of 2·N·O·outH·outW·(C/g)·k² each. */
function convFlops(s: ConvSpec): number {
  const out = s.h + 2 * s.padding - s.k + 1;
  return 3 * 2 * s.n * s.o * out * out * (s.c / s.groups) * s.k * s.k;
}

function convCase(s: ConvSpec, backward = true): Case {
  const x = randn(s.n * s.c * s.h * s.h, 1);
  const w = randn(s.o * (s.c / s.groups) * s.k * s.k, 2, 0.1);
  const xs = tensor(new NDArray(x, [s.n, s.c, s.h, s.h]), { requiresGrad: true });
  const ws = tensor(new NDArray(w, [s.o, s.c / s.groups, s.k, s.k]), { requiresGrad: true });
  const bs = tensor(new Float32Array(s.o), { requiresGrad: true });
  // tfjs: NHWC input and [kH, kW, C/g, O] (depthwise: [kH, kW, C, 1]) filter, from the same numbers.
  const nhwc = (): tf.Tensor4D => tf.transpose(tf.tensor4d(x, [s.n, s.c, s.h, s.h]), [0, 2, 3, 1]);
  const filter = (): tf.Tensor4D =>
    tf.transpose(tf.tensor4d(w, [s.o, s.c / s.groups, s.k, s.k]), s.groups === 1 ? [2, 3, 1, 0] : [2, 3, 0, 1]);
  const pad = s.padding === 0 ? 'valid' : 'same';
  return {
    name: `conv ${backward ? 'fwd+bwd' : 'fwd'} ${s.name}`,
    unit: 'GFLOP/s',
    work: convFlops(s) / (backward ? 1 : 3),
    seedling: backward
      ? () => {
          for (const t of [xs, ws, bs]) t.grad = null;
          xs.conv2d(ws, bs, { padding: s.padding, groups: s.groups }).sum().backward();
        }
      : () => void noGrad(() => xs.conv2d(ws, bs, { padding: s.padding, groups: s.groups })),
    peers: backward
      ? cpuOnly(
          tfjsStatefulPeers(
            () => ({ xv: tf.variable(nhwc()), fv: tf.variable(filter()), bv: tf.variable(tf.zeros([s.o])) }),
            ({ xv, fv, bv }) => {
              const { value } = tf.variableGrads(
                () => {
                  const y =
                    s.groups === 1
                      ? tf.conv2d(xv as tf.Tensor4D, fv as tf.Tensor4D, 1, pad)
                      : tf.depthwiseConv2d(xv as tf.Tensor4D, fv as tf.Tensor4D, 1, pad);
                  return tf.sum(tf.add(y, bv));
                },
                [xv, fv, bv] as tf.Variable[],
              );
              return value;
            },
            ({ xv, fv, bv }) => tf.dispose([xv, fv, bv]),
          ),
        )
      : tfjsPeers(
          () => [nhwc(), filter(), tf.zeros([s.o])],
          ([xt, ft, bt]) => {
            const y =
              s.groups === 1
                ? tf.conv2d(xt as tf.Tensor4D, ft as tf.Tensor4D, 1, pad)
                : tf.depthwiseConv2d(xt as tf.Tensor4D, ft as tf.Tensor4D, 1, pad);
            return tf.add(y, bt!);
          },
        ),
  };
}

/**
 * tfjs-wasm 4.22 registers no gradient kernels for convolution or pooling (Conv2DBackpropFilter,
 * DepthwiseConv2dNativeBackpropFilter, MaxPoolGrad throw "not registered for backend 'wasm'"), so
 * rows with a backward pass compare with tfjs-cpu only; the forward rows compare with both.
 */
function cpuOnly(peers: ReturnType<typeof tfjsStatefulPeers>): Case['peers'] {
  return { tfjsCpu: peers.tfjsCpu };
}

function maxPoolCase(n: number, c: number, h: number): Case {
  const x = randn(n * c * h * h, 3);
  const xs = tensor(new NDArray(x, [n, c, h, h]), { requiresGrad: true });
  return {
    name: `max-pool 2×2 fwd+bwd [${n},${c},${h},${h}]`,
    unit: 'ms',
    work: 0,
    seedling: () => {
      xs.grad = null;
      xs.maxPool2d({ kernelSize: 2 }).sum().backward();
    },
    peers: cpuOnly(
      tfjsStatefulPeers(
        () => ({ xv: tf.variable(tf.transpose(tf.tensor4d(x, [n, c, h, h]), [0, 2, 3, 1])) }),
        ({ xv }) => tf.variableGrads(() => tf.sum(tf.maxPool(xv as tf.Tensor4D, 2, 2, 'valid')), [xv as tf.Variable]).value,
        ({ xv }) => tf.dispose(xv),
      ),
    ),
  };
}

/** One Adam step of examples/mnist-cnn.ts's network (conv5×5 16 – pool – conv5×5 32 – pool – FC 128 – FC 10) on a batch of 64. */
function mnistCnnStep(): Case {
  const batch = 64;
  const x = randn(batch * 784, 4);
  const labels = Array.from({ length: batch }, (_, i) => (i * 7) % 10);
  // Without BatchNorm, as the row has always been timed (tfjs-cpu builds the same layers).
  const model = mnistCnnModel();
  const opt = new Adam(model.parameters(), { lr: 1e-3 });
  const xs: Tensor = tensor(new NDArray(x, [batch, 1, 28, 28]));
  // FLOPs: forward 2·(784·16·25 + 196·32·400 + 1568·128 + 128·10) per image, backward ≈ 2× forward.
  const work = 3 * 2 * batch * (784 * 16 * 25 + 196 * 32 * 400 + 1568 * 128 + 1280);
  return {
    name: 'MNIST-CNN training step (Adam, batch 64)',
    unit: 'ms',
    work,
    seedling: () => {
      opt.zeroGrad();
      const loss = crossEntropyLoss(model.forward(xs), labels);
      loss.backward();
      opt.step();
      loss.item();
    },
    peers: cpuOnly(
      tfjsStatefulPeers(
        () => {
          const v = (shape: number[], seed: number, std: number) =>
            tf.variable(
              tf.tensor(
                randn(
                  shape.reduce((a, b) => a * b, 1),
                  seed,
                  std,
                ),
                shape,
              ),
            );
          const vars = {
            c1: v([5, 5, 1, 16], 11, 0.2),
            b1: tf.variable(tf.zeros([16])),
            c2: v([5, 5, 16, 32], 12, 0.05),
            b2: tf.variable(tf.zeros([32])),
            f1: v([1568, 128], 13, 0.03),
            fb1: tf.variable(tf.zeros([128])),
            f2: v([128, 10], 14, 0.1),
            fb2: tf.variable(tf.zeros([10])),
          };
          return {
            vars,
            xt: tf.tensor4d(x, [batch, 28, 28, 1]),
            yt: tf.oneHot(tf.tensor1d(labels, 'int32'), 10),
            opt: tf.train.adam(1e-3),
          };
        },
        ({ vars: p, xt, yt, opt: o }) =>
          o.minimize(
            () => {
              let h: tf.Tensor4D = tf.maxPool(
                tf.relu(tf.add(tf.conv2d(xt, p.c1 as tf.Tensor4D, 1, 'same'), p.b1)) as tf.Tensor4D,
                2,
                2,
                'valid',
              );
              h = tf.maxPool(tf.relu(tf.add(tf.conv2d(h, p.c2 as tf.Tensor4D, 1, 'same'), p.b2)) as tf.Tensor4D, 2, 2, 'valid');
              let f: tf.Tensor = tf.relu(tf.add(tf.matMul(tf.reshape(h, [batch, 1568]), p.f1), p.fb1));
              f = tf.dropout(f, 0.3);
              return tf.losses.softmaxCrossEntropy(yt, tf.add(tf.matMul(f, p.f2), p.fb2)) as tf.Scalar;
            },
            true,
            Object.values(p) as tf.Variable[],
          ),
        ({ vars, xt, yt }) => tf.dispose([...Object.values(vars), xt, yt]),
      ),
    ),
    sampling: { minSamples: 3, maxTime: 2 },
  };
}

/**
 * Convolution suite: forward + backward of a LeNet-5 conv layer (6 → 16, 5×5 on 14×14, batch 64), a
 * 3×3 64 → 64 conv on 32×32 at batch 32, a depthwise 3×3 on the same input, 2×2 max pooling, and a
 * MNIST-CNN training step.
 */
/**
 * The same case without peers. `--quick` uses it for the two rows where one tfjs-cpu call takes minutes (the
 * 3×3 64→64 fwd+bwd ≈ 3 min, the MNIST-CNN step ≈ 2 min), which alone would run past 10 minutes.
 */
function seedlingOnly(c: Case): Case {
  return { ...c, peers: {} };
}

export const convSuite: Suite = {
  name: 'conv',
  cases({ quick }) {
    const lenet = { name: 'LeNet-5 conv2 6→16 5×5 14×14 batch 64', n: 64, c: 6, h: 14, o: 16, k: 5, padding: 0, groups: 1 };
    const wide = { name: '3×3 64→64 32×32 batch 32', n: 32, c: 64, h: 32, o: 64, k: 3, padding: 1, groups: 1 };
    const depthwise = { name: 'depthwise 3×3 64 ch 32×32 batch 32', n: 32, c: 64, h: 32, o: 64, k: 3, padding: 1, groups: 64 };
    const slowForTfjsCpu = quick ? seedlingOnly : (c: Case): Case => c;
    return [
      convCase(lenet, false),
      convCase(wide, false),
      convCase(depthwise, false),
      convCase(lenet),
      slowForTfjsCpu(convCase(wide)),
      convCase(depthwise),
      maxPoolCase(32, 64, 32),
      slowForTfjsCpu(mnistCnnStep()),
    ];
  },
};
