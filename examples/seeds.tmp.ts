import { trainMnistCnn } from './mnist-cnn.ts';
const runs = process.argv.slice(2).map((s) => s.split(':').map(Number) as [number, number]);
for (const [seed, epochs] of runs) {
  const r = await trainMnistCnn({ seed, epochs, progress: false, modelPath: `/tmp/cnn-${seed}-${epochs}.safetensors`, log: () => {} });
  console.log(`seed ${seed} epochs ${epochs}: test accuracy ${JSON.stringify((r as unknown as { testAccuracy: number }).testAccuracy ?? r)}`);
}
