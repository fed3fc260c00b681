// The SQL console: every table and view with its columns, the example queries of queries/ as presets, results as a
// table (BigInt formatted, NULL as NULL, dates, decimals and the like as DuckDB prints them), errors as DuckDB prints
// them, results as CSV. The query is in the URL (sql=), so a query is a link: opening it runs it. A result is read
// up to READ_ROWS rows, of which the table shows TABLE_ROWS. DuckDB-WASM loads on the first run (at once when the
// page opens on the console); a watchdog reports a start that never finishes (DuckDB-WASM hangs silently on a
// wrongly served .wasm).

import type { SiteData } from '../../pipelines/lib/site/data.ts';
import type { App } from './data-view.ts';
import { h, text } from './dom.ts';
import { t, type Lang } from './i18n.ts';
import type { Connection } from './duckdb.ts';
import { READ_ROWS, readResult, TABLE_ROWS, type QueryResult } from './query-result.ts';
import { QUERY_TIMEOUT_MS, Stopped, stoppable } from './stoppable.ts';
import { clipped, formatValue, grouped, MAX_VALUE_LENGTH, toCsv, ValueTooLong, type Value } from './values.ts';

const WATCHDOG_MS = 60_000;
const DEFAULT_SQL =
  'SELECT model, model_en, parameters_raw, parameters, parameters_kind\nFROM models\nORDER BY row_no\nLIMIT 5;';

/** The console, kept across views and languages: its editor, result and DuckDB connection stay as they are. */
export class SqlConsole {
  readonly element: HTMLElement;
  private readonly editor = h('textarea', { id: 'sql-input', rows: '8', spellcheck: 'false', autocomplete: 'off' });
  private readonly run = h('button', { type: 'button', id: 'sql-run' });
  private readonly stop = h('button', { type: 'button', id: 'sql-stop', hidden: true });
  /** Ends the query running, if any. */
  private stopRunning: (() => void) | undefined;
  private readonly copy = h('button', { type: 'button', class: 'copy-link', id: 'sql-copy' });
  private readonly status = h('p', { id: 'sql-status', role: 'status' });
  private readonly error = h('pre', { id: 'sql-error', role: 'alert', hidden: true });
  private readonly csv = h('a', { id: 'sql-csv', download: 'query.csv', href: '#', hidden: true });
  private readonly results = h('div', { id: 'sql-results', class: 'grid', role: 'region', tabindex: '0' });
  private readonly heading = h('h2', { id: 'sql-heading' });
  private readonly intro = h('p', {});
  private readonly limits = h('p', { id: 'sql-limits' });
  private readonly examples = h('h3', {});
  private readonly schemaHeading = h('h3', {});
  private readonly label = h('label', { for: 'sql-input' });
  private connection: Promise<Connection> | undefined;
  /** Each example query's button and description, described in the page's language. */
  private readonly presetTitles: { button: HTMLElement; title: HTMLElement; query: SiteData['queries'][number] }[] = [];
  /** The SQL of the result shown, so that Back to the same query does not run it again. */
  private ran: string | undefined;

  constructor(
    private readonly data: SiteData,
    private readonly app: App,
  ) {
    this.editor.value = DEFAULT_SQL;
    this.run.addEventListener('click', () => this.submit());
    this.stop.addEventListener('click', () => this.stopRunning?.());
    this.copy.addEventListener('click', () => app.copyLink(this.copy));
    this.editor.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        this.submit();
      }
    });
    const presets = data.queries.map((q) => {
      const b = h(
        'button',
        { type: 'button', class: 'preset', 'data-query': q.file },
        q.file.replace(/^queries\//, ''),
      );
      b.addEventListener('click', () => {
        this.editor.value = q.sql;
        this.submit();
      });
      const title = h('span', { class: 'preset-title' });
      this.presetTitles.push({ button: b, title, query: q });
      return h('li', {}, b, ' ', title);
    });
    this.element = h(
      'section',
      { id: 'sql', class: 'view', 'aria-labelledby': 'sql-heading' },
      this.heading,
      this.intro,
      h(
        'div',
        { class: 'sql-layout' },
        h(
          'div',
          { class: 'sql-main' },
          this.label,
          this.editor,
          h('div', { class: 'controls' }, this.run, ' ', this.stop, ' ', this.copy, ' ', this.csv),
          this.status,
          this.error,
          this.results,
          this.limits,
          this.examples,
          h('ul', { class: 'presets' }, ...presets),
        ),
        h('nav', { class: 'schema', 'aria-labelledby': 'schema-heading' }, this.schemaHeading, this.schema()),
      ),
    );
  }

  /** Every table and view with its columns and types; a name puts a query of it in the editor. */
  private schema(): HTMLElement {
    const relation = (name: string, kind: string, columns: { name: string; type: string }[]) => {
      const use = h('button', { type: 'button', class: 'use-relation', 'data-relation': name }, name);
      use.addEventListener('click', () => {
        this.editor.value = `SELECT *\nFROM ${name}\nLIMIT 100;`;
        this.editor.focus();
      });
      return h(
        'li',
        { 'data-kind': kind },
        h(
          'details',
          {},
          h('summary', {}, h('code', {}, name), kind === 'view' ? h('span', { class: 'kind' }, ' view') : null),
          h('p', {}, use),
          h(
            'ul',
            { class: 'columns' },
            ...columns.map((c) =>
              h(
                'li',
                {},
                h('code', {}, c.name),
                ' ',
                h('span', { class: 'type' }, c.type.replace(/^ENUM\(.*/, 'ENUM')),
              ),
            ),
          ),
        ),
      );
    };
    return h(
      'ul',
      { class: 'relations', id: 'schema-list' },
      ...this.data.tables.map((x) => relation(x.name, 'table', x.columns)),
      ...this.data.views.map((v) => relation(v.name, 'view', v.columns)),
    );
  }

  update(): void {
    const { lang, state } = this.app;
    this.heading.textContent = t(lang, 'sql.heading');
    this.intro.textContent = t(lang, 'sql.intro');
    this.run.textContent = t(lang, 'sql.run');
    this.stop.textContent = t(lang, 'sql.stop');
    this.copy.textContent = t(lang, 'copy.link');
    this.csv.textContent = t(lang, 'sql.csv');
    this.examples.textContent = t(lang, 'sql.examples');
    for (const { button, title, query } of this.presetTitles) {
      const described = lang === 'zh' && query.titleZh ? query.titleZh : query.title;
      button.title = described;
      title.replaceChildren(text(described));
    }
    this.schemaHeading.textContent = t(lang, 'sql.schema');
    this.schemaHeading.id = 'schema-heading';
    this.label.textContent = t(lang, 'sql.input');
    this.limits.textContent = t(lang, 'sql.limits', {
      shown: grouped(TABLE_ROWS),
      read: grouped(READ_ROWS),
      seconds: QUERY_TIMEOUT_MS / 1000,
      characters: grouped(MAX_VALUE_LENGTH),
    });
    if (this.ran === undefined && !this.connection) this.status.textContent = t(lang, 'sql.idle');
    this.results.setAttribute('aria-label', t(lang, 'sql.result'));
    // A link to a query runs it; Back and Forward show each query's result again.
    if (state.sql !== undefined && state.sql !== this.ran) {
      this.editor.value = state.sql;
      void this.execute(state.sql);
    }
  }

  private submit(): void {
    const sql = this.editor.value;
    if (this.app.state.sql === sql) void this.execute(sql);
    else
      this.app.commit((s) => {
        s.sql = sql;
      });
  }

  private connect(): Promise<Connection> {
    this.connection ??= (async () => {
      this.status.textContent = t(this.app.lang, 'sql.loading');
      const timer = new Promise<never>((_, reject) =>
        setTimeout(
          () =>
            reject(
              new Error(
                `DuckDB-WASM did not start within ${WATCHDOG_MS / 1000} s. Check that the server sends duckdb/duckdb-eh.wasm as application/wasm and the worker as JavaScript.`,
              ),
            ),
          WATCHDOG_MS,
        ),
      );
      const { connect: open } = await import('./duckdb.ts');
      return Promise.race([open(document.baseURI, this.data.database), timer]);
    })();
    return this.connection;
  }

  /** Runs the SQL; the status's data-runs counts the runs finished (tests wait for the next). */
  private async execute(sql: string): Promise<void> {
    try {
      await this.runOnce(sql);
    } finally {
      this.status.dataset.runs = String(Number(this.status.dataset.runs ?? 0) + 1);
    }
  }

  private async runOnce(sql: string): Promise<void> {
    this.ran = sql;
    this.stopRunning?.(); // a query still running when another is asked for
    const { error, csv, status, results } = this;
    error.hidden = true;
    csv.hidden = true;
    let c: Connection;
    try {
      c = await this.connect();
    } catch (e) {
      this.connection = undefined;
      status.textContent = t(this.app.lang, 'sql.not-started');
      error.textContent = (e as Error).message;
      error.hidden = false;
      return;
    }
    status.textContent = t(this.app.lang, 'sql.running');
    // The result shown is the previous query's: it goes, so that it is never read as this one's.
    results.replaceChildren();
    results.setAttribute('aria-busy', 'true');
    const run = stoppable(readResult(c, sql), () => this.restart());
    this.stopRunning = run.stop;
    this.stop.hidden = false;
    const t0 = performance.now();
    try {
      const result = await run.result;
      results.replaceChildren(resultTable(result, this.app.lang));
      status.textContent = resultStatus(result, Math.round(performance.now() - t0), this.app.lang);
      if (csv.href.startsWith('blob:')) URL.revokeObjectURL(csv.href);
      csv.href = URL.createObjectURL(new Blob([toCsv(result.columns, result.rows)], { type: 'text/csv' }));
      csv.hidden = false;
    } catch (e) {
      const lang = this.app.lang;
      if (e instanceof Stopped) {
        const seconds = Math.round(e.afterMs / 1000);
        status.textContent = t(lang, e.reason === 'timeout' ? 'sql.timed-out' : 'sql.stopped', { seconds });
        return;
      }
      status.textContent = t(lang, 'sql.failed');
      error.textContent =
        e instanceof ValueTooLong
          ? t(lang, 'sql.too-long', { column: e.column, length: grouped(e.length), max: grouped(MAX_VALUE_LENGTH) })
          : (e as Error).message;
      error.hidden = false;
    } finally {
      if (this.stopRunning === run.stop) {
        this.stopRunning = undefined;
        this.stop.hidden = true;
        results.removeAttribute('aria-busy');
      }
    }
  }

  /** Ends DuckDB-WASM and the query in it; the next query starts it again and reattaches the database. */
  private async restart(): Promise<void> {
    this.connection = undefined;
    const { terminate } = await import('./duckdb.ts');
    await terminate();
  }
}

function resultCell(v: Value, numeric: boolean, lang: Lang): HTMLElement {
  return h(
    'td',
    { class: numeric ? 'num' : undefined },
    v === null ? h('span', { class: 'null' }, 'NULL') : text(clipped(formatValue(v), lang)),
  );
}

/** The first TABLE_ROWS rows, appended one by one: spreading thousands of rows as arguments overflows the call stack. */
function resultTable(r: QueryResult, lang: Lang): HTMLElement {
  const body = h('tbody');
  for (const row of r.rows.slice(0, TABLE_ROWS))
    body.append(h('tr', {}, ...row.map((v, i) => resultCell(v, r.numeric[i]!, lang))));
  return h(
    'table',
    { id: 'sql-table' },
    h('thead', {}, h('tr', {}, ...r.columns.map((n) => h('th', { scope: 'col' }, n)))),
    body,
  );
}

/** How many rows, how long, and what the table and the download hold when that is not the whole result. */
function resultStatus(r: QueryResult, ms: number, lang: Lang): string {
  const n = r.rows.length;
  if (lang === 'zh') {
    const counted = `${grouped(n)} 行，用时 ${ms} ms`;
    if (r.cut)
      return `${counted}，读取到此为止：结果超过 ${grouped(READ_ROWS)} 行。表格显示前 ${grouped(TABLE_ROWS)} 行；CSV 下载包含已读取的 ${grouped(n)} 行。缩小查询范围（WHERE、LIMIT、聚合）以查看其余部分。`;
    if (n > TABLE_ROWS) return `${counted}。表格显示前 ${grouped(TABLE_ROWS)} 行；CSV 下载包含全部 ${grouped(n)} 行。`;
    return counted;
  }
  const counted = `${grouped(n)} row${n === 1 ? '' : 's'} in ${ms} ms`;
  if (r.cut)
    return `${counted}, where reading stopped: the result has more rows than ${grouped(READ_ROWS)}. The table shows the first ${grouped(TABLE_ROWS)}; the CSV download holds the ${grouped(n)} read. Narrow the query (WHERE, LIMIT, an aggregate) to see the rest.`;
  if (n > TABLE_ROWS)
    return `${counted}. The table shows the first ${grouped(TABLE_ROWS)}; the CSV download holds all ${grouped(n)}.`;
  return counted;
}
