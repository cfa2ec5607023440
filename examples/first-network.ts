import { tensor } from '@seedling-ml/autograd';
import { Linear, ReLU, Sequential, crossEntropyLoss } from '@seedling-ml/nn';
import { Adam } from '@seedling-ml/optim';

// XOR: four points, two classes, and no straight line between them.
const x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
const y = [0, 1, 1, 0];

const model = new Sequential(new Linear(2, 8, { seed: 1 }), new ReLU(), new Linear(8, 2, { seed: 2 }));
const optimizer = new Adam(model.parameters(), { lr: 0.05 });

for (let step = 0; step <= 200; step++) {
  const loss = crossEntropyLoss(model.forward(x), y); // how wrong the network is
  optimizer.zeroGrad(); // forget the previous step's gradients
  loss.backward();      // d(loss)/d(every parameter)
  optimizer.step();     // move every parameter a little downhill
  if (step % 50 === 0) console.log(`step ${step}: loss ${loss.item().toFixed(4)}`);
}
console.log('predictions:', model.forward(x).argmax({ axis: 1 }).toArray());
