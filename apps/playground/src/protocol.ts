/** Messages between the page and the worker that runs Seedling. */
import type { Config } from './config.ts';
import type { Boundary, Frame, Setup } from './session.ts';

/**
 * Where the worker's time went since the experiment started: `train` in forward, backward and optimizer
 * steps, `panels` in what only the panels need (statistics, decision boundary, Jacobian spectrum).
 */
export interface WorkerMs {
  train: number;
  panels: number;
}

/** Page → worker. */
export type ToWorker =
  | { type: 'reset'; config: Config; id: number }
  | { type: 'run'; running: boolean }
  /** Train exactly `steps` more steps, then pause. */
  | { type: 'train'; steps: number }
  /** The page is done with one frame of experiment `id` (drawn, or replaced by a newer one before drawing). */
  | { type: 'ready'; id: number };

/** Worker → page. Every message carries the id of the experiment it belongs to, so stale ones are dropped. */
export type FromWorker =
  | { type: 'setup'; id: number; setup: Setup; jacobian: number[] }
  | {
      type: 'frame';
      id: number;
      frame: Frame;
      boundary: Boundary | null;
      jacobian: number[] | null;
      running: boolean;
      /** Worker wall-clock milliseconds so far in this experiment: training steps, and the panels' extra work. */
      workerMs: WorkerMs;
    }
  | { type: 'error'; id: number; message: string };
