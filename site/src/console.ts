// The SQL console: the example queries of queries/ as presets, results as a table (BigInt formatted, NULL as
// NULL, dates, decimals and the like as DuckDB prints them), errors as DuckDB prints them, results as CSV.
// DuckDB-WASM loads on the first run; a watchdog reports a start that never finishes (DuckDB-WASM hangs silently on
// a wrongly served .wasm).

import type { SiteData } from '../../pipelines/lib/site/data.ts';
import { columnReader, isNumeric, type ArrowColumn } from './arrow-values.ts';
import { h, text } from './dom.ts';
import { formatValue, toCsv, type Value } from './values.ts';
import type { Connection } from './duckdb.ts';

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
      const table = await c.query(editor.value);
      const columns = table.schema.fields.map((f) => f.name);
      const numeric = table.schema.fields.map((f) => isNumeric(f.type));
      const rows: Value[][] = [];
      for (const batch of table.batches) {
        const readers = columns.map((_, i) => columnReader(batch.getChildAt(i) as unknown as ArrowColumn));
        for (let r = 0; r < batch.numRows; r++) rows.push(readers.map((read) => read(r)));
      }
      results.replaceChildren(h('table', { id: 'sql-table' },
        h('thead', {}, h('tr', {}, ...columns.map((n) => h('th', { scope: 'col' }, n)))),
        h('tbody', {}, ...rows.map((row) => h('tr', {}, ...row.map((v, i) => h('td', { class: numeric[i] ? 'num' : undefined }, v === null ? h('span', { class: 'null' }, 'NULL') : text(formatValue(v)))))))));
      status.textContent = `${rows.length} row${rows.length === 1 ? '' : 's'} in ${Math.round(performance.now() - t0)} ms`;
      if (csv.href.startsWith('blob:')) URL.revokeObjectURL(csv.href);
      csv.href = URL.createObjectURL(new Blob([toCsv(columns, rows)], { type: 'text/csv' }));
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
    h('h3', {}, 'Example queries'), h('ul', { class: 'presets' }, ...presets),
    h('label', { for: 'sql-input' }, 'SQL'), editor,
    h('div', { class: 'controls' }, run, ' ', csv), status, error, results);
}
