/** Messages between the page and the worker that runs Seedling. */
import type { Config } from './config.ts';
import type { Boundary, Frame, Setup } from './session.ts';

/** Page → worker. */
export type ToWorker =
  | { type: 'reset'; config: Config; id: number }
  | { type: 'run'; running: boolean }
  /** Train exactly `steps` more steps, then pause. */
  | { type: 'train'; steps: number };

/** Worker → page. Every message carries the id of the experiment it belongs to, so stale ones are dropped. */
export type FromWorker =
  | { type: 'setup'; id: number; setup: Setup; jacobian: number[] }
  | { type: 'frame'; id: number; frame: Frame; boundary: Boundary | null; jacobian: number[] | null; running: boolean }
  | { type: 'error'; id: number; message: string };
