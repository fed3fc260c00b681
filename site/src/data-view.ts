// The data view, the page's first screen: a tab per table, a search, the columns to show, downloads and the legend
// of the notes' marks on one line; then the facets and ranges, the grid (ARIA grid: one tab stop, arrow keys, Enter),
// and the pane of the selected value. Everything it shows follows from the view's state, which lives in the URL.

import type { SiteData, SiteTable } from '../../pipelines/lib/site/data.ts';
import { cellContent, SHAPES, shownText } from './cells.ts';
import { englishOnly, englishOnlyText, h, keepFocus, text } from './dom.ts';
import { type Facet, facetCounts, facetsOf, rangeBounds, viewRows } from './facets.ts';
import { GridKeys } from './grid.ts';
import { t, valueLabel, type Lang } from './i18n.ts';
import {
  type DisplayColumn,
  defaultColumns,
  displayColumns,
  FLAGS,
  flagsColumn,
  Provenance,
  type Row,
  rowIdColumn,
  rowKey,
  rowObjects,
  worstSeverity,
} from './model.ts';
import { Pane } from './pane.ts';
import { toCsv } from './values.ts';
import { byColumn, type ViewState } from './url-state.ts';

/** What the view needs of the page: the state, a way to change it (pushed to history or not), and "copy link". */
export interface App {
  readonly state: ViewState;
  readonly lang: Lang;
  commit(change: (s: ViewState) => void, mode?: 'push' | 'replace'): void;
  copyLink(button: HTMLButtonElement): void;
}

/** A table as the view uses it, worked out once. */
interface Prepared {
  table: SiteTable;
  rows: Row[];
  columns: DisplayColumn[];
  defaults: string[];
  facets: Facet[];
  /** Columns with a range filter: counts and other numbers a reader asks about. */
  ranged: DisplayColumn[];
}

const PLUMBING = /^(row_no|record_no|source_line|line_first|line_last|column_no|table_no|year|page_seen)$/;

export class DataTableView {
  readonly element: HTMLElement;
  private readonly provenance: Provenance;
  private readonly prepared = new Map<string, Prepared>();
  private readonly tabs = h('div', { class: 'table-tabs', role: 'tablist' });
  private readonly description = h('p', { class: 'table-description' });
  private readonly tableNotes = h('div', { class: 'table-notes' });
  private readonly search = h('input', {
    type: 'search',
    id: 'table-search',
    autocomplete: 'off',
    'data-focus': 'search',
  });
  private readonly count = h('span', { id: 'row-count', role: 'status' });
  private readonly chooser = h('details', { class: 'menu', id: 'column-chooser' });
  private readonly downloads = h('details', { class: 'menu', id: 'downloads' });
  private readonly legend = h('p', { class: 'legend', id: 'flag-legend' });
  private readonly filters = h('details', { class: 'filters', id: 'filters' });
  private readonly gridBox = h('div', { class: 'grid', role: 'region' });
  private readonly table = h('table', { id: 'data-table', role: 'grid' });
  private readonly keys: GridKeys;
  private readonly pane: Pane;
  private shown: { row: Row; index: number }[] = [];
  private visible: DisplayColumn[] = [];
  private rowsCsv = '';
  private scrolledTo: string | undefined;

  constructor(
    private readonly data: SiteData,
    private readonly app: App,
  ) {
    this.provenance = new Provenance(data);
    const sources = rowObjects(data.tables.find((x) => x.name === 'sources')!);
    this.pane = new Pane(data, new Map(sources.map((s) => [String(s.source_id), String(s.attribution)])));
    this.pane.close.addEventListener('click', () => this.closePane());
    this.pane.copy.addEventListener('click', () => app.copyLink(this.pane.copy));
    this.keys = new GridKeys(this.table, (cell) => this.activate(cell));
    this.search.addEventListener('input', () =>
      app.commit((s) => {
        s.q = this.search.value;
      }, 'replace'),
    );
    this.gridBox.append(this.table);
    // Open beside the grid on a wide screen; folded above it on a phone, where the grid comes first.
    this.filters.open = matchMedia('(min-width: 901px)').matches;
    this.element = h(
      'section',
      { id: 'data', class: 'view', 'aria-labelledby': 'data-heading' },
      h('h2', { id: 'data-heading', class: 'sr-only' }),
      this.tabs,
      h('div', { class: 'toolbar' }, this.search, this.count, this.chooser, this.downloads, this.legend),
      h(
        'div',
        { class: 'data-layout' },
        this.filters,
        h(
          'div',
          { class: 'grid-column' },
          this.gridBox,
          h('div', { class: 'table-head' }, this.description, this.tableNotes),
        ),
        this.pane.element,
      ),
    );
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !this.pane.element.hidden && !this.element.hidden) this.closePane();
    });
  }

  private prepare(name: string): Prepared {
    let p = this.prepared.get(name);
    if (p) return p;
    const table = this.data.tables.find((x) => x.name === name) ?? this.data.tables[0]!;
    const rows = rowObjects(table);
    const columns = displayColumns(this.data, table);
    if (rowIdColumn(table) && this.provenance.hasRowNotes(table.name)) columns.push(flagsColumn());
    p = {
      table,
      rows,
      columns,
      defaults: defaultColumns(table, columns, rows),
      facets: facetsOf(this.data, table, columns, this.provenance),
      ranged: columns.filter((c) => c.numeric && !PLUMBING.test(c.key)),
    };
    this.prepared.set(name, p);
    return p;
  }

  /** The first data cell, focused: the skip link's target. */
  focusFirstCell(): void {
    const cell = this.keys.first();
    cell?.focus({ preventScroll: true });
    cell?.scrollIntoView({ block: 'nearest' });
  }

  update(): void {
    const { state: s, lang } = this.app;
    const p = this.prepare(s.table);
    (this.element.querySelector('#data-heading') as HTMLElement).textContent = t(lang, 'view.data');
    this.renderTabs(p, lang);
    this.description.replaceChildren(
      ...(lang === 'en' ? [] : [text(`${p.table.labelZh}。`)]),
      englishOnly(p.table.description, lang),
    );
    this.renderTableNotes(p, lang);
    if (this.search.value !== s.q) this.search.value = s.q;
    this.search.placeholder = t(lang, 'search.placeholder');
    this.search.setAttribute('aria-label', t(lang, 'search.placeholder'));
    // In the order chosen: the default's order (the model first, frozen while scrolling sideways), then as added.
    const byKey = new Map(p.columns.map((c) => [c.key, c]));
    this.visible = (s.cols ?? p.defaults).map((k) => byKey.get(k)).filter((c): c is DisplayColumn => c !== undefined);
    if (!this.visible.length) this.visible = p.columns.slice(0, 1);
    this.shown = viewRows(p.rows, s, p.columns, p.facets, lang, (row) => this.worst(p, row));
    this.count.textContent = t(lang, 'rows', { n: this.shown.length, total: p.rows.length });
    keepFocus(this.chooser, () => this.renderChooser(p, lang));
    this.renderDownloads(p, lang);
    this.renderLegend(lang);
    keepFocus(this.filters, () => this.renderFilters(p, lang));
    this.renderGrid(p, lang);
    this.renderPane(p, lang);
  }

  private worst(p: Prepared, row: Row): string | undefined {
    const id = rowIdColumn(p.table);
    return worstSeverity(
      this.provenance.annotations(p.table.name, id ? String(row[id]) : undefined, { ...flagsColumn() }),
    );
  }

  private label(c: DisplayColumn, lang: Lang): string {
    return lang === 'en' ? c.labelEn : c.labelZh;
  }

  private renderTabs(p: Prepared, lang: Lang): void {
    this.tabs.setAttribute('aria-label', t(lang, 'tables'));
    const tabs = this.data.tables.map((x) => {
      const selected = x.name === p.table.name;
      const b = h(
        'button',
        {
          type: 'button',
          role: 'tab',
          'data-table': x.name,
          'aria-selected': String(selected),
          tabindex: selected ? '0' : '-1',
          'aria-controls': 'data-table',
          title: x.name,
        },
        h('span', { lang: lang === 'zh' ? 'zh-Hans' : undefined }, lang === 'en' ? x.labelEn : x.labelZh),
        h('span', { class: 'n' }, ` ${x.rows.length}`),
      );
      b.addEventListener('click', () =>
        this.app.commit((s) =>
          Object.assign(s, {
            table: x.name,
            q: '',
            facets: byColumn(),
            ge: byColumn(),
            le: byColumn(),
            sort: undefined,
            desc: false,
            sel: undefined,
            cols: undefined,
          }),
        ),
      );
      return b;
    });
    this.tabs.onkeydown = (e) => {
      const i = tabs.indexOf(e.target as HTMLButtonElement);
      const to =
        e.key === 'ArrowRight'
          ? i + 1
          : e.key === 'ArrowLeft'
            ? i - 1
            : e.key === 'Home'
              ? 0
              : e.key === 'End'
                ? tabs.length - 1
                : undefined;
      if (i < 0 || to === undefined) return;
      e.preventDefault();
      tabs[(to + tabs.length) % tabs.length]!.focus();
    };
    keepFocus(this.tabs, () =>
      this.tabs.replaceChildren(
        ...tabs.map((b) => {
          b.dataset.focus = `tab:${b.dataset.table}`;
          return b;
        }),
      ),
    );
  }

  private renderTableNotes(p: Prepared, lang: Lang): void {
    const notes = this.provenance.tableNotes(p.table.name);
    this.tableNotes.replaceChildren(
      ...(notes.length
        ? [
            h(
              'details',
              {},
              h('summary', {}, t(lang, notes.length === 1 ? 'table.note' : 'table.notes', { n: notes.length })),
              h(
                'ul',
                {},
                ...notes.map((a) =>
                  h(
                    'li',
                    {},
                    h(
                      'span',
                      { class: `badge badge-${a.severity}` },
                      `${SHAPES[a.severity] ?? ''} ${valueLabel('severity', a.severity, lang)}`,
                    ),
                    ` ${valueLabel('annotation_kind', a.kind, lang)} (${a.column_name ?? p.table.name}): `,
                    text(lang === 'zh' && a.note_zh ? a.note_zh : a.note_en),
                  ),
                ),
              ),
            ),
          ]
        : []),
    );
  }

  private renderChooser(p: Prepared, lang: Lang): void {
    const shown = new Set(this.visible.map((c) => c.key));
    const set = (cols: string[]) =>
      this.app.commit((s) => {
        s.cols = sameList(cols, p.defaults) ? undefined : cols;
      });
    const boxes = p.columns.map((c) => {
      const box = h('input', {
        type: 'checkbox',
        'data-focus': `col:${c.key}`,
        'data-column': c.key,
        checked: shown.has(c.key),
      });
      box.addEventListener('change', () =>
        set(box.checked ? [...shown, c.key] : [...shown].filter((k) => k !== c.key)),
      );
      return h(
        'li',
        {},
        h(
          'label',
          {},
          box,
          ' ',
          text(this.label(c, lang)),
          h('code', { class: 'colname' }, c.key === FLAGS ? '' : ` ${c.key}`),
        ),
      );
    });
    const reset = h('button', { type: 'button', 'data-focus': 'cols:default' }, t(lang, 'columns.default'));
    reset.addEventListener('click', () => set(p.defaults));
    const all = h('button', { type: 'button', 'data-focus': 'cols:all' }, t(lang, 'columns.all'));
    all.addEventListener('click', () => set([...shown, ...p.columns.map((c) => c.key).filter((k) => !shown.has(k))]));
    this.chooser.replaceChildren(
      h('summary', {}, t(lang, 'columns', { n: this.visible.length, total: p.columns.length })),
      h('div', { class: 'menu-body' }, h('p', {}, reset, ' ', all), h('ul', { class: 'checklist' }, ...boxes)),
    );
  }

  private renderDownloads(p: Prepared, lang: Lang): void {
    const f = p.table.files;
    const old = this.rowsCsv;
    const columns = p.table.columns.map((c) => c.name);
    this.rowsCsv = URL.createObjectURL(
      new Blob(
        [
          toCsv(
            columns,
            this.shown.map(({ row }) => columns.map((c) => row[c] ?? null)),
          ),
        ],
        { type: 'text/csv' },
      ),
    );
    if (old) URL.revokeObjectURL(old);
    const link = (href: string, label: string, id: string, name = href.split('/').pop()!) =>
      h('li', {}, h('a', { href, download: name, id }, label));
    this.downloads.replaceChildren(
      h('summary', {}, t(lang, 'download')),
      h(
        'div',
        { class: 'menu-body' },
        h('p', {}, t(lang, 'download.table'), ': ', p.table.name),
        h(
          'ul',
          {},
          link(f.csv, 'CSV', 'download-csv'),
          link(f.parquet, 'Parquet', 'download-parquet'),
          link(f.json, 'JSON', 'download-json'),
          link(
            this.rowsCsv,
            t(lang, 'download.rows', { n: this.shown.length }),
            'table-csv',
            `${p.table.name}-rows.csv`,
          ),
        ),
      ),
    );
  }

  private renderLegend(lang: Lang): void {
    this.legend.replaceChildren(
      t(lang, 'flags.legend'),
      ...['error', 'warning', 'info'].flatMap((s) => [
        ' ',
        h('span', { class: `mark mark-${s}`, 'aria-hidden': 'true' }, SHAPES[s]!),
        ` ${valueLabel('severity', s, lang)}`,
      ]),
    );
  }

  private renderFilters(p: Prepared, lang: Lang): void {
    const s = this.app.state;
    const on =
      Object.values(s.facets).reduce((n, v) => n + v.length, 0) +
      Object.keys(s.ge).length +
      Object.keys(s.le).length +
      (s.q ? 1 : 0);
    const clear = h(
      'button',
      { type: 'button', id: 'clear-filters', 'data-focus': 'clear', disabled: on === 0 },
      t(lang, 'filters.clear'),
    );
    clear.addEventListener('click', () =>
      this.app.commit((x) => Object.assign(x, { q: '', facets: byColumn(), ge: byColumn(), le: byColumn() })),
    );
    const facets = p.facets.map((f) => {
      const counts = facetCounts(f, p.rows, s, p.columns, p.facets, lang);
      return h(
        'fieldset',
        { class: 'facet', 'data-facet': f.key },
        h('legend', {}, lang === 'en' ? f.labelEn : f.labelZh),
        h(
          'ul',
          {},
          ...counts.map(({ value, count, chosen }) => {
            const v = value ?? '';
            const box = h('input', {
              type: 'checkbox',
              'data-focus': `f:${f.key}:${v}`,
              'data-value': v,
              checked: chosen,
            });
            box.addEventListener('change', () =>
              this.app.commit((x) => {
                const list = (x.facets[f.key] ?? []).filter((y) => y !== v);
                if (box.checked) list.push(v);
                if (list.length) x.facets[f.key] = list;
                else delete x.facets[f.key];
                x.sel = undefined;
              }),
            );
            return h(
              'li',
              { class: count === 0 && !chosen ? 'empty' : undefined },
              h('label', {}, box, ' ', text(f.label(value, lang)), ' ', h('span', { class: 'n' }, String(count))),
            );
          }),
        ),
      );
    });
    const ranges = p.ranged.map((c) => {
      const bounds = rangeBounds(s, c.key);
      const input = (side: 'ge' | 'le') => {
        const el = h('input', {
          type: 'text',
          inputmode: 'decimal',
          class: 'range',
          'data-focus': `${side}:${c.key}`,
          'data-range': `${side}.${c.key}`,
          'aria-label': `${this.label(c, lang)}: ${t(lang, side === 'ge' ? 'range.min' : 'range.max')}`,
          size: '8',
        });
        el.value = s[side][c.key] ?? '';
        el.addEventListener('change', () =>
          this.app.commit((x) => {
            if (el.value.trim()) x[side][c.key] = el.value.trim();
            else delete x[side][c.key];
            x.sel = undefined;
          }),
        );
        return el;
      };
      return h(
        'fieldset',
        { class: 'range-filter', 'data-range-column': c.key },
        h('legend', {}, this.label(c, lang)),
        h('label', {}, `≥ `, input('ge')),
        ' ',
        h('label', {}, `≤ `, input('le')),
        bounds.unreadable.length
          ? h(
              'p',
              { class: 'unreadable', role: 'alert' },
              bounds.unreadable.map((x) => t(lang, 'range.unreadable', { text: x })).join('; '),
            )
          : null,
      );
    });
    this.filters.replaceChildren(
      h('summary', {}, on ? t(lang, 'filters.count', { n: on }) : t(lang, 'filters')),
      h(
        'div',
        { class: 'filters-body' },
        clear,
        ...facets,
        ...ranges,
        ranges.length ? h('p', { class: 'hint' }, t(lang, 'range.hint')) : null,
      ),
    );
  }

  private renderGrid(p: Prepared, lang: Lang): void {
    const s = this.app.state;
    const focused = this.table.contains(document.activeElement) ? (document.activeElement as HTMLElement) : undefined;
    const focusKey = focused ? [focused.closest('tr')?.dataset.row ?? '', focused.dataset.column ?? ''] : undefined;
    this.gridBox.setAttribute('aria-label', lang === 'en' ? p.table.labelEn : p.table.labelZh);
    this.table.setAttribute('aria-rowcount', String(this.shown.length + 1));
    this.table.setAttribute('aria-colcount', String(this.visible.length));
    const head = h(
      'tr',
      { 'aria-rowindex': '1', 'data-row': '' },
      ...this.visible.map((c) => {
        const sorted = s.sort === c.key;
        return h(
          'th',
          {
            role: 'columnheader',
            scope: 'col',
            'data-column': c.key,
            'aria-sort': sorted ? (s.desc ? 'descending' : 'ascending') : undefined,
            title:
              lang === 'en'
                ? `${c.description} (${t(lang, 'sort.hint')})`
                : `${t(lang, 'sort.hint')}。${englishOnlyText(c.description, lang)}`,
            class: c.numeric ? 'num' : undefined,
          },
          text(this.label(c, lang)),
          h('span', { class: 'sort', 'aria-hidden': 'true' }, sorted ? (s.desc ? ' ▼' : ' ▲') : ''),
        );
      }),
    );
    const id = rowIdColumn(p.table);
    const [selRow, selCol] = (s.sel ?? '').split('~');
    const body = h('tbody');
    for (const [i, { row, index }] of this.shown.entries()) {
      const key = rowKey(p.table, row, index);
      const tr = h('tr', { 'data-row': key, 'aria-rowindex': String(i + 2) });
      for (const c of this.visible) {
        const notes = this.provenance.annotations(p.table.name, id ? String(row[id]) : undefined, c);
        const { node, title } = cellContent(c, row, lang, notes);
        const selected = key === selRow && c.key === selCol;
        tr.append(
          h(
            'td',
            {
              role: 'gridcell',
              'data-column': c.key,
              title,
              class:
                [c.numeric ? 'num' : '', notes.length ? 'annotated' : '', c.flags ? 'flags' : '']
                  .filter(Boolean)
                  .join(' ') || undefined,
              'aria-selected': selected ? 'true' : undefined,
            },
            node,
          ),
        );
      }
      body.append(tr);
    }
    this.table.replaceChildren(
      h(
        'caption',
        { class: 'sr-only' },
        `${lang === 'en' ? p.table.labelEn : p.table.labelZh} (${p.table.name}): `,
        englishOnly(p.table.description, lang),
      ),
      h('thead', {}, head),
      body,
    );
    this.keys.refresh();
    // A link to a value (or Back to one) shows it: the grid scrolls to the selected cell when it is out of view.
    const selected = this.table.querySelector<HTMLElement>('td[aria-selected="true"]');
    if (selected && s.sel !== this.scrolledTo) {
      const box = this.gridBox;
      const top = selected.offsetTop;
      if (top < box.scrollTop || top + selected.offsetHeight > box.scrollTop + box.clientHeight)
        box.scrollTop = Math.max(0, top - box.clientHeight / 3);
    }
    this.scrolledTo = s.sel;
    if (focusKey) {
      const again = this.table.querySelector<HTMLElement>(
        `tr[data-row="${CSS.escape(focusKey[0]!)}"] [data-column="${CSS.escape(focusKey[1]!)}"]`,
      );
      if (again) this.keys.moveTo(again);
    }
  }

  private activate(cell: HTMLElement): void {
    const column = cell.dataset.column!;
    const row = cell.closest('tr')?.dataset.row ?? '';
    if (cell.tagName === 'TH') {
      this.app.commit((s) => {
        s.desc = s.sort === column ? !s.desc : false;
        s.sort = column;
      });
      return;
    }
    this.app.commit((s) => {
      s.sel = `${row}~${column}`;
    });
  }

  private closePane(): void {
    const [row, column] = (this.app.state.sel ?? '').split('~');
    this.app.commit((s) => {
      s.sel = undefined;
    });
    const cell = this.table.querySelector<HTMLElement>(
      `tr[data-row="${CSS.escape(row ?? '')}"] td[data-column="${CSS.escape(column ?? '')}"]`,
    );
    if (cell) this.keys.moveTo(cell);
  }

  private renderPane(p: Prepared, lang: Lang): void {
    const [key, colKey] = (this.app.state.sel ?? '').split('~');
    const index = p.rows.findIndex((r, i) => rowKey(p.table, r, i) === key);
    const column = p.columns.find((c) => c.key === colKey);
    this.element.classList.toggle('with-pane', index >= 0 && column !== undefined);
    if (index < 0 || !column) {
      this.pane.hide();
      return;
    }
    const row = p.rows[index]!;
    const id = rowIdColumn(p.table);
    const first = this.visible[0] ?? p.columns[0]!;
    const sourceId = row.source_id === undefined ? undefined : String(row.source_id);
    const lineFirst = row.source_line ?? row.line_first;
    const rowLines =
      sourceId && typeof lineFirst === 'number'
        ? { sourceId, first: lineFirst, last: Number(row.line_last ?? lineFirst) }
        : undefined;
    this.pane.show(
      {
        rowLabel: shownText(first, row, lang) ?? key!,
        row,
        column,
        columnLabel: this.label(column, lang),
        cell: column.flags ? undefined : this.provenance.cell(p.table.name, row, column),
        rowLines,
        notes: this.provenance.annotations(p.table.name, id ? String(row[id]) : undefined, column),
      },
      lang,
    );
  }
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => b[i] === x);
}
