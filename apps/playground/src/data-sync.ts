/**
 * Keeps a Vega data set equal to the latest rows with as little work as possible. Replacing a data set
 * (`view.data(name, rows)`) removes every tuple and inserts new ones, so Vega rebuilds every scene item;
 * when the rows have the same keys in the same order as last time (the usual case from one frame to the
 * next: same layers, same series), only the changed fields are modified in place on the tuples Vega
 * already holds.
 */
import { changeset } from 'vega';
import type { View } from 'vega';

/** A row of a chart's data: plain fields. */
export type Row = Record<string, unknown>;

/** What a data set holds now: the tuples given to Vega (Vega keeps these very objects) and their keys. */
interface Held {
  keys: string[];
  tuples: Row[];
}

/** Per-view data sets kept in step with the rows the page computes. */
export class DataSync {
  private readonly held = new Map<string, Held>();

  /** Forgets everything (after the views are rebuilt). */
  clear(): void {
    this.held.clear();
  }

  /**
   * Makes data set `name` of `view` hold `rows`: fields in `fields` modified in place when the keys are
   * unchanged, a full replacement otherwise. `id` names the data set across views (`'stds.rows'`).
   */
  sync(view: View, id: string, name: string, rows: Row[], key: (r: Row) => string, fields: readonly string[]): void {
    const keys = rows.map(key);
    const held = this.held.get(id);
    if (held !== undefined && sameKeys(held.keys, keys)) {
      const cs = changeset();
      let modified = false;
      for (let i = 0; i < rows.length; i++) {
        const t = held.tuples[i]!;
        const r = rows[i]!;
        for (const f of fields) {
          if (t[f] !== r[f]) {
            cs.modify(t, f, r[f]);
            modified = true;
          }
        }
      }
      if (modified) view.change(name, cs);
      return;
    }
    view.data(name, rows);
    this.held.set(id, { keys, tuples: rows });
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
