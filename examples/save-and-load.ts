import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensor } from '@seedling-ml/autograd';
import { Linear, ReLU, Sequential } from '@seedling-ml/nn';
import { loadModel, saveModel } from 'seedling-ml/node';

const build = (seed: number) => new Sequential(new Linear(2, 16, { seed }), new ReLU(), new Linear(16, 2, { seed: seed + 1 }));

const model = build(0); // imagine it trained
const path = join(tmpdir(), 'seedling-getting-started.safetensors');
await saveModel(model, path); // a safetensors file: '0.weight', '0.bias', '2.weight', '2.bias'

const restored = build(7); // the same architecture with other weights
await loadModel(restored, path); // checks every name and shape first, then copies the values in

const x = tensor([0.5, -1]); // one input point
console.log('original:', model.forward(x).toArray());
console.log('restored:', restored.forward(x).toArray());
