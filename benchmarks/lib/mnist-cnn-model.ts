import { BatchNorm2d, Conv2d, Dropout, Flatten, Identity, Linear, MaxPool2d, ReLU, Sequential } from '@seedling-ml/nn';

/**
 * The network of examples/mnist-cnn.ts as the benchmarks time it (fixed seeds): conv5×5 16 – [BN] – ReLU – pool –
 * conv5×5 32 – [BN] – ReLU – pool – FC 128 – dropout 0.3 – FC 10, for [N, 1, 28, 28] input. Shared by the conv
 * suite's training-step row and profile/mnist-cnn-step.ts so both time the same model.
 */
export function mnistCnnModel(batchNorm = false): Sequential {
  const norm = (c: number) => (batchNorm ? new BatchNorm2d(c) : new Identity());
  return new Sequential(
    new Conv2d(1, 16, 5, { padding: 2, seed: 1 }),
    norm(16),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(16, 32, 5, { padding: 2, seed: 2 }),
    norm(32),
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Linear(1568, 128, { seed: 3 }),
    new ReLU(),
    new Dropout(0.3, { seed: 4 }),
    new Linear(128, 10, { seed: 5 }),
  );
}
