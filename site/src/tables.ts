// Every table: pick one, search all its values, filter by column, sort by a column; the 中文/English switch picks
// the column of each bilingual pair. Selecting a value opens the inspector and the paper pane beside the table.
// The state (table, search, filters, sort, selected value, language) lives in the URL, so every view is a link.

import type { SiteData, SiteTable } from '../../pipelines/lib/site/data.ts';
import { displayValue, flagMark } from './cells.ts';
import { h, text } from './dom.ts';
import { renderInspector } from './inspector.ts';
import { displayColumns, Provenance, rowIdColumn, rowObjects, type DisplayColumn, type Lang, type Row } from './model.ts';
import { PaperPane } from './paper.ts';
import { compareValues, plainValue, toCsv } from './values.ts';

interface State { table: string; q: string; filters: Record<string, string>; sort?: string; desc: boolean; sel?: string }

export class TablesView {
  private state: State;
  private table!: SiteTable;
  private rows: Row[] = [];
  private columns: DisplayColumn[] = [];
  private readonly provenance: Provenance;
  private readonly paper: PaperPane;
  private readonly picker = h('div', { class: 'table-picker', role: 'group', 'aria-label': 'Table' });
  private readonly description = h('p', { class: 'table-description' });
  private readonly search = h('input', { type: 'search', id: 'table-search', autocomplete: 'off' });
  private readonly count = h('span', { id: 'row-count', role: 'status' });
  private readonly csv = h('a', { id: 'table-csv', download: 'rows.csv', href: '#' }, 'CSV of these rows');
  private readonly notes = h('div', { class: 'table-notes' });
  private readonly grid = h('div', { class: 'grid', role: 'region', tabindex: '0' });
  private readonly tableEl = h('table', { id: 'data-table' });
  private readonly tbody = h('tbody');
  private readonly inspector = h('div', { id: 'inspector', 'aria-live': 'polite' }, h('p', {}, 'Select a value to see where in the paper it was read from and what is noted about it.'));

  constructor(private readonly data: SiteData, private lang: Lang, params: URLSearchParams, private readonly onState: () => void) {
    this.provenance = new Provenance(data);
    const sources = rowObjects(data.tables.find((t) => t.name === 'sources')!);
    this.paper = new PaperPane(data, new Map(sources.map((s) => [String(s.source_id), String(s.attribution)])));
    this.paper.element.hidden = true;
    const filters: Record<string, string> = {};
    for (const [k, v] of params) if (k.startsWith('f.')) filters[k.slice(2)] = v;
    this.state = { table: params.get('table') ?? 'models', q: params.get('q') ?? '', filters, sort: params.get('sort') ?? undefined, desc: params.get('desc') === '1', sel: params.get('sel') ?? undefined };
    if (!data.tables.some((t) => t.name === this.state.table)) this.state.table = 'models';
    this.search.value = this.state.q;
    this.search.addEventListener('input', () => { this.state.q = this.search.value; this.renderBody(); this.onState(); });
  }

  element(): HTMLElement {
    for (const t of this.data.tables) {
      const b = h('button', { type: 'button', 'data-table': t.name }, t.name, h('span', { class: 'n' }, ` ${t.rows.length}`));
      b.addEventListener('click', () => { this.state = { table: t.name, q: '', filters: {}, desc: false }; this.search.value = ''; this.load(); this.onState(); });
      this.picker.append(b);
    }
    this.grid.append(this.tableEl);
    this.load();
    return h('section', { id: 'tables', 'aria-labelledby': 'tables-heading' },
      h('h2', { id: 'tables-heading' }, 'Tables'),
      this.picker, this.description,
      h('div', { class: 'controls' }, h('label', { for: 'table-search' }, 'Search all columns '), this.search, ' ', this.count, ' ', this.csv),
      this.notes,
      h('div', { class: 'table-and-inspector' }, this.grid,
        h('aside', { class: 'inspector', 'aria-label': 'Selected value' }, this.inspector, this.paper.element)));
  }

  setLang(lang: Lang): void {
    this.lang = lang;
    this.renderHead();
    this.renderBody();
    this.renderSelection();
  }

  params(p: URLSearchParams): void {
    const s = this.state;
    p.set('table', s.table);
    if (s.q) p.set('q', s.q);
    for (const [k, v] of Object.entries(s.filters)) if (v) p.set(`f.${k}`, v);
    if (s.sort) { p.set('sort', s.sort); if (s.desc) p.set('desc', '1'); }
    if (s.sel) p.set('sel', s.sel);
  }

  private load(): void {
    this.table = this.data.tables.find((t) => t.name === this.state.table)!;
    this.rows = rowObjects(this.table);
    this.columns = displayColumns(this.table);
    for (const b of this.picker.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.table === this.table.name));
    this.description.replaceChildren(text(this.table.description));
    this.grid.setAttribute('aria-label', `Table ${this.table.name}`);
    this.csv.download = `${this.table.name}.csv`;
    const notes = this.provenance.tableNotes(this.table.name);
    this.notes.replaceChildren(...(notes.length ? [h('details', {}, h('summary', {}, `${notes.length} note(s) on the table as a whole`),
      h('ul', {}, ...notes.map((a) => h('li', {}, h('span', { class: `badge badge-${a.severity}` }, a.severity), ` ${a.kind} (${a.column_name ?? 'table'}): `, text(this.lang === 'zh' && a.note_zh ? a.note_zh : a.note_en)))))] : []));
    this.renderHead();
    this.renderBody();
    this.renderSelection();
  }

  private rowKey(row: Row, index: number): string {
    const key = this.table.primaryKey.filter((k) => k !== 'source_id');
    return key.length ? key.map((k) => plainValue(row[k] ?? null)).join('/') : String(index + 1);
  }

  private label(c: DisplayColumn): Node {
    return this.lang === 'zh' && c.labelZh ? h('span', { lang: 'zh-Hans' }, c.labelZh) : document.createTextNode(c.key);
  }

  private renderHead(): void {
    const head = h('tr');
    const filters = h('tr', { class: 'filters' });
    for (const c of this.columns) {
      const sorted = this.state.sort === c.key;
      const button = h('button', { type: 'button', class: 'sort', title: c.description }, this.label(c), h('span', { 'aria-hidden': 'true' }, sorted ? (this.state.desc ? ' ▼' : ' ▲') : ''));
      button.addEventListener('click', () => {
        this.state.desc = this.state.sort === c.key ? !this.state.desc : false;
        this.state.sort = c.key;
        this.renderHead();
        this.renderBody();
        this.onState();
      });
      head.append(h('th', { scope: 'col', 'aria-sort': sorted ? (this.state.desc ? 'descending' : 'ascending') : undefined }, button));
      const input = h('input', { type: 'search', class: 'filter', 'aria-label': `Filter ${c.key}`, 'data-column': c.key, placeholder: 'filter' });
      input.value = this.state.filters[c.key] ?? '';
      input.addEventListener('input', () => { this.state.filters[c.key] = input.value; this.renderBody(); this.onState(); });
      filters.append(h('td', {}, input));
    }
    this.tableEl.replaceChildren(h('caption', { class: 'sr-only' }, `${this.table.name}: ${this.table.description}`), h('thead', {}, head, filters), this.tbody);
  }

  private matches(row: Row): boolean {
    const has = (c: DisplayColumn, needle: string) => c.members.some((m) => plainValue(row[m] ?? null).toLowerCase().includes(needle) || (needle === 'null' && row[m] === null));
    const q = this.state.q.trim().toLowerCase();
    if (q && !this.columns.some((c) => has(c, q))) return false;
    return this.columns.every((c) => { const f = (this.state.filters[c.key] ?? '').trim().toLowerCase(); return !f || has(c, f); });
  }

  private sortValue(row: Row, c: DisplayColumn) {
    return row[c.normalised ?? (this.lang === 'en' ? c.en : c.zh)] ?? (c.low ? row[c.low] ?? null : null);
  }

  private renderBody(): void {
    const idCol = rowIdColumn(this.table);
    const shown = this.rows.map((row, i) => ({ row, key: this.rowKey(row, i) })).filter(({ row }) => this.matches(row));
    const sortCol = this.columns.find((c) => c.key === this.state.sort);
    // Array.prototype.sort is stable: rows with equal values stay in the table's order, in either direction.
    if (sortCol) shown.sort((a, b) => compareValues(this.sortValue(a.row, sortCol), this.sortValue(b.row, sortCol), this.state.desc));
    this.tbody.replaceChildren(...shown.map(({ row, key }) => h('tr', { 'data-row': key }, ...this.columns.map((c) => {
      const notes = this.provenance.annotations(this.table.name, idCol ? plainValue(row[idCol] ?? null) : undefined, c);
      const traced = this.provenance.cell(this.table.name, row, c) !== undefined;
      const content = displayValue(c, row, this.lang);
      if (!traced && notes.length === 0) return h('td', {}, content);
      const button = h('button', { type: 'button', class: 'cell', 'data-row': key, 'data-column': c.key }, content, flagMark(notes));
      button.addEventListener('click', () => { this.state.sel = `${key}~${c.key}`; this.renderSelection(); this.onState(); });
      return h('td', { class: notes.length ? 'annotated' : undefined }, button);
    }))));
    this.count.textContent = `${shown.length} of ${this.rows.length} rows`;
    const csvRows = shown.map(({ row }) => this.table.columns.map((c) => row[c.name] ?? null));
    const old = this.csv.href;
    this.csv.href = URL.createObjectURL(new Blob([toCsv(this.table.columns.map((c) => c.name), csvRows)], { type: 'text/csv' }));
    if (old.startsWith('blob:')) URL.revokeObjectURL(old);
  }

  private renderSelection(): void {
    for (const b of this.tbody.querySelectorAll('button.selected')) b.classList.remove('selected');
    const [rowKey, colKey] = (this.state.sel ?? '').split('~');
    const index = this.rows.findIndex((r, i) => this.rowKey(r, i) === rowKey);
    const column = this.columns.find((c) => c.key === colKey);
    if (index < 0 || !column) return;
    const row = this.rows[index]!;
    const idCol = rowIdColumn(this.table);
    this.tbody.querySelector(`button[data-row="${CSS.escape(rowKey!)}"][data-column="${CSS.escape(colKey!)}"]`)?.classList.add('selected');
    const p = new URLSearchParams();
    this.params(p);
    renderInspector(this.inspector, {
      table: this.table.name, rowId: rowKey!, row, column,
      cell: this.provenance.cell(this.table.name, row, column),
      notes: this.provenance.annotations(this.table.name, idCol ? plainValue(row[idCol] ?? null) : undefined, column),
      link: `?${p}#tables`,
    }, this.lang, this.paper);
  }
}
