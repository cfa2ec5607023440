/**
 * The PyTorch CPU peer: a long-lived `python3 pytorch/bench_torch.py` process that builds and times a
 * case from its JSON description (`TorchSpec`), at one thread and at all cores, in the same run as the
 * JS engines. It idles on stdin between cases, so it never competes with the JS timings. When `python3`
 * or `torch` is missing, `startPytorch` prints a note and returns null and the columns stay empty.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** A case as `bench_torch.py` builds it (same sizes, dtype, data distributions and optimizer settings as Seedling's). */
export type TorchSpec =
  | { kind: 'matmul'; n: number }
  | { kind: 'elementwise'; op: 'add' | 'mul' | 'exp'; n: number }
  | { kind: 'sum'; rows: number; cols: number; axis: number }
  | { kind: 'fwdbwd'; sizes: readonly number[]; activation: 'relu' | 'tanh'; loss: 'crossEntropy' | 'mse'; batch: number }
  | { kind: 'train'; sizes: readonly number[]; optimizer: 'Adam' | 'SGD'; lr: number; batch: number }
  | { kind: 'epoch'; sizes: readonly number[]; optimizer: 'Adam' | 'SGD'; lr: number; batch: number; n: number };

/** One timing answered by the Python side. */
export interface TorchTiming {
  seconds: number;
  rme: number;
  samples: number;
}

/** A running PyTorch peer. */
export interface PytorchPeer {
  /** `torch.__version__`. */
  readonly version: string;
  /** Threads of the "all threads" column (`os.cpu_count()` on the Python side). */
  readonly cores: number;
  /** Times `spec` with `torch.set_num_threads(threads)`. Rejects with the Python error's text. */
  measure(spec: TorchSpec, threads: number, sampling: { maxTime: number; minSamples: number }): Promise<TorchTiming>;
  /** Closes the process's stdin (it exits). */
  close(): void;
}

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'pytorch', 'bench_torch.py');

/**
 * Starts the PyTorch peer, or prints why not and returns null (no `python3`, or `import torch` fails).
 * The Python command can be overridden with the `SEEDLING_BENCH_PYTHON` environment variable.
 */
export async function startPytorch(): Promise<PytorchPeer | null> {
  const python = process.env.SEEDLING_BENCH_PYTHON ?? 'python3';
  let child: ChildProcessWithoutNullStreams;
  try {
    child = spawn(python, ['-u', SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (err) {
    console.log(`Note: PyTorch column skipped (cannot start ${python}: ${String(err)}).`);
    return null;
  }
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const lines = createInterface({ input: child.stdout });
  const pending: ((line: string | null) => void)[] = [];
  lines.on('line', (line) => pending.shift()?.(line));
  const ended = () => {
    for (const resolve of pending.splice(0)) resolve(null);
  };
  lines.on('close', ended);
  child.on('error', ended);
  const nextLine = () => new Promise<string | null>((resolve) => pending.push(resolve));

  const hello = await nextLine();
  const ready = hello === null ? null : (JSON.parse(hello) as { ready: boolean; torch?: string; cores?: number; error?: string });
  if (ready === null || !ready.ready) {
    const why = ready?.error ?? (stderr.trim() || `${python} did not start`);
    console.log(`Note: PyTorch column skipped (\`${python} -c "import torch"\` failed: ${why.split('\n').at(-1)}).`);
    child.kill();
    return null;
  }
  let queue: Promise<unknown> = Promise.resolve();
  return {
    version: ready.torch ?? 'unknown',
    cores: ready.cores ?? 1,
    measure(spec, threads, sampling) {
      // One request in flight at a time: answers come back in order on one pipe.
      const run = queue.then(async () => {
        child.stdin.write(`${JSON.stringify({ spec, threads, maxTime: sampling.maxTime, minSamples: sampling.minSamples })}\n`);
        const line = await nextLine();
        if (line === null) throw new Error(`benchmarks: the PyTorch process exited: ${stderr.trim()}`);
        const answer = JSON.parse(line) as TorchTiming & { error?: string };
        if (answer.error !== undefined) throw new Error(`benchmarks: PyTorch failed on ${JSON.stringify(spec)}: ${answer.error}`);
        return answer;
      });
      queue = run.catch(() => undefined);
      return run;
    },
    close() {
      child.stdin.end();
    },
  };
}
