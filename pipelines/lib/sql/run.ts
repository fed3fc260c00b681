// Running SQL against the built database, read-only. Every statement runs; the last one's result is returned.
//
// Whatever the statement, it cannot write or reach outside the database: DuckDB itself enforces that, not a
// parser of ours. The database is opened read-only; external access is off (no COPY … TO, ATTACH, read_csv of
// other files, EXPORT DATABASE, extension installs); extensions are neither installed nor loaded on demand; and
// the configuration is locked, so no SET or PRAGMA can turn any of that back on. Results are read in chunks
// and stop at a row limit with a clear message rather than holding millions of rows in memory.

import type { DuckDBValue } from '@duckdb/node-api';
import { DuckDBArrayValue, DuckDBBlobValue, DuckDBDateValue, DuckDBDecimalValue, DuckDBInstance, DuckDBListValue, DuckDBMapValue, DuckDBStructValue } from '../duckdb-client.ts';
import { Composite, type Cell, type ResultSet } from './format.ts';

/** Options that make a DuckDB instance a sealed, read-only view of one database file. */
export const SEALED: Record<string, string> = {
  access_mode: 'READ_ONLY',
  enable_external_access: 'false',
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
  allow_community_extensions: 'false',
  allow_unsigned_extensions: 'false',
  lock_configuration: 'true',
};

/** The most rows a result may have by default; more is an error asking for LIMIT (or a higher --max-rows). */
export const DEFAULT_MAX_ROWS = 100_000;

export class ResultTooLarge extends Error {}

/** A value as JSON text: exact integers and decimals, arrays and objects for lists, structs and maps, others as DuckDB's text. */
function json(v: DuckDBValue): string {
  if (v === null) return 'null';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  if (v instanceof DuckDBDecimalValue) return v.toString();
  if (v instanceof DuckDBListValue || v instanceof DuckDBArrayValue) return `[${v.items.map(json).join(', ')}]`;
  if (v instanceof DuckDBStructValue) return `{${Object.entries(v.entries).map(([k, x]) => `${JSON.stringify(k)}: ${json(x)}`).join(', ')}}`;
  if (v instanceof DuckDBMapValue) return `[${v.entries.map((e) => `{"key": ${json(e.key)}, "value": ${json(e.value)}}`).join(', ')}]`;
  return JSON.stringify(duckdbText(v));
}

/**
 * DuckDB's own text of a value, where the client's differs: a BLOB escapes " ' and \ as \x22, \x27 and \x5C (the
 * client printed a backslash as it is, so `\x00` could be four bytes or one); DATE 'infinity' and '-infinity' are
 * words (the client printed the days they are stored as, 5881580-07-11).
 */
export function duckdbText(v: DuckDBValue): string {
  if (v instanceof DuckDBBlobValue) {
    let s = '';
    for (const b of v.bytes) s += b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x27 && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`;
    return s;
  }
  if (v instanceof DuckDBDateValue && Math.abs(v.days) === DATE_INFINITY_DAYS) return v.days > 0 ? 'infinity' : '-infinity';
  return String(v);
}

/** The days DuckDB stores DATE 'infinity' as (and, negated, '-infinity'). */
const DATE_INFINITY_DAYS = 2 ** 31 - 1;

function cell(v: DuckDBValue): Cell {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return v;
  return new Composite(duckdbText(v), json(v));
}

/** Whether the text holds anything but comments, white space and semicolons. */
export function hasStatement(sql: string): boolean {
  return sql.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '').replace(/[\s;]+/g, '') !== '';
}

export async function query(dbFile: string, sql: string, maxRows = DEFAULT_MAX_ROWS): Promise<ResultSet> {
  // DuckDB's parser fails ("Error in native callback") on a text with no statement, e.g. a file of comments.
  if (!hasStatement(sql)) return { columns: [], types: [], rows: [] };
  const instance = await DuckDBInstance.create(dbFile, SEALED);
  const c = await instance.connect();
  try {
    const statements = await c.extractStatements(sql);
    let result: ResultSet = { columns: [], types: [], rows: [] };
    for (let i = 0; i < statements.count; i++) {
      const stream = await (await statements.prepare(i)).stream();
      const rows: Cell[][] = [];
      for (let chunk = await stream.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await stream.fetchChunk()) {
        if (rows.length + chunk.rowCount > maxRows) {
          throw new ResultTooLarge(`The result has more than ${maxRows.toLocaleString('en-US')} rows: add a LIMIT, write it with ` +
            `--csv or --json and a higher --max-rows N, or query the Parquet files from your own DuckDB.`);
        }
        for (const row of chunk.getRows()) rows.push(row.map(cell));
      }
      result = { columns: stream.columnNames(), types: stream.columnTypes().map((t) => t.toString()), rows };
    }
    return result;
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}
