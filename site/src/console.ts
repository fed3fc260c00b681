// The SQL console: the example queries of queries/ as presets, results as a table (BigInt formatted, NULL as
// NULL, dates, decimals and the like as DuckDB prints them), errors as DuckDB prints them, results as CSV. A result
// is read up to READ_ROWS rows, of which the table shows TABLE_ROWS. DuckDB-WASM loads on the first run; a watchdog
// reports a start that never finishes (DuckDB-WASM hangs silently on a wrongly served .wasm).

import type { SiteData } from '../../pipelines/lib/site/data.ts';
import { h, text } from './dom.ts';
import type { Connection } from './duckdb.ts';
import { READ_ROWS, readResult, TABLE_ROWS, type QueryResult } from './query-result.ts';
import { formatValue, toCsv, type Value } from './values.ts';

const WATCHDOG_MS = 60_000;
const DEFAULT_SQL = 'SELECT model, model_en, parameters_raw, parameters, parameters_kind\nFROM models\nORDER BY row_no\nLIMIT 5;';

export function sqlConsole(data: SiteData): HTMLElement {
  const editor = h('textarea', { id: 'sql-input', rows: '8', spellcheck: 'false', autocomplete: 'off' });
  editor.value = DEFAULT_SQL;
  const run = h('button', { type: 'button', id: 'sql-run' }, 'Run (Ctrl+Enter)');
  const status = h('p', { id: 'sql-status', role: 'status' }, 'DuckDB-WASM (about 34 MB) loads when you first run a query.');
  const error = h('pre', { id: 'sql-error', role: 'alert', hidden: true });
  const csv = h('a', { id: 'sql-csv', download: 'query.csv', href: '#', hidden: true }, 'Download the result as CSV');
  const results = h('div', { id: 'sql-results', class: 'grid', role: 'region', 'aria-label': 'Query result', tabindex: '0' });
  let connection: Promise<Connection> | undefined;

  const connect = () => (connection ??= (async () => {
    status.textContent = 'Loading DuckDB-WASM…';
    const timer = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`DuckDB-WASM did not start within ${WATCHDOG_MS / 1000} s. Check that the server sends duckdb/duckdb-eh.wasm as application/wasm and the worker as JavaScript.`)), WATCHDOG_MS));
    const { connect: open } = await import('./duckdb.ts');
    return Promise.race([open(document.baseURI, data.database), timer]);
  })());

  const execute = async () => {
    error.hidden = true;
    csv.hidden = true;
    let c: Connection;
    try {
      c = await connect();
    } catch (e) {
      connection = undefined;
      status.textContent = 'DuckDB-WASM could not start.';
      error.textContent = (e as Error).message;
      error.hidden = false;
      return;
    }
    status.textContent = 'Running…';
    const t0 = performance.now();
    try {
      const result = await readResult(c, editor.value);
      results.replaceChildren(resultTable(result));
      status.textContent = resultStatus(result, Math.round(performance.now() - t0));
      if (csv.href.startsWith('blob:')) URL.revokeObjectURL(csv.href);
      csv.href = URL.createObjectURL(new Blob([toCsv(result.columns, result.rows)], { type: 'text/csv' }));
      csv.hidden = false;
    } catch (e) {
      status.textContent = 'The query failed.';
      results.replaceChildren();
      error.textContent = (e as Error).message;
      error.hidden = false;
    }
  };

  run.addEventListener('click', () => void execute());
  editor.addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); void execute(); } });
  const presets = data.queries.map((q) => {
    const b = h('button', { type: 'button', class: 'preset', 'data-query': q.file, title: q.title }, q.file.replace(/^queries\//, ''));
    b.addEventListener('click', () => { editor.value = q.sql; void execute(); });
    return h('li', {}, b, ' ', h('span', { class: 'preset-title' }, text(q.title)));
  });
  return h('section', { id: 'sql', 'aria-labelledby': 'sql-heading' },
    h('h2', { id: 'sql-heading' }, 'SQL console'),
    h('p', {}, 'DuckDB in your browser over the published database, attached read-only. Tables and views: ',
      ...data.tables.flatMap((t, i) => [i ? ', ' : '', h('code', {}, t.name)]), '.'),
    h('p', { id: 'sql-limits' }, `The table shows the first ${grouped(TABLE_ROWS)} rows of a result, the CSV download up to ${grouped(READ_ROWS)}; reading a larger result stops there.`),
    h('h3', {}, 'Example queries'), h('ul', { class: 'presets' }, ...presets),
    h('label', { for: 'sql-input' }, 'SQL'), editor,
    h('div', { class: 'controls' }, run, ' ', csv), status, error, results);
}

const grouped = (n: number) => n.toLocaleString('en-US');

function resultCell(v: Value, numeric: boolean): HTMLElement {
  return h('td', { class: numeric ? 'num' : undefined }, v === null ? h('span', { class: 'null' }, 'NULL') : text(formatValue(v)));
}

/** The first TABLE_ROWS rows, appended one by one: spreading thousands of rows as arguments overflows the call stack. */
function resultTable(r: QueryResult): HTMLElement {
  const body = h('tbody');
  for (const row of r.rows.slice(0, TABLE_ROWS)) body.append(h('tr', {}, ...row.map((v, i) => resultCell(v, r.numeric[i]!))));
  return h('table', { id: 'sql-table' }, h('thead', {}, h('tr', {}, ...r.columns.map((n) => h('th', { scope: 'col' }, n)))), body);
}

/** How many rows, how long, and what the table and the download hold when that is not the whole result. */
function resultStatus(r: QueryResult, ms: number): string {
  const n = r.rows.length;
  const counted = `${grouped(n)} row${n === 1 ? '' : 's'} in ${ms} ms`;
  if (r.cut) return `${counted}, where reading stopped: the result has more rows than ${grouped(READ_ROWS)}. The table shows the first ${grouped(TABLE_ROWS)}; the CSV download holds the ${grouped(n)} read. Narrow the query (WHERE, LIMIT, an aggregate) to see the rest.`;
  if (n > TABLE_ROWS) return `${counted}. The table shows the first ${grouped(TABLE_ROWS)}; the CSV download holds all ${grouped(n)}.`;
  return counted;
}
