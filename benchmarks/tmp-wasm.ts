import { initTfjs, tf } from './lib/tfjs.ts';
import { MNIST_MLP, initialParameters, syntheticBatch, tfjsBatch, tfjsLoss, tfjsVariables } from './lib/mlp.ts';
await initTfjs();
for (const be of ['wasm', 'cpu']) {
  await tf.setBackend(be);
  const vars = tfjsVariables(initialParameters(MNIST_MLP, 1));
  const [x, y] = tfjsBatch(MNIST_MLP, syntheticBatch(MNIST_MLP, 64, 2));
  const time = (name: string, f: () => tf.Tensor, n = 20) => {
    tf.tidy(() => { f().dataSync(); });
    const t0 = performance.now();
    for (let i = 0; i < n; i++) tf.tidy(() => { f().dataSync(); });
    console.log(be, name, ((performance.now() - t0) / n).toFixed(3), 'ms');
  };
  const w = vars[0]!; const wT = tf.transpose(w);
  const dy = tf.randomNormal([64, 256]);
  time('mm x·Wᵀ (transposeB)', () => tf.matMul(x, w, false, true));
  time('mm x·W (pre-transposed)', () => tf.matMul(x, wT));
  time('mm dyᵀ·x (transposeA)', () => tf.matMul(dy, x, true, false));
  time('mm dy·W', () => tf.matMul(dy, w));
  time('forward loss', () => tfjsLoss(MNIST_MLP, vars, x, y));
  time('fwd+bwd', () => tf.variableGrads(() => tfjsLoss(MNIST_MLP, vars, x, y), vars).value);
  const prof = await tf.profile(() => tf.tidy(() => { tf.variableGrads(() => tfjsLoss(MNIST_MLP, vars, x, y), vars).value.dataSync(); }));
  const byK = new Map<string, number>();
  for (const k of prof.kernels) byK.set(k.name, (byK.get(k.name) ?? 0) + (k.kernelTimeMs as number));
  console.log(be, [...byK].sort((a, b) => b[1] - a[1]).map(([k, t]) => `${k} ${t.toFixed(2)}`).join(', '));
}
