// Finding rows: facets with counts over every closed-set and boolean column (a closed set added to the schemas gets
// its facet with no change here), the organisation and its country, and the notes; range filters on counts; a search
// of every column; sorting by any column. Counts are Datasette's: a facet counts the rows that every other filter
// keeps, so choosing a value never hides the other values of the same facet. No DOM here: the tests import this file.

import type { SiteData, SiteTable } from '../../pipelines/lib/site/data.ts';
import { regionName, t as ui, valueLabel, type Lang } from './i18n.ts';
import {
  type DisplayColumn,
  FLAGS,
  type Provenance,
  type Row,
  rowIdColumn,
  rowObjects,
  SEVERITY_ORDER,
  tableByName,
  worstSeverity,
} from './model.ts';
import { parseQuantity } from './quantity.ts';
import type { ViewState } from './url-state.ts';

export interface Facet {
  /** The URL's name: f.<key>. */
  key: string;
  labelZh: string;
  labelEn: string;
  /** The row's value, as text; null for NULL. */
  value(row: Row): string | null;
  /** A value as the reader reads it. */
  label(value: string | null, lang: Lang): string;
}

/** What a view's rows are filtered and sorted by: that part of the view's state (url-state.ts). */
export type Query = Pick<ViewState, 'q' | 'facets' | 'ge' | 'le' | 'sort' | 'desc'>;

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** The facets of a table, in the order a reader looks for them: the table's own closed sets and flags first. */
export function facetsOf(data: SiteData, table: SiteTable, columns: DisplayColumn[], provenance: Provenance): Facet[] {
  const rows = rowObjects(table);
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const groupOf = (name: string) => columns.find((c) => c.members.includes(name) || c.key === name);
  const out: Facet[] = [];
  // A twin's text for each value (category: category_raw in Chinese, category_en in English).
  const twinLabels = (name: string) => {
    const g = groupOf(name);
    if (!g || g.en === g.zh || (g.normalised !== name && g.zh !== name)) return undefined;
    const labels = new Map<string, { zh: string; en: string }>();
    for (const r of rows) labels.set(String(r[name]), { zh: String(r[g.zh]), en: String(r[g.en]) });
    return labels;
  };
  for (const c of table.columns) {
    const organisation = c.name === 'organisation_id' || (c.name === 'organisation' && !byName.has('organisation_id'));
    if (!c.values && c.type !== 'BOOLEAN' && !organisation && c.name !== 'country') continue;
    const twins = twinLabels(c.name);
    const group = groupOf(c.name);
    const names = organisation
      ? (group?.lookup?.names ?? columns.find((g) => g.lookup?.column === c.name)?.lookup?.names)
      : undefined;
    const printed =
      organisation && c.name === 'organisation_id'
        ? new Map(rows.map((r) => [String(r.organisation_id), String(r.organisation)]))
        : undefined;
    // Headed as its column in the grid: category, not "Category ID"; the organisation, not its slug.
    const shownAs =
      organisation && c.name === 'organisation_id'
        ? columns.find((g) => g.lookup?.column === c.name)
        : group && (group.key === c.name || group.normalised === c.name)
          ? group
          : undefined;
    out.push({
      key: c.name,
      labelZh: shownAs?.labelZh || c.labelZh || c.name,
      labelEn: shownAs?.labelEn || c.labelEn || c.name,
      value: (r) => text(r[c.name]),
      label: (v, lang) => {
        if (v === null) return ui(lang, 'not-given');
        if (twins) return twins.get(v)?.[lang] ?? v;
        if (c.type === 'BOOLEAN') return ui(lang, v === 'true' ? 'yes' : 'no');
        if (c.values) return valueLabel(c.enumName, v, lang);
        if (c.name === 'country') return regionName(v, lang);
        if (names || printed) return (lang === 'en' ? names?.get(v) : printed?.get(v)) ?? v;
        return v;
      },
    });
  }
  // The country of the row's organisation (models → organisations.country), when the table has none of its own.
  for (const fk of table.foreignKeys) {
    const target = tableByName(data, fk.reference.table);
    const [field] = fk.fields;
    if (byName.has('country') || !target || !field || !target.columns.some((c) => c.name === 'country')) continue;
    const country = new Map(rowObjects(target).map((r) => [String(r[fk.reference.fields[0]!]), text(r.country)]));
    const col = target.columns.find((c) => c.name === 'country')!;
    out.push({
      key: 'country',
      labelZh: col.labelZh,
      labelEn: col.labelEn || 'Country',
      value: (r) => country.get(String(r[field])) ?? null,
      label: (v, lang) => (v === null ? ui(lang, 'not-given') : regionName(v, lang)),
    });
  }
  // Notes by their worst severity, where the table has notes on rows and no `flagged` column of its own.
  const idCol = rowIdColumn(table);
  if (idCol && provenance.hasRowNotes(table.name) && !byName.has('flagged')) {
    const flags = flagsColumnOf(columns);
    out.push({
      key: FLAGS,
      labelZh: ui('zh', 'flags'),
      labelEn: ui('en', 'flags'),
      value: (r) => worstSeverity(provenance.annotations(table.name, String(r[idCol]), flags)) ?? 'none',
      label: (v, lang) => (v === 'none' || v === null ? ui(lang, 'flags.none') : valueLabel('severity', v, lang)),
    });
  }
  // A facet whose every row has the same value says nothing.
  const useful = out.filter((f) => new Set(rows.map((r) => f.value(r))).size > 1);
  const first = (f: Facet) =>
    ['category', 'organisation_id', 'organisation', 'country', 'open_source', 'flagged', FLAGS].indexOf(f.key);
  return useful.sort((a, b) => (first(a) < 0 ? 99 : first(a)) - (first(b) < 0 ? 99 : first(b)));
}

function flagsColumnOf(columns: DisplayColumn[]): DisplayColumn {
  return (
    columns.find((c) => c.flags) ?? {
      key: FLAGS,
      members: [],
      zh: FLAGS,
      en: FLAGS,
      labelZh: '',
      labelEn: '',
      description: '',
      quantity: false,
      numeric: false,
      boolean: false,
      flags: true,
    }
  );
}

/**
 * The interval a quantity's row stands for: [value, value], the printed range's bounds, or [low, ∞) for a lower
 * bound (超千亿); undefined when the source states none.
 */
export function interval(row: Row, c: DisplayColumn): [number, number] | undefined {
  const value = row[c.normalised ?? c.zh];
  if (value !== null && value !== undefined) return [Number(value), Number(value)];
  const low = c.low ? row[c.low] : null;
  const high = c.high ? row[c.high] : null;
  if (low === null || low === undefined) return undefined;
  return [Number(low), high === null || high === undefined ? Infinity : Number(high)];
}

/** The range bounds the reader typed, read; a bound that cannot be read is reported and not applied. */
export function rangeBounds(q: Query, key: string): { ge?: number; le?: number; unreadable: string[] } {
  const out: { ge?: number; le?: number; unreadable: string[] } = { unreadable: [] };
  for (const side of ['ge', 'le'] as const) {
    const typed = q[side][key];
    if (!typed?.trim()) continue;
    const n = parseQuantity(typed);
    if (n === undefined) out.unreadable.push(typed);
    else out[side] = n;
  }
  return out;
}

/** All the text of a row a search looks in: every column, and the English names found through keys. */
function searchText(row: Row, columns: DisplayColumn[]): string {
  const parts: string[] = [];
  for (const c of columns) {
    for (const m of c.members) parts.push(row[m] === null ? 'null' : String(row[m] ?? ''));
    if (c.lookup) parts.push(c.lookup.names.get(String(row[c.lookup.column])) ?? '');
  }
  return parts.join('\u0000').toLowerCase();
}

/** Whether a row passes the search, the ranges and every facet but `except`. */
export function matches(row: Row, q: Query, columns: DisplayColumn[], facets: Facet[], except?: string): boolean {
  const needle = q.q.trim().toLowerCase();
  if (needle && !searchText(row, columns).includes(needle)) return false;
  for (const f of facets) {
    const chosen = q.facets[f.key];
    if (f.key === except || !chosen?.length) continue;
    if (!chosen.includes(f.value(row) ?? '')) return false;
  }
  for (const c of columns) {
    if (!c.numeric || !(c.key in q.ge || c.key in q.le)) continue;
    const { ge, le } = rangeBounds(q, c.key);
    if (ge === undefined && le === undefined) continue;
    const span = interval(row, c);
    if (!span || (ge !== undefined && span[0] < ge) || (le !== undefined && span[1] > le)) return false;
  }
  return true;
}

export interface FacetCount {
  value: string | null;
  count: number;
  chosen: boolean;
}

/** Each value of the facet with the rows every other filter keeps, most first; chosen values always listed. */
export function facetCounts(
  f: Facet,
  rows: Row[],
  q: Query,
  columns: DisplayColumn[],
  facets: Facet[],
  lang: Lang,
): FacetCount[] {
  const counts = new Map<string | null, number>();
  for (const r of rows) {
    const v = f.value(r);
    if (!counts.has(v)) counts.set(v, 0);
    if (matches(r, q, columns, facets, f.key)) counts.set(v, counts.get(v)! + 1);
  }
  const chosen = q.facets[f.key] ?? [];
  return [...counts]
    .map(([value, count]) => ({ value, count, chosen: chosen.includes(value ?? '') }))
    .sort(
      (a, b) =>
        b.count - a.count ||
        f.label(a.value, lang).localeCompare(f.label(b.value, lang), lang === 'zh' ? 'zh-Hans-CN' : 'en'),
    );
}

/** What a column sorts by: a count (or a range's lower bound), notes by severity, text as shown in the language. */
export function sortKey(
  row: Row,
  c: DisplayColumn,
  lang: Lang,
  notes: (row: Row) => string | undefined,
): string | number | null {
  if (c.flags) {
    const worst = notes(row);
    return worst === undefined ? null : SEVERITY_ORDER.length - SEVERITY_ORDER.indexOf(worst);
  }
  if (c.numeric) {
    const span = interval(row, c);
    return span ? span[0] : null;
  }
  if (c.boolean) {
    const v = row[c.normalised ?? c.zh];
    return v === null || v === undefined ? null : v ? 1 : 0;
  }
  if (c.lookup && lang === 'en') return c.lookup.names.get(String(row[c.lookup.column])) ?? null;
  const v = row[lang === 'en' ? c.en : c.zh];
  return v === null || v === undefined ? null : String(v);
}

/**
 * Order for sorting: NULL last in either direction (an unknown value is not the largest), numbers by value, the rest
 * by text. Descending turns only the values' order round, not the NULLs' and not ties: with a stable sort, equal
 * values keep the table's order.
 */
export function compareKeys(a: string | number | null, b: string | number | null, descending = false): number {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  const order =
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), 'zh-Hans-CN');
  return descending ? -order : order;
}

/** The rows a view shows, in its order, each with its index in the table. */
export function viewRows(
  rows: Row[],
  q: Query,
  columns: DisplayColumn[],
  facets: Facet[],
  lang: Lang,
  notes: (row: Row) => string | undefined,
): { row: Row; index: number }[] {
  const shown = rows.map((row, index) => ({ row, index })).filter(({ row }) => matches(row, q, columns, facets));
  const by = columns.find((c) => c.key === q.sort);
  // Array.prototype.sort is stable: rows with equal values stay in the table's order, in either direction.
  if (by) shown.sort((a, b) => compareKeys(sortKey(a.row, by, lang, notes), sortKey(b.row, by, lang, notes), q.desc));
  return shown;
}

export type { ViewState };
