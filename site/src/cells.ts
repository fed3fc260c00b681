// One displayed value, as a reader reads it: a count in the reader's units ("175 B", "1750 亿") with the exact count
// and the printed text on hover, a printed range as its bounds, "not reported" rather than a kind's code, yes and
// no, a closed set's value in words, an organisation's English name in English, NULL as NULL; and the mark of the
// notes on it, a shape per severity (◆ error, ▲ warning, ● info) as well as a colour.

import { h, linkified, text } from './dom.ts';
import { countryName, severityCount, t, valueLabel, type Lang } from './i18n.ts';
import type { Annotation, DisplayColumn, Row } from './model.ts';
import { SEVERITY_ORDER } from './model.ts';
import { exactCount, formatQuantity } from './quantity.ts';

export const SHAPES: Record<string, string> = { error: '◆', warning: '▲', info: '●' };

const isNull = (v: unknown) => v === null || v === undefined;

function nullNode(lang: Lang): Node {
  return h('span', { class: 'null' }, t(lang, 'null'));
}

/** The unit of a count in this row, as the column of units holds it (bytes, images, …), if any. */
export function unitOf(c: DisplayColumn, row: Row): string | undefined {
  const u = c.unit ? row[c.unit] : undefined;
  return isNull(u) ? undefined : String(u);
}

/**
 * A count in the reader's units, with the counted noun (images, …): the value (≈ before an approximate one), a printed
 * range's bounds, or a lower bound (≥); undefined when the source states none.
 */
export function quantityText(c: DisplayColumn, row: Row, lang: Lang): string | undefined {
  const unit = unitOf(c, row);
  // TB says bytes; a count with no unit printed stays a bare number (the pane says the unit is not given).
  const noun = unit && unit !== 'bytes' && unit !== 'unspecified' ? ` ${valueLabel(c.unitEnum, unit, lang)}` : '';
  const shown = bounds(c, row, (n) => formatQuantity(n, lang, unit), ' – ');
  return shown === undefined ? undefined : shown + noun;
}

/** The exact counts behind a quantity, for the hover text and the pane: 175,000,000,000, or 7,000,000,000 – 65,000,000,000. */
export function exactText(c: DisplayColumn, row: Row): string | undefined {
  return bounds(c, row, exactCount, ' – ');
}

/** A quantity's value, bounds or lower bound, each number written by `write`. */
function bounds(c: DisplayColumn, row: Row, write: (n: number) => string, dash: string): string | undefined {
  const value = row[c.normalised ?? c.zh];
  const approximate = c.kind !== undefined && row[c.kind] === 'approximate';
  if (!isNull(value)) return `${approximate ? '≈ ' : ''}${write(Number(value))}`;
  const low = c.low ? row[c.low] : null;
  const high = c.high ? row[c.high] : null;
  if (!isNull(low) && !isNull(high)) return `${write(Number(low))}${dash}${write(Number(high))}`;
  if (!isNull(low)) return `≥ ${write(Number(low))}`;
  return undefined;
}

/** The shown text of a value in the language, or undefined for NULL. */
export function shownText(c: DisplayColumn, row: Row, lang: Lang): string | undefined {
  if (c.quantity) {
    const q = quantityText(c, row, lang);
    if (q !== undefined) return q;
    if (c.kind && row[c.kind] === 'not_reported') return t(lang, 'not-reported');
    return undefined;
  }
  if (c.boolean) {
    const v = row[c.normalised ?? c.zh];
    return isNull(v) ? undefined : t(lang, v ? 'yes' : 'no');
  }
  if (c.lookup && lang === 'en')
    return c.lookup.names.get(String(row[c.lookup.column])) ?? (isNull(row[c.zh]) ? undefined : String(row[c.zh]));
  const v = row[lang === 'en' ? c.en : c.zh];
  if (isNull(v)) return undefined;
  if (c.key === 'country') return countryName(String(v), lang);
  // A closed set shown as itself (no printed twin): its words.
  if (c.enumName && c.en === c.zh) return valueLabel(c.enumName, String(v), lang);
  if (Array.isArray(v)) return JSON.stringify(v);
  return String(v);
}

/** The content of a cell of the grid, and its hover text. */
export function cellContent(
  c: DisplayColumn,
  row: Row,
  lang: Lang,
  notes: Annotation[],
): { node: Node; title?: string } {
  if (c.flags) return { node: notesMark(notes, lang, true) ?? document.createTextNode('') };
  const s = shownText(c, row, lang);
  const frag = document.createDocumentFragment();
  if (s === undefined) frag.append(nullNode(lang));
  else if (c.quantity && c.kind && row[c.kind] === 'not_reported' && isNull(row[c.normalised ?? c.zh]))
    frag.append(h('span', { class: 'muted' }, s));
  else frag.append(c.key.endsWith('_urls') || /^https?:\/\/\S+$/.test(s) ? linkified(s, true) : text(s));
  const mark = notesMark(notes, lang, false);
  if (mark) frag.append(' ', mark);
  let title: string | undefined;
  if (c.quantity) {
    const exact = exactText(c, row);
    const printed = c.printed ? row[c.printed] : undefined;
    title =
      [exact, isNull(printed) ? '' : `${t(lang, 'pane.printed')}: ${String(printed)}`].filter(Boolean).join(' · ') ||
      undefined;
  }
  return { node: frag, title };
}

/** Counts per severity, as the legend draws them: ◆ 2 ▲ 1; spoken as "2 error, 1 warning". */
export function notesMark(notes: Annotation[], lang: Lang, counted: boolean): HTMLElement | null {
  if (!notes.length) return null;
  const by = SEVERITY_ORDER.map((s) => [s, notes.filter((a) => a.severity === s).length] as const).filter(
    ([, n]) => n > 0,
  );
  const spoken = by.map(([s, n]) => severityCount(n, s, lang)).join(lang === 'zh' ? '，' : ', ');
  const shown = counted ? by : by.slice(0, 1);
  return h(
    'span',
    { class: 'marks', title: spoken },
    ...shown.map(([s, n]) =>
      h('span', { class: `mark mark-${s}`, 'aria-hidden': 'true' }, SHAPES[s]!, counted ? `${n}` : ''),
    ),
    h('span', { class: 'sr-only' }, ` ${t(lang, 'flags')}: ${spoken}`),
  );
}
