/** Small DOM builders for the page's controls: every control gets a `<label for>` (and a hint when given). */

/** An element with attributes and optional text. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Appends a labelled control (label `for` = `id`), with an optional hint linked by `aria-describedby`. */
export function field(parent: HTMLElement, id: string, label: string, control: HTMLElement, hint?: string): void {
  const wrap = el('div', { class: 'field' });
  const l = el('label', { for: id }, label);
  control.id = id;
  wrap.append(l, control);
  if (hint !== undefined) {
    const h = el('span', { class: 'hint', id: `${id}-hint` }, hint);
    control.setAttribute('aria-describedby', h.id);
    wrap.append(h);
  }
  parent.append(wrap);
}

/** A `<select>` of `values`, `current` selected. */
export function select(values: readonly string[], current: string, labelOf: (v: string) => string = (v) => v): HTMLSelectElement {
  const s = el('select');
  for (const v of values) {
    const o = el('option', { value: v }, labelOf(v));
    if (v === current) o.selected = true;
    s.append(o);
  }
  return s;
}

/** An `<input type="number">` with its limits. */
export function numberInput(value: number, min?: number, max?: number, step?: number | 'any'): HTMLInputElement {
  const i = el('input', { type: 'number', value: String(value) });
  if (min !== undefined) i.min = String(min);
  if (max !== undefined) i.max = String(max);
  i.step = String(step ?? 'any');
  return i;
}
