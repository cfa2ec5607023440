/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** An HTML table from a header row and body rows (cells are text and are escaped). */
export function htmlTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = `<tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** A section of a report page: a heading and trusted HTML (escape any text yourself, e.g. with `escapeHtml`). */
export interface HtmlSection {
  heading: string;
  html: string;
}

/** A self-contained HTML page (inline CSS, inline SVG figures, no scripts). */
export function htmlPage(title: string, intro: string, sections: readonly HtmlSection[]): string {
  const css = [
    'body{font-family:system-ui,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}',
    'table{border-collapse:collapse;font-size:13px;margin:1em 0}',
    'th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}',
    'th:first-child,td:first-child{text-align:left}',
    '.figures{display:flex;flex-wrap:wrap;gap:1em}',
    'figure{margin:0}figcaption{font-size:12px;color:#555;max-width:560px}',
    'code{background:#f4f4f4;padding:0 3px}',
  ].join('\n');
  const body = sections.map((s) => `<section>\n<h2>${escapeHtml(s.heading)}</h2>\n${s.html}\n</section>`).join('\n');
  return `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(title)}</title>\n<style>\n${css}\n</style>\n</head>\n<body>\n<h1>${escapeHtml(title)}</h1>\n${intro}\n${body}\n</body>\n</html>\n`;
}

/** A figure: inline SVG and an escaped caption. */
export function htmlFigure(svg: string, caption: string): string {
  return `<figure>\n${svg}\n<figcaption>${escapeHtml(caption)}</figcaption>\n</figure>`;
}
