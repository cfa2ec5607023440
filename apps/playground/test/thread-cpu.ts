/**
 * CPU time of a Chromium page's threads, from Linux's /proc: the renderer's main thread, its Web
 * Worker thread, and everything else of that browser (compositor, raster and GC helper threads, the GPU
 * and browser processes). Unlike wall-clock time, CPU time does not grow with how many other processes
 * share the machine, so a rate derived from it holds on a busy CI box too.
 */
import { readFileSync, readdirSync } from 'node:fs';

/** CPU milliseconds of every thread under this Node process: key `pid/tid`. */
export interface ThreadSnapshot {
  threads: Map<string, { pid: number; tid: number; name: string; ms: number }>;
  /** Parent of each process seen. */
  parent: Map<number, number>;
}

/** clock ticks per second of /proc's utime and stime (USER_HZ; 100 on every Linux Chromium runs on). */
const TICKS = 100;

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Fields of a /proc stat line after the `(comm)`: [0] state, [1] ppid, … [11] utime, [12] stime. */
function statFields(text: string): string[] {
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/** True when /proc can be read (Linux); elsewhere the test falls back to the DevTools protocol's counters. */
export function procAvailable(): boolean {
  return read(`/proc/${process.pid}/stat`) !== null;
}

/** CPU time of every thread of every process descending from this Node process (Playwright's browsers). */
export function snapshot(): ThreadSnapshot {
  const parent = new Map<number, number>();
  const pids: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    const st = read(`/proc/${e}/stat`);
    if (st === null) continue;
    parent.set(Number(e), Number(statFields(st)[1]));
    pids.push(Number(e));
  }
  const isOurs = (pid: number): boolean => {
    for (let p = parent.get(pid), i = 0; p !== undefined && p > 1 && i < 8; p = parent.get(p), i++) if (p === process.pid) return true;
    return false;
  };
  const threads: ThreadSnapshot['threads'] = new Map();
  for (const pid of pids) {
    if (!isOurs(pid)) continue;
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const t of tids) {
      const st = read(`/proc/${pid}/task/${t}/stat`);
      if (st === null) continue;
      const f = statFields(st);
      const name = (read(`/proc/${pid}/task/${t}/comm`) ?? '').trim();
      threads.set(`${pid}/${t}`, { pid, tid: Number(t), name, ms: ((Number(f[11]) + Number(f[12])) * 1000) / TICKS });
    }
  }
  return { threads, parent };
}

/** CPU milliseconds between two snapshots, split as the page uses them. */
export interface PageCpu {
  /** The renderer's main thread (DOM, Vega, canvas drawing). */
  main: number;
  /** The page's Web Worker thread (Seedling). */
  worker: number;
  /** Every other thread of the same browser (compositor, raster, GC helpers, GPU and browser processes). */
  rest: number;
}

/**
 * Splits the CPU used between `a` and `b`: the page is the renderer whose DedicatedWorker thread used the
 * most CPU (the one training; other tests' browsers may run beside it), its browser the ancestor of
 * that renderer directly under this Node process. Null if no worker thread ran.
 */
export function pageCpu(a: ThreadSnapshot, b: ThreadSnapshot): PageCpu | null {
  const delta = new Map<string, { pid: number; tid: number; name: string; ms: number }>();
  for (const [k, t] of b.threads) delta.set(k, { ...t, ms: t.ms - (a.threads.get(k)?.ms ?? 0) });
  let workerThread: { pid: number; ms: number } | null = null;
  for (const t of delta.values())
    if (t.name.startsWith('DedicatedWorker') && (workerThread === null || t.ms > workerThread.ms)) workerThread = t;
  if (workerThread === null) return null;
  const renderer = workerThread.pid;
  let browser = renderer;
  while (b.parent.get(browser) !== undefined && b.parent.get(browser) !== process.pid) browser = b.parent.get(browser)!;
  const underBrowser = (pid: number): boolean => {
    for (let p: number | undefined = pid, i = 0; p !== undefined && i < 8; p = b.parent.get(p), i++) if (p === browser) return true;
    return false;
  };
  const out: PageCpu = { main: 0, worker: 0, rest: 0 };
  for (const t of delta.values()) {
    if (!underBrowser(t.pid)) continue;
    if (t.pid === renderer && t.tid === renderer) out.main += t.ms;
    else if (t.pid === renderer && t.name.startsWith('DedicatedWorker')) out.worker += t.ms;
    else out.rest += t.ms;
  }
  return out;
}
