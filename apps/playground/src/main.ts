/**
 * The page: controls (mirrored in the URL), the worker that runs Seedling, and the Vega-Lite panels.
 * The main thread only builds DOM and swaps chart data, so it never freezes while the network trains.
 */
import { changeset } from 'vega';
import embed, { type Result } from 'vega-embed';
import { HIST_RANGE, boundarySpec, histogramSpec, layerLinesSpec, lossSpec, spectrumSpec } from './charts.ts';
import {
  ACTIVATIONS,
  CONV_ONLY_INITS,
  type Config,
  DATASETS,
  GAIN_INITS,
  INITS,
  INIT_OPTIONS,
  LANGS,
  LIMITS,
  OPTIMIZERS,
  parseConfig,
  serializeConfig,
} from './config.ts';
import { DataSync, type Row } from './data-sync.ts';
import { el, field, numberInput, select } from './dom.ts';
import { t } from './i18n.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import {
  type HistTuple,
  type RunTrace,
  boundaryRows,
  cellFraction,
  flagRows,
  gradRows,
  histogramTuples,
  lossRows,
  lossStride,
  spectrumRows,
  stdRows,
} from './rows.ts';
import { BINS, type Boundary, type Frame, type LayerStats, type Setup } from './session.ts';
import { recommendedGain } from './theory.ts';

/** Counters the browser test reads (window.__playground). */
interface PageState {
  /** Frames the worker sent for the current experiment. */
  frames: number;
  /** Panel refreshes completed (all charts' data swapped and re-rendered). */
  renders: number;
  step: number;
  /** Worker milliseconds of the latest frame's step. */
  stepMs: number;
  /** Main-thread milliseconds of the latest panel refresh (data swap and re-render of the changed charts). */
  renderMs: number;
  /** Worker wall-clock milliseconds so far in this experiment (protocol.ts WorkerMs), from the latest frame. */
  workerMs: { train: number; panels: number };
  /** Label of the pinned run, or null. */
  pinned: string | null;
  /** Rows last given to each chart's data set (`'pre.hist'`, …): what the panels are drawing. */
  rows: Record<string, number>;
  loss: number | null;
  setupDone: boolean;
  errors: string[];
}

const state: PageState = {
  frames: 0,
  renders: 0,
  step: 0,
  stepMs: 0,
  renderMs: 0,
  workerMs: { train: 0, panels: 0 },
  pinned: null,
  rows: {},
  loss: null,
  setupDone: false,
  errors: [],
};
(window as unknown as { __playground: PageState }).__playground = state;

let config: Config = parseConfig(location.search);
let expId = 0;
let setup: Setup | null = null;
let running = false;
let losses: { step: number; loss: number }[] = [];
let lastLayers: LayerStats[] = [];
let lastSv: number[] = [];
let lastBoundary: Boundary | null = null;
let lastFrame: Frame | null = null;
let pinned: RunTrace | null = null;
/** Set by the "He vs Xavier" button: pin the He run at its first frame, then switch to Xavier. */
let compareHeXavier = false;
let pendingFrame: { id: number; frame: Frame; boundary: Boundary | null; jacobian: number[] | null } | null = null;
let rendering = false;
/** False while the charts are being (re)built: frames wait, rather than being drawn into views being replaced. */
let chartsReady = false;
const renderTimes: number[] = [];
/** The loss chart streams: losses[0 … lossNext) are in it (every lossEvery-th), so a frame inserts only the new ones. */
let lossNext = 0;
let lossEvery = 1;
/** Each histogram chart's tuples (the same objects Vega holds), whose `frac` a frame modifies. */
const histTuples: Record<string, HistTuple[]> = {};
/** The per-frame line and bar charts' data, modified in place while their rows keep the same keys. */
const dataSync = new DataSync();

const views: Record<string, Result | undefined> = {};
const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
const send = (m: ToWorker): void => worker.postMessage(m);

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** Applies a change of controls: URL, and a new experiment unless only the language changed. */
function update(next: Config): void {
  const restart = JSON.stringify({ ...next, lang: '' }) !== JSON.stringify({ ...config, lang: '' });
  const relabel = next.lang !== config.lang;
  config = next;
  history.replaceState(null, '', `?${serializeConfig(config)}`);
  if (relabel) buildPage(!restart);
  else if (restart) buildControls();
  if (restart) start();
}

function buildControls(): void {
  const w = t(config.lang);
  const host = $('controls');
  host.replaceChildren();
  const net = el('fieldset');
  net.append(el('legend', {}, w.network));
  const depth = numberInput(config.depth, LIMITS.depth[0], LIMITS.depth[1], 1);
  depth.addEventListener('change', () => update({ ...config, depth: parseConfig(`?depth=${depth.value}`).depth }));
  field(net, 'depth', w.depth, depth);
  const width = numberInput(config.width, LIMITS.width[0], LIMITS.width[1], 1);
  width.addEventListener('change', () => update({ ...config, width: parseConfig(`?width=${width.value}`).width }));
  field(net, 'width', w.width, width);
  const act = select(ACTIVATIONS, config.activation);
  act.addEventListener('change', () => update({ ...config, activation: act.value as Config['activation'] }));
  field(net, 'activation', w.activation, act);
  const init = select(INITS, config.init, (v) => (CONV_ONLY_INITS.includes(v as never) ? `${v} (${w.convOnly})` : v));
  init.addEventListener('change', () => update({ ...config, init: init.value as Config['init'], initOptions: {} }));
  field(net, 'init', w.init, init);
  const gain = numberInput(config.gain, 0, 100, 'any');
  gain.disabled = !GAIN_INITS.includes(config.init);
  gain.addEventListener('change', () => update({ ...config, gain: parseConfig(`?gain=${gain.value}`).gain }));
  field(net, 'gain', w.gain, gain, w.gainHint);
  const rec = el(
    'button',
    { type: 'button', id: 'recommended-gain' },
    `${w.recommendedGain} (${recommendedGain(config.activation).toFixed(3)})`,
  );
  rec.addEventListener('click', () => update({ ...config, gain: Number(recommendedGain(config.activation).toFixed(4)) }));
  net.append(rec);
  for (const o of INIT_OPTIONS[config.init]) {
    const id = `opt-${o.key}`;
    const current = config.initOptions[o.key] ?? o.default;
    const c = o.kind === 'choice' ? select(o.choices!, String(current)) : numberInput(Number(current), o.min, o.max, o.step ?? 'any');
    c.addEventListener('change', () => {
      const raw = Number(c.value);
      const v = o.kind === 'choice' ? c.value : o.integer === true ? Math.round(raw) : raw;
      if (o.kind === 'number' && !Number.isFinite(raw)) return;
      update({ ...config, initOptions: { ...config.initOptions, [o.key]: v } });
    });
    field(net, id, `${config.init}: ${o.key}`, c);
  }
  const presets = el('div', { class: 'presets', role: 'group', 'aria-label': w.presets });
  const preset = (label: string, id: string, patch: Partial<Config>): void => {
    const b = el('button', { type: 'button', id }, label);
    b.addEventListener('click', () => update({ ...config, gain: 1, initOptions: {}, ...patch }));
    presets.append(b);
  };
  preset(w.presetHe, 'preset-he', { init: 'kaimingNormal' });
  preset(w.presetXavier, 'preset-xavier', { init: 'xavierNormal' });
  preset(w.presetTutorialStd, 'preset-tutorial-std', { init: 'tutorialXavierStd' });
  preset(w.presetTutorialRecipe, 'preset-tutorial-recipe', { init: 'tutorialRecipe' });
  preset(w.presetZeros, 'preset-zeros', { init: 'zeros' });
  net.append(el('span', { class: 'sub' }, w.presets), presets);

  const tr = el('fieldset');
  tr.append(el('legend', {}, w.training));
  const data = select(DATASETS, config.data);
  data.addEventListener('change', () => update({ ...config, data: data.value as Config['data'] }));
  field(tr, 'data', w.data, data);
  const opt = select(OPTIMIZERS, config.optimizer);
  opt.addEventListener('change', () => update({ ...config, optimizer: opt.value as Config['optimizer'] }));
  field(tr, 'optimizer', w.optimizer, opt);
  const lr = numberInput(config.lr, LIMITS.lr[0], LIMITS.lr[1], 'any');
  lr.addEventListener('change', () => update({ ...config, lr: parseConfig(`?lr=${lr.value}`).lr }));
  field(tr, 'lr', w.lr, lr);
  const batch = numberInput(config.batch, LIMITS.batch[0], LIMITS.batch[1], 1);
  batch.addEventListener('change', () => update({ ...config, batch: parseConfig(`?batch=${batch.value}`).batch }));
  field(tr, 'batch', w.batch, batch);
  const seed = numberInput(config.seed, 0, LIMITS.seed[1], 1);
  seed.addEventListener('change', () => update({ ...config, seed: parseConfig(`?seed=${seed.value}`).seed }));
  field(tr, 'seed', w.seed, seed);
  const lang = select(LANGS, config.lang, (v) => (v === 'en' ? 'English' : '中文'));
  lang.addEventListener('change', () => update({ ...config, lang: lang.value as Config['lang'] }));
  field(tr, 'lang', w.lang, lang);

  const actions = el('div', { class: 'actions' });
  const run = el('button', { type: 'button', id: 'run', 'aria-pressed': String(running) }, running ? w.pause : w.train);
  run.addEventListener('click', () => {
    running = !running;
    send({ type: 'run', running });
    syncRunButton();
  });
  const steps = el('button', { type: 'button', id: 'steps200' }, w.steps200);
  steps.addEventListener('click', () => {
    running = true;
    send({ type: 'train', steps: 200 });
    syncRunButton();
  });
  const reset = el('button', { type: 'button', id: 'reset' }, w.reset);
  reset.addEventListener('click', () => start());
  const pin = el(
    'button',
    { type: 'button', id: 'pin', 'aria-pressed': String(pinned !== null) },
    pinned === null ? w.pin : `${w.unpin} (${pinned.label})`,
  );
  pin.title = w.pinHint;
  pin.addEventListener('click', () => {
    pinned =
      pinned === null
        ? { label: describe(config), losses: [...losses], layers: lastLayers, sv: lastSv, prediction: setup?.prediction ?? null }
        : null;
    state.pinned = pinned?.label ?? null;
    buildControls();
    redrawAll();
  });
  const compare = el('button', { type: 'button', id: 'compare' }, w.compare);
  compare.addEventListener('click', () => {
    compareHeXavier = true;
    pinned = null;
    state.pinned = null;
    config = { ...config, init: 'kaimingNormal', gain: 1, initOptions: {} };
    history.replaceState(null, '', `?${serializeConfig(config)}`);
    buildControls();
    start();
  });
  actions.append(run, steps, reset, pin, compare);
  tr.append(actions);
  host.append(net, tr);
}

function syncRunButton(): void {
  const b = document.getElementById('run');
  if (b === null) return;
  const w = t(config.lang);
  b.textContent = running ? w.pause : w.train;
  b.setAttribute('aria-pressed', String(running));
}

function describe(c: Config): string {
  return `${c.init}${GAIN_INITS.includes(c.init) && c.gain !== 1 ? `(gain ${c.gain})` : ''}, ${c.activation}, ${c.depth}×${c.width}`;
}

/** Builds every panel's chart (again on a language change: titles are in the spec). */
async function buildCharts(): Promise<void> {
  chartsReady = false;
  // Let a frame being drawn finish before its views are finalized.
  while (rendering) await new Promise((r) => requestAnimationFrame(r));
  const w = t(config.lang);
  const specs = {
    pre: histogramSpec(null, w, config.depth, BINS),
    act: histogramSpec(w.histFlag, w, config.depth, BINS),
    grad: histogramSpec(null, w, config.depth, BINS),
    stds: layerLinesSpec({ ...w, y: w.std }, 'kind'),
    grads: layerLinesSpec({ ...w, y: w.std }, 'run'),
    loss: lossSpec(w),
    boundary: boundarySpec(w),
    sv: spectrumSpec(w),
  };
  const titles: Record<string, string> = {
    pre: w.histPre,
    act: w.histAct,
    grad: w.histGrad,
    stds: w.stds,
    grads: w.gradStds,
    loss: w.loss,
    boundary: w.boundary,
    sv: w.jacobian,
  };
  for (const [k, text] of Object.entries(titles)) {
    $(`title-${k}`).textContent = text;
    // The chart is a canvas: name it for screen readers by its panel title.
    const host = $(`chart-${k}`);
    host.setAttribute('role', 'img');
    host.setAttribute('aria-labelledby', `title-${k}`);
  }
  await Promise.all(
    Object.entries(specs).map(async ([k, spec]) => {
      views[k]?.finalize();
      views[k] = await embed(`#chart-${k}`, spec, { actions: false, renderer: 'canvas', logLevel: 0 });
    }),
  );
  for (const k of ['pre', 'act', 'grad']) {
    histTuples[k] = histogramTuples(config.depth, BINS);
    // Run now: a changeset waiting for the next run is replaced, not merged, by the next one (a frame's modify).
    await views[k]!.view.data('hist', histTuples[k]!).runAsync();
    // Counted as drawn once a frame's fractions are in (redraw), not while the cells are still empty.
    state.rows[`${k}.hist`] = 0;
  }
  lossNext = 0;
  lossEvery = 1;
  dataSync.clear();
  chartsReady = true;
  pump();
}

function buildPage(withCharts: boolean): void {
  const w = t(config.lang);
  document.documentElement.lang = config.lang;
  document.title = w.title;
  $('title').textContent = w.title;
  $('subtitle').textContent = w.subtitle;
  $('findings-title').textContent = w.findings;
  buildControls();
  renderFindings();
  if (withCharts) void buildCharts().then(redrawAll);
}

function start(): void {
  expId++;
  running = false;
  setup = null;
  losses = [];
  lastLayers = [];
  lastSv = [];
  lastBoundary = null;
  lastFrame = null;
  // A frame of the previous experiment still waiting to be drawn must not be drawn into the new charts.
  pendingFrame = null;
  state.frames = 0;
  state.step = 0;
  state.loss = null;
  state.setupDone = false;
  syncRunButton();
  $('findings').replaceChildren(el('li', {}, t(config.lang).working));
  $('findings').setAttribute('aria-busy', 'true');
  void buildCharts().then(() => send({ type: 'reset', config, id: expId }));
}

function renderFindings(): void {
  const list = $('findings');
  list.replaceChildren();
  list.setAttribute('aria-busy', String(setup === null));
  if (setup === null) return;
  const w = t(config.lang);
  if (setup.error !== null) {
    list.append(el('li', { class: 'error', 'data-kind': 'buildError' }, setup.error));
    return;
  }
  if (setup.findings.length === 0) list.append(el('li', { class: 'ok', 'data-kind': 'none' }, w.noFindings));
  for (const f of setup.findings) {
    list.append(el('li', { class: f.severity, 'data-kind': f.kind }, f.message[config.lang]));
  }
  $('prediction-note').textContent = setup.prediction === null ? w.noPrediction : '';
}

function readout(): void {
  if (setup === null) return;
  const tail = losses.slice(-10);
  const mean = tail.length === 0 ? setup.initialLoss : tail.reduce((a, b) => a + b.loss, 0) / tail.length;
  state.loss = mean;
  const e = $('loss');
  e.textContent = t(config.lang).lossReadout(state.step, mean, Math.log(setup.classes), setup.classes);
  e.dataset.step = String(state.step);
  e.dataset.loss = mean === null ? '' : String(mean);
  e.dataset.lnC = String(Math.log(setup.classes));
}

/**
 * Brings every chart up to the latest frame (called at most once per animation frame). The per-frame
 * work is kept small: histograms modify their tuples' fractions in place, the loss chart inserts only
 * the new points, the per-layer line and bar charts modify their values in place (DataSync). With `all`, the
 * charts that change only on a new experiment, a pin or a language switch are redrawn too.
 */
async function redraw(frame: Frame | null, boundary: Boundary | null, jacobian: number[] | null, all = false): Promise<void> {
  const changed = new Set<string>();
  const view = (k: string) => {
    const v = views[k]?.view;
    if (v !== undefined) changed.add(k);
    return v;
  };
  const put = (k: string, name: string, rows: object[]): void => {
    const v = view(k);
    if (v === undefined) return;
    v.data(name, rows);
    state.rows[`${k}.${name}`] = rows.length;
  };
  const sync = (k: string, name: string, rows: Row[], key: (r: Row) => string, fields: readonly string[]): void => {
    const v = view(k);
    if (v === undefined) return;
    dataSync.sync(v, `${k}.${name}`, name, rows, key, fields);
    state.rows[`${k}.${name}`] = rows.length;
  };
  if (frame !== null && frame.layers.length > 0) {
    lastFrame = frame;
    lastLayers = frame.layers;
  }
  if (lastFrame !== null && (frame !== null || all)) {
    for (const kind of ['pre', 'act', 'grad'] as const) {
      const v = view(kind);
      const h = lastFrame[kind];
      if (v === undefined || h.layers !== config.depth) continue;
      v.signal(HIST_RANGE, h.range);
      v.change(
        'hist',
        changeset().modify(
          () => true,
          'frac',
          (t: HistTuple) => cellFraction(h, BINS, t),
        ),
      );
      state.rows[`${kind}.hist`] = histTuples[kind]?.length ?? 0;
    }
    sync('act', 'flag', flagRows(t(config.lang), lastLayers, pinned), (r) => `${r.run}:${r.layer}`, ['frac', 'tip']);
  }
  const byLine = (r: Row): string => `${r.line}:${r.layer}`;
  sync('stds', 'rows', stdRows(t(config.lang), { layers: lastLayers, prediction: setup?.prediction ?? null }, pinned), byLine, [
    'value',
    'tip',
  ]);
  sync('grads', 'rows', gradRows(t(config.lang), { layers: lastLayers }, pinned), byLine, ['value', 'tip']);
  if (streamLoss(all)) changed.add('loss');
  if (setup !== null && (all || frame === null)) put('loss', 'lnc', [{ y: Math.log(setup.classes), label: `ln ${setup.classes}` }]);
  if (boundary !== null) lastBoundary = boundary;
  if (lastBoundary !== null && (boundary !== null || all)) put('boundary', 'grid', boundaryRows(lastBoundary));
  if (setup !== null && (all || frame === null)) put('boundary', 'points', setup.points);
  if (jacobian !== null) lastSv = jacobian;
  if (jacobian !== null || all || frame === null) put('sv', 'sv', spectrumRows(lastSv, pinned?.sv ?? null));
  readout();
  await Promise.all([...changed].map((k) => views[k]!.view.runAsync()));
}

/**
 * The loss chart: inserts the losses that arrived since the last call (every `lossEvery`-th step);
 * rebuilds it (both runs) when `all` or when the stride has to double to stay within LOSS_POINTS.
 * Returns whether the chart changed (and so has to be run).
 */
function streamLoss(all: boolean): boolean {
  const v = views.loss?.view;
  if (v === undefined) return false;
  const before = lossNext;
  const every = lossStride(losses.length);
  if (all || every !== lossEvery) {
    lossEvery = every;
    const rows = [
      ...lossRows(losses, 'current', every),
      ...(pinned === null ? [] : lossRows(pinned.losses, 'pinned', lossStride(pinned.losses.length))),
    ];
    v.data('loss', rows);
    state.rows['loss.loss'] = rows.length;
  } else if (lossNext < losses.length) {
    const rows = lossRows(losses, 'current', every, lossNext);
    v.change('loss', changeset().insert(rows));
    state.rows['loss.loss'] = (state.rows['loss.loss'] ?? 0) + rows.length;
  }
  lossNext = losses.length;
  return all || lossNext !== before;
}

function redrawAll(): void {
  void redraw(lastFrame, lastBoundary, null, true);
}

/**
 * Draws the newest frame on the next animation frame, then tells the worker it can send another: the
 * worker measures statistics only for frames the page will draw (see worker.ts).
 */
function pump(): void {
  if (rendering || !chartsReady || pendingFrame === null) return;
  const p = pendingFrame;
  pendingFrame = null;
  rendering = true;
  requestAnimationFrame(() => {
    const t0 = performance.now();
    void redraw(p.frame, p.boundary, p.jacobian).then(() => {
      rendering = false;
      send({ type: 'ready', id: p.id });
      state.renderMs = performance.now() - t0;
      state.renders++;
      const now = performance.now();
      renderTimes.push(now);
      while (renderTimes.length > 0 && now - renderTimes[0]! > 2000) renderTimes.shift();
      if (renderTimes.length >= 2) $('fps').textContent = t(config.lang).fps(((renderTimes.length - 1) * 1000) / (now - renderTimes[0]!));
      pump();
    });
  });
}

worker.onmessage = (ev: MessageEvent<FromWorker>) => {
  const m = ev.data;
  if (m.id !== expId) return;
  if (m.type === 'error') {
    state.errors.push(m.message);
    $('status').textContent = m.message;
    running = false;
    syncRunButton();
    return;
  }
  if (m.type === 'setup') {
    setup = m.setup;
    lastSv = m.jacobian;
    state.setupDone = true;
    $('jacobian-note').textContent = config.depth < 2 ? t(config.lang).jacobianNote : '';
    renderFindings();
    readout();
    redrawAll();
    return;
  }
  if (compareHeXavier && m.frame.layers.length > 0) {
    compareHeXavier = false;
    pinned = { label: describe(config), losses: [], layers: m.frame.layers, sv: lastSv, prediction: setup?.prediction ?? null };
    state.pinned = pinned.label;
    update({ ...config, init: 'xavierNormal', gain: 1, initOptions: {} });
    return;
  }
  state.frames++;
  state.step = m.frame.step;
  state.stepMs = m.frame.stepMs;
  state.workerMs = m.workerMs;
  for (let i = 0; i < m.frame.losses.length; i++)
    losses.push({ step: m.frame.step - m.frame.losses.length + i + 1, loss: m.frame.losses[i]! });
  if (!m.running && running) {
    running = false;
    syncRunButton();
  }
  // Keep the newest frame; a boundary or spectrum in a frame that is skipped is carried to the next.
  // A frame replaced before it was drawn is done with too: acknowledge it, or the worker would wait for it.
  if (pendingFrame !== null) send({ type: 'ready', id: pendingFrame.id });
  pendingFrame = {
    id: m.id,
    frame: m.frame,
    boundary: m.boundary ?? pendingFrame?.boundary ?? null,
    jacobian: m.jacobian ?? pendingFrame?.jacobian ?? null,
  };
  pump();
};

buildPage(false);
history.replaceState(null, '', `?${serializeConfig(config)}`);
start();
