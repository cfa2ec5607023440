/**
 * The Web Worker that runs Seedling: builds the experiment, trains it step by step, and posts a frame
 * of statistics at most every FRAME_MS (so the page redraws at a steady rate however fast steps are).
 * Between steps it yields to its message queue, so a new config or a pause takes effect at once.
 */
import type { FromWorker, ToWorker } from './protocol.ts';
import { Session } from './session.ts';

const FRAME_MS = 100;
/**
 * The decision boundary and the Jacobian spectrum cost one to two training steps each, so they are
 * recomputed every so many statistics frames (not seconds: on a slow or busy machine a clock-based
 * cadence would put one into nearly every frame), and whenever training stops.
 */
const BOUNDARY_EVERY = 10;
const JACOBIAN_EVERY = 60;
/** Above this width the Jacobian's spectrum is computed once, at the start (O(width³·depth)). */
const LIVE_JACOBIAN_MAX_WIDTH = 256;

/** Grid side of the decision boundary: 24 for small nets, 16 when a forward of 576 points gets costly. */
function boundarySize(depth: number, width: number): number {
  return depth * width * width > 1e6 ? 16 : 24;
}

let session: Session | null = null;
let id = 0;
let running = false;
let budget = Number.POSITIVE_INFINITY;
/** Start time of the last statistics step, and the wall time of the last step (to see whether the next frame would be late). */
let lastFrame = 0;
let lastStepMs = 0;
let framesSinceBoundary = 0;
let framesSinceJacobian = 0;
let scheduled = false;
const channel = new MessageChannel();

function post(m: FromWorker): void {
  (self as unknown as Worker).postMessage(m);
}

function loop(): void {
  scheduled = false;
  const s = session;
  if (s === null || !running) return;
  try {
    const now = performance.now();
    // A statistics step when the next frame is due by the time this step ends: when steps are slower than
    // FRAME_MS every step is shown; when they are fast, one every FRAME_MS.
    const stats = now - lastFrame + lastStepMs >= FRAME_MS || budget === 1;
    if (stats) lastFrame = now;
    const frame = s.step(stats);
    lastStepMs = performance.now() - now;
    budget--;
    if (budget <= 0) running = false;
    if (frame !== null) {
      const wantBoundary = ++framesSinceBoundary >= BOUNDARY_EVERY || !running;
      const boundary = wantBoundary ? s.boundary(boundarySize(s.config.depth, s.config.width)) : null;
      if (wantBoundary) framesSinceBoundary = 0;
      const wantJacobian = s.config.width <= LIVE_JACOBIAN_MAX_WIDTH && (++framesSinceJacobian >= JACOBIAN_EVERY || !running);
      const jacobian = wantJacobian ? s.jacobianSpectrum() : null;
      if (wantJacobian) framesSinceJacobian = 0;
      post({ type: 'frame', id, frame, boundary, jacobian, running });
    } else if (s.buildError !== null) {
      running = false;
    }
  } catch (e) {
    running = false;
    post({ type: 'error', id, message: e instanceof Error ? e.message : String(e) });
  }
  schedule();
}

function schedule(): void {
  if (running && !scheduled) {
    scheduled = true;
    channel.port2.postMessage(null);
  }
}
channel.port1.onmessage = loop;

self.onmessage = (ev: MessageEvent<ToWorker>) => {
  const m = ev.data;
  if (m.type === 'reset') {
    id = m.id;
    running = false;
    budget = Number.POSITIVE_INFINITY;
    try {
      session = new Session(m.config);
      const setup = session.setup();
      const jacobian = session.jacobianSpectrum();
      framesSinceBoundary = 0;
      framesSinceJacobian = 0;
      post({ type: 'setup', id, setup, jacobian });
      const frame = session.step(true, false);
      if (frame !== null)
        post({
          type: 'frame',
          id,
          frame,
          boundary: session.boundary(boundarySize(m.config.depth, m.config.width)),
          jacobian: null,
          running: false,
        });
    } catch (e) {
      session = null;
      post({ type: 'error', id, message: e instanceof Error ? e.message : String(e) });
    }
  } else if (m.type === 'run') {
    running = m.running && session !== null;
    budget = Number.POSITIVE_INFINITY;
    schedule();
  } else if (m.type === 'train') {
    running = session !== null && m.steps > 0;
    budget = m.steps;
    schedule();
  }
};
