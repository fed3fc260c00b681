// One displayed value: NULL as NULL, the printed text beside its normalised value and bounds, Chinese tagged
// zh-Hans, a mark on annotated values.

import { h, linkified, text } from './dom.ts';
import type { Annotation, DisplayColumn, Lang, Row } from './model.ts';
import { worstSeverity } from './model.ts';
import { formatValue, type Value } from './values.ts';

function valueNode(v: Value, column: string): Node {
  if (v === null) return h('span', { class: 'null' }, 'NULL');
  const s = formatValue(v);
  return column.endsWith('_urls') || /^https?:\/\//.test(s) ? linkified(s) : text(s);
}

/** The value of a column group in a language, with the normalised value and bounds after a printed one. */
export function displayValue(col: DisplayColumn, row: Row, lang: Lang): Node {
  const main = lang === 'en' ? col.en : col.zh;
  const frag = document.createDocumentFragment();
  frag.append(valueNode(row[main] ?? null, main));
  if (col.normalised) {
    const n = row[col.normalised] ?? null;
    const parts: Node[] = [h('span', { class: 'arrow', 'aria-hidden': 'true' }, ' → '), valueNode(n, col.normalised)];
    if (col.unit && row[col.unit] !== null) parts.push(document.createTextNode(` ${formatValue(row[col.unit]!)}`));
    if (col.low && col.high && (row[col.low] !== null || row[col.high] !== null) && (row[col.low] !== row[col.high] || n === null)) {
      parts.push(h('span', { class: 'bounds' }, ' [', valueNode(row[col.low] ?? null, col.low), ' – ', valueNode(row[col.high] ?? null, col.high), ']'));
    }
    if (col.kind) parts.push(h('span', { class: 'kind' }, ` ${formatValue(row[col.kind] ?? null)}`));
    frag.append(h('span', { class: 'normalised', title: `normalised: ${col.normalised}` }, ...parts));
  }
  return frag;
}

/** The flag on an annotated value: its worst severity, visible and spoken. */
export function flagMark(notes: Annotation[]): Node | null {
  const worst = worstSeverity(notes);
  if (!worst) return null;
  return h('span', { class: `flag flag-${worst}`, title: `${notes.length} annotation(s), worst: ${worst}` }, h('span', { 'aria-hidden': 'true' }, '⚑'), h('span', { class: 'sr-only' }, ` flagged (${worst})`));
}
