import { formatCell, formatNumber, formatPercent, formatTable } from './format.ts';
import type { MeanStd } from './stats.ts';
import { type FindingLang, findingMessages } from './finding-messages.ts';
import type { Finding, LayerReport, LossReport } from './types.ts';

/** The optimizer step the update/weight ratios describe. */
export interface StepReport {
  /** The optimizer whose first step `updateRatio` describes. */
  optimizer: 'sgd' | 'adam';
  /** Its learning rate. */
  lr: number;
}

/** The data of an `InitReport` (what its constructor takes). */
export interface InitReportData {
  /** Mean and std of the inspected inputs. */
  input: MeanStd;
  /** One entry per layer, in forward order. */
  layers: LayerReport[];
  /** The loss on the batch, when targets were given. */
  loss: LossReport | null;
  /** The optimizer step the update/weight ratios describe. */
  step: StepReport;
  /** Problems found; empty when the initialization looks sound. */
  findings: Finding[];
  /** Language of the findings and sentences (`inspectInit`'s `lang`); English when absent. */
  lang?: FindingLang;
}

/** JSON has no NaN or Infinity: they are written as the strings 'NaN', 'Infinity', '-Infinity'. */
type Jsonish = null | boolean | number | string | Jsonish[] | { [k: string]: Jsonish };

function encode(value: unknown): Jsonish {
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (Array.isArray(value)) return value.map(encode);
  if (value !== null && typeof value === 'object') {
    const out: { [k: string]: Jsonish } = {};
    for (const [k, v] of Object.entries(value)) out[k] = encode(v);
    return out;
  }
  return value as Jsonish;
}

const TEXT_KEYS = new Set(['name', 'type', 'activation', 'activationKind', 'kind', 'severity', 'message', 'optimizer', 'lang']);

function decode(value: unknown, key = ''): unknown {
  // Only numeric fields can hold these strings; names and messages are kept as they are.
  if ((value === 'NaN' || value === 'Infinity' || value === '-Infinity') && !TEXT_KEYS.has(key)) return Number(value);
  if (Array.isArray(value)) return value.map((v) => decode(v));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = decode(v, k);
    return out;
  }
  return value;
}

/**
 * The result of `inspectInit`: per-layer statistics, the initial loss and the findings. Prints as a
 * table (`toString()`), serializes with `JSON.stringify` (non-finite numbers as strings) and reads
 * back with `InitReport.fromJSON`.
 */
export class InitReport implements InitReportData {
  /** Mean and std of the inspected inputs. */
  readonly input: MeanStd;
  /** One entry per layer, in forward order. */
  readonly layers: LayerReport[];
  /** The loss on the batch, when targets were given. */
  readonly loss: LossReport | null;
  /** The optimizer step the update/weight ratios describe. */
  readonly step: StepReport;
  /** Problems found; empty when the initialization looks sound. */
  readonly findings: Finding[];
  /** Language of the findings and sentences. */
  readonly lang: FindingLang;

  constructor(data: InitReportData) {
    this.lang = data.lang ?? 'en';
    this.input = data.input;
    this.layers = data.layers;
    this.loss = data.loss;
    this.step = data.step;
    this.findings = data.findings;
  }

  /** True when nothing was found wrong. */
  get ok(): boolean {
    return this.findings.length === 0;
  }

  /** The per-layer table alone. */
  toTable(): string {
    const header = ['layer', 'name', 'module', 'act', 'pre std', 'act mean', 'act std', 'sat/dead', 'W std', 'grad W', 'grad pre', 'upd/W'];
    const rows = this.layers.map((l) => [
      String(l.index),
      l.name,
      l.type,
      l.activation ?? '-',
      formatCell(l.preActivationStd),
      formatCell(l.activationMean),
      formatCell(l.activationStd),
      l.saturated !== null ? `${formatPercent(l.saturated)} sat` : l.dead !== null ? `${formatPercent(l.dead)} dead` : '-',
      formatCell(l.weightStd),
      formatCell(l.weightGradStd),
      formatCell(l.preActivationGradStd),
      formatCell(l.updateRatio),
    ]);
    return formatTable(header, rows);
  }

  /** The findings as lines (`error: …`, `warning: …`), or a line saying there are none. */
  findingsText(): string {
    const m = findingMessages(this.lang);
    if (this.findings.length === 0) return m.none;
    return this.findings.map((f) => `${m.severity(f.severity)}${this.lang === 'zh-CN' ? '：' : ': '}${f.message}`).join('\n');
  }

  /**
   * Table, input and loss summary, then the findings.
   *
   * @example
   * console.log(inspectInit(model, x).toString());
   */
  toString(): string {
    const zh = this.lang === 'zh-CN';
    const opt = this.step.optimizer === 'sgd' ? 'SGD' : 'Adam';
    const lines = [
      this.toTable(),
      '',
      zh
        ? `输入：均值 ${formatNumber(this.input.mean)}，标准差 ${formatNumber(this.input.std)}；更新比例按 ${opt}、lr ${this.step.lr} 计算`
        : `input: mean ${formatNumber(this.input.mean)}, std ${formatNumber(this.input.std)}; update ratio of ${opt} with lr ${this.step.lr}`,
    ];
    if (this.loss !== null) {
      const value = formatNumber(this.loss.value);
      if (this.loss.expected === null) lines.push(zh ? `初始损失 ${value}` : `initial loss ${value}`);
      else {
        const lnC = `ln ${this.loss.classes} = ${formatNumber(this.loss.expected)}`;
        lines.push(
          zh ? `初始损失 ${value}（什么都没学到的分类器为 ${lnC}）` : `initial loss ${value} (${lnC} for an uninformed classifier)`,
        );
      }
    }
    lines.push(this.findingsText());
    return lines.join('\n');
  }

  /** A plain JSON-safe object (non-finite numbers become 'NaN', 'Infinity', '-Infinity'). */
  toJSON(): Record<string, unknown> {
    return encode({
      input: this.input,
      step: this.step,
      loss: this.loss,
      layers: this.layers,
      findings: this.findings,
      ...(this.lang === 'en' ? {} : { lang: this.lang }),
    }) as Record<string, unknown>;
  }

  /**
   * Reads back what `JSON.stringify(report)` wrote.
   *
   * @example
   * InitReport.fromJSON(JSON.parse(JSON.stringify(report))).layers[0].activationStd === report.layers[0].activationStd; // true
   */
  static fromJSON(json: unknown): InitReport {
    return new InitReport(decode(json) as InitReportData);
  }
}
