/**
 * The Web Worker that runs Seedling: builds the experiment and trains it step by step. Statistics are
 * paced by the page, not by a clock: the worker measures a step's statistics and posts a frame only
 * while fewer than MAX_IN_FLIGHT frames are waiting for the page (it acknowledges each frame it is done
 * with: 'ready'), and trains plain steps otherwise. So the panels refresh as fast as the slower of the two
 * sides allows, hardly any statistics are computed for frames the page would drop, and training never
 * waits for the page. Between steps the worker yields to its message queue, so a new config, a pause or
 * a 'ready' takes effect at once.
 */
import type { FromWorker, ToWorker, WorkerMs } from './protocol.ts';
import { type Boundary, type Frame, Session } from './session.ts';

/**
 * The decision boundary and the Jacobian spectrum cost about one and two training steps, so they are
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
/**
 * Frames posted and not yet acknowledged. Two in flight let the worker measure the next frame while the
 * page draws the current one; with one, each refresh would wait for a whole step after the page's 'ready'.
 */
const MAX_IN_FLIGHT = 2;
let inFlight = 0;
const workerMs: WorkerMs = { train: 0, panels: 0 };
let framesSinceBoundary = 0;
let framesSinceJacobian = 0;
let scheduled = false;
const channel = new MessageChannel();

/** Posts a frame, handing the histograms' buffers to the page (no copy). */
function postFrame(frame: Frame, extra: { boundary: Boundary | null; jacobian: number[] | null; running: boolean }): void {
  const m: FromWorker = { type: 'frame', id, frame, ...extra, workerMs: { ...workerMs } };
  inFlight++;
  (self as unknown as Worker).postMessage(m, [frame.pre.fractions.buffer, frame.act.fractions.buffer, frame.grad.fractions.buffer]);
}

function post(m: FromWorker): void {
  (self as unknown as Worker).postMessage(m);
}

function loop(): void {
  scheduled = false;
  const s = session;
  if (s === null || !running) return;
  try {
    // The last step of a fixed budget always reports, so the page ends on the final state.
    const stats = inFlight < MAX_IN_FLIGHT || budget === 1;
    const t0 = performance.now();
    const frame = s.step(stats);
    const t1 = performance.now();
    workerMs.train += t1 - t0 - (frame?.statsMs ?? 0);
    workerMs.panels += frame?.statsMs ?? 0;
    budget--;
    if (budget <= 0) running = false;
    if (frame !== null) {
      const wantBoundary = ++framesSinceBoundary >= BOUNDARY_EVERY || !running;
      const boundary = wantBoundary ? s.boundary(boundarySize(s.config.depth, s.config.width)) : null;
      if (wantBoundary) framesSinceBoundary = 0;
      const wantJacobian = s.config.width <= LIVE_JACOBIAN_MAX_WIDTH && (++framesSinceJacobian >= JACOBIAN_EVERY || !running);
      const jacobian = wantJacobian ? s.jacobianSpectrum() : null;
      if (wantJacobian) framesSinceJacobian = 0;
      workerMs.panels += performance.now() - t1;
      postFrame(frame, { boundary, jacobian, running });
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
  if (m.type === 'ready') {
    if (m.id === id) inFlight = Math.max(0, inFlight - 1);
  } else if (m.type === 'reset') {
    id = m.id;
    running = false;
    budget = Number.POSITIVE_INFINITY;
    inFlight = 0;
    workerMs.train = 0;
    workerMs.panels = 0;
    try {
      session = new Session(m.config);
      const setup = session.setup();
      const jacobian = session.jacobianSpectrum();
      framesSinceBoundary = 0;
      framesSinceJacobian = 0;
      post({ type: 'setup', id, setup, jacobian });
      const frame = session.step(true, false);
      if (frame !== null)
        postFrame(frame, { boundary: session.boundary(boundarySize(m.config.depth, m.config.width)), jacobian: null, running: false });
    } catch (e) {
      session = null;
      post({ type: 'error', id, message: e instanceof Error ? e.message : String(e) });
    }
  } else if (m.type === 'run') {
    if (!m.running && running) {
      // Pause after one more step, which reports (budget 1): the page then shows the state it paused in,
      // with the losses of the plain steps since the last frame, not a frame that may be steps old.
      budget = 1;
    } else {
      running = m.running && session !== null;
      budget = Number.POSITIVE_INFINITY;
    }
    schedule();
  } else if (m.type === 'train') {
    running = session !== null && m.steps > 0;
    budget = m.steps;
    schedule();
  }
};
