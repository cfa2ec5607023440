import { View, parse } from 'vega';
import { describe, expect, it } from 'vitest';
import { DataSync, type Row } from '../src/data-sync.ts';

function view(): View {
  return new View(parse({ data: [{ name: 'rows' }] }), { renderer: 'none' });
}

describe('DataSync', () => {
  it('modifies values in place while the keys stay, and replaces the data when they change', async () => {
    const v = view();
    const sync = new DataSync();
    const key = (r: Row) => String(r.id);
    sync.sync(
      v,
      'v.rows',
      'rows',
      [
        { id: 'a', value: 1 },
        { id: 'b', value: 2 },
      ],
      key,
      ['value'],
    );
    await v.runAsync();
    const first = v.data('rows');
    expect(first.map((t: Row) => t.value)).toEqual([1, 2]);

    sync.sync(
      v,
      'v.rows',
      'rows',
      [
        { id: 'a', value: 10 },
        { id: 'b', value: 2 },
      ],
      key,
      ['value'],
    );
    await v.runAsync();
    const second = v.data('rows');
    expect(second.map((t: Row) => t.value)).toEqual([10, 2]);
    // The same tuple objects: Vega kept its scene items, only `value` of the first changed.
    expect(second[0]).toBe(first[0]);

    sync.sync(v, 'v.rows', 'rows', [{ id: 'a', value: 3 }], key, ['value']);
    await v.runAsync();
    const third = v.data('rows');
    expect(third.map((t: Row) => [t.id, t.value])).toEqual([['a', 3]]);
    expect(third[0]).not.toBe(first[0]);

    // After clear() (the views are rebuilt) the next sync replaces.
    sync.clear();
    const w = view();
    sync.sync(w, 'v.rows', 'rows', [{ id: 'a', value: 4 }], key, ['value']);
    await w.runAsync();
    expect(w.data('rows').map((t: Row) => t.value)).toEqual([4]);
  });
});
