// What a view is, as the URL holds it, so that every view is a link and Back and Forward move between views:
//   view=charts|sql|about (the data view when absent), table, q (search), f.<column> (a facet value, repeated for
//   several; empty for NULL), ge.<column> and le.<column> (a range, as typed: 100B, 1e11), sort and desc=1, sel
//   (<row>~<column>, the selected value), cols (the columns shown, when not the table's default), chart, sql, lang.
// Older links still open: #tables, #charts, #sql and #overview as views, and f.<column> as a facet value.
// No DOM here: the tests import this file.

import type { Lang } from './quantity.ts';

export const VIEWS = ['data', 'charts', 'sql', 'about'] as const;
export type View = (typeof VIEWS)[number];

export interface ViewState {
  view: View;
  table: string;
  q: string;
  /** Selected facet values by column; '' stands for NULL. */
  facets: Record<string, string[]>;
  /** Range bounds by column, as typed. */
  ge: Record<string, string>;
  le: Record<string, string>;
  sort?: string;
  desc: boolean;
  /** `<row key>~<column key>`. */
  sel?: string;
  /** The columns shown, when the reader chose them. */
  cols?: string[];
  chart?: string;
  sql?: string;
  lang?: Lang;
}

const HASH_VIEWS: Record<string, View> = {
  '#tables': 'data',
  '#overview': 'about',
  '#charts': 'charts',
  '#sql': 'sql',
};

/** Records keyed by column names from a URL: without a prototype, so that f.constructor or f.__proto__ is a name. */
export function byColumn<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

export function emptyState(table: string): ViewState {
  return { view: 'data', table, q: '', facets: byColumn(), ge: byColumn(), le: byColumn(), desc: false };
}

export function parseState(search: string, hash = '', defaultTable = 'models'): ViewState {
  const p = new URLSearchParams(search);
  const s = emptyState(p.get('table') ?? defaultTable);
  const view = p.get('view');
  s.view = VIEWS.includes(view as View) ? (view as View) : (HASH_VIEWS[hash] ?? 'data');
  s.q = p.get('q') ?? '';
  for (const [k, v] of p) {
    const [prefix, column] = [k.slice(0, k.indexOf('.')), k.slice(k.indexOf('.') + 1)];
    if (!column || k.indexOf('.') < 0) continue;
    if (prefix === 'f') {
      s.facets[column] ??= [];
      s.facets[column].push(v);
    } else if (prefix === 'ge' && v.trim()) s.ge[column] = v;
    else if (prefix === 'le' && v.trim()) s.le[column] = v;
  }
  const sort = p.get('sort');
  if (sort) {
    s.sort = sort;
    s.desc = p.get('desc') === '1';
  }
  const sel = p.get('sel');
  if (sel) s.sel = sel;
  const cols = p.get('cols');
  if (cols !== null) s.cols = cols.split(',').filter(Boolean);
  const chart = p.get('chart');
  if (chart) s.chart = chart;
  const sql = p.get('sql');
  if (sql !== null) s.sql = sql;
  const lang = p.get('lang');
  if (lang === 'zh' || lang === 'en') s.lang = lang;
  return s;
}

/** The query string of a state (with its leading ?), parameters always in the same order. */
export function stateSearch(s: ViewState): string {
  const p = new URLSearchParams();
  if (s.view !== 'data') p.set('view', s.view);
  p.set('table', s.table);
  if (s.q) p.set('q', s.q);
  for (const [c, values] of Object.entries(s.facets)) for (const v of values) p.append(`f.${c}`, v);
  for (const [c, v] of Object.entries(s.ge)) if (v.trim()) p.set(`ge.${c}`, v);
  for (const [c, v] of Object.entries(s.le)) if (v.trim()) p.set(`le.${c}`, v);
  if (s.sort) {
    p.set('sort', s.sort);
    if (s.desc) p.set('desc', '1');
  }
  if (s.sel) p.set('sel', s.sel);
  if (s.cols) p.set('cols', s.cols.join(','));
  if (s.chart) p.set('chart', s.chart);
  if (s.sql !== undefined) p.set('sql', s.sql);
  if (s.lang) p.set('lang', s.lang);
  return `?${p}`;
}

/** The language: the URL's, else the one remembered, else the browser's first preference (Chinese or English). */
export function chooseLang(fromUrl: Lang | undefined, remembered: string | null, preferred: readonly string[]): Lang {
  if (fromUrl) return fromUrl;
  if (remembered === 'zh' || remembered === 'en') return remembered;
  const first = preferred.find((l) => /^(zh|en)\b/i.test(l));
  return first?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}
