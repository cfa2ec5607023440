import { type PeerName, PEER_LABELS } from './case.ts';
import type { CaseResult } from './harness.ts';

const PEERS = Object.keys(PEER_LABELS) as PeerName[];

function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  return abs >= 100 ? value.toFixed(0) : abs >= 10 ? value.toFixed(1) : abs >= 1 ? value.toFixed(2) : value.toFixed(3);
}

/** The table header (Markdown), naming each peer's figure and ratio column. */
export function tableHeader(): string {
  const cols = ['case', 'unit', 'Seedling', ...PEERS.map((p) => PEER_LABELS[p]), ...PEERS.map((p) => `Seedling/${PEER_LABELS[p]}`)];
  return `| ${cols.join(' | ')} |\n|${cols.map((_, i) => (i < 2 ? '---' : '--:')).join('|')}|`;
}

/** One Markdown table row: figures with ±rme, then ratios (`—` where a peer was not measured). */
export function tableRow(r: CaseResult): string {
  const withErr = (v: number, rme: number) => `${fmt(v)} ±${rme.toFixed(0)}%`;
  const probe = r.parallelSpeedup;
  const cells = [
    probe === undefined ? r.name : `${r.name} (probe ${fmt(probe.before)}×, ${fmt(probe.after)}×)`,
    r.unit,
    withErr(r.seedling.value, r.seedling.rme),
    ...PEERS.map((p) => {
      const m = r.peers[p];
      return m === undefined ? '—' : withErr(m.value, m.rme);
    }),
    ...PEERS.map((p) => {
      const ratio = r.ratios[p];
      return ratio === undefined ? '—' : `${fmt(ratio)}×`;
    }),
  ];
  return `| ${cells.join(' | ')} |`;
}
