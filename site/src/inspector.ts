// What the page says about a selected value: where it is, as printed and normalised, its annotations (severity,
// kind, note, references as links), and the paper's lines it was read from.

import { h, linkified, text } from './dom.ts';
import { displayValue } from './cells.ts';
import type { Annotation, CellSource, DisplayColumn, Lang, Row } from './model.ts';
import type { PaperPane } from './paper.ts';

export interface Selection {
  table: string;
  rowId: string;
  row: Row;
  column: DisplayColumn;
  cell: CellSource | undefined;
  notes: Annotation[];
  link: string;
}

function annotationItem(a: Annotation, lang: Lang): HTMLElement {
  const urls = (a.reference_urls ?? '').split(/\s+/).filter((u) => /^https?:\/\//.test(u));
  const note = lang === 'zh' && a.note_zh ? a.note_zh : a.note_en;
  return h('li', { class: `annotation severity-${a.severity}` },
    h('span', { class: `badge badge-${a.severity}` }, a.severity), ' ',
    h('span', { class: 'kind' }, a.kind),
    h('p', {}, text(note)),
    a.reference_text ? h('p', { class: 'reference' }, 'Reference: ', linkified(a.reference_text)) : null,
    urls.length ? h('p', { class: 'refs' }, 'References: ', ...urls.flatMap((u, i) => [i ? ' ' : '', h('a', { href: u, rel: 'noopener' }, `[${i + 1}] ${new URL(u).hostname}`)])) : null);
}

export function renderInspector(target: HTMLElement, s: Selection, lang: Lang, paper: PaperPane): void {
  const where = s.cell
    ? h('p', { class: 'where' }, `表${s.cell.table_no}, row ${s.cell.row_no}, column ${s.cell.column_name}, `,
        s.cell.line_first === s.cell.line_last ? `line ${s.cell.line_first}` : `lines ${s.cell.line_first}–${s.cell.line_last}`,
        ': ', h('q', { lang: 'zh-Hans' }, s.cell.text))
    : h('p', { class: 'where' }, 'This value was not read from a table of the paper.');
  target.replaceChildren(
    h('h3', { id: 'inspector-heading' }, `${s.table} · `, text(s.rowId), ` · ${s.column.key}`),
    h('p', { class: 'value' }, displayValue(s.column, s.row, lang)),
    where,
    s.notes.length
      ? h('div', { class: 'annotations' }, h('h4', {}, `Annotations (${s.notes.length})`), h('ul', {}, ...s.notes.map((a) => annotationItem(a, lang))))
      : h('p', { class: 'no-annotations' }, 'No annotation on this value.'),
    h('p', {}, h('a', { href: s.link }, 'Link to this value')),
  );
  if (s.cell) {
    paper.element.hidden = false;
    paper.show(s.cell.source_id, s.cell.line_first, s.cell.line_last);
  } else {
    paper.element.hidden = true;
  }
}
