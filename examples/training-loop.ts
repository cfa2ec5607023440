import { noGrad, tensor } from '@seedling-ml/autograd';
import { DataLoader, TensorDataset, makeMoons } from '@seedling-ml/data';
import { Linear, ReLU, Sequential, crossEntropyLoss } from '@seedling-ml/nn';
import { SGD } from '@seedling-ml/optim';

// Two interleaving half-moons: 400 noisy points to learn from, 200 fresh ones to test on.
const train = makeMoons({ n: 400, noise: 0.15, seed: 0 });
const test = makeMoons({ n: 200, noise: 0.15, seed: 1 });
const loader = new DataLoader(new TensorDataset(train.x, train.y), { batchSize: 32, shuffle: true, seed: 0 });

const model = new Sequential(new Linear(2, 32, { seed: 0 }), new ReLU(), new Linear(32, 2, { seed: 1 }));
const optimizer = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });

for (let epoch = 1; epoch <= 20; epoch++) {
  model.train(); // training behaviour for Dropout and BatchNorm (none here, but a good habit)
  let lossSum = 0;
  for (const [xb, yb] of loader) { // one epoch: every point once, in a new seeded order
    const loss = crossEntropyLoss(model.forward(xb), yb);
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    lossSum += loss.item() * yb.shape[0]!;
  }
  if (epoch % 5 === 0) console.log(`epoch ${epoch}: mean loss ${(lossSum / loader.dataset.length).toFixed(4)}`);
}

model.eval(); // inference behaviour
const predicted = noGrad(() => model.forward(tensor(test.x)).argmax({ axis: 1 })); // no graph recorded
const accuracy = predicted.equal(tensor(test.y)).mean().item();
console.log(`test accuracy: ${(100 * accuracy).toFixed(1)}%`);
