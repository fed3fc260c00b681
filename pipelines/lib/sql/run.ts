// Running SQL against the built database, read-only. Every statement runs; the last one's result is returned.
//
// Whatever the statement, it cannot write or reach outside the database: DuckDB itself enforces that, not a
// parser of ours. The database is opened read-only; external access is off (no COPY … TO, ATTACH, read_csv of
// other files, EXPORT DATABASE, extension installs); extensions are neither installed nor loaded on demand; and
// the configuration is locked, so no SET or PRAGMA can turn any of that back on, nor raise a limit.
//
// Whatever the statement, it also ends within limits (each names the option that raises it): a memory limit, which
// also bounds DuckDB's spill files (kept in a temporary folder of their own, outside out/, removed afterwards) and
// the result the runner holds; a timeout, which interrupts DuckDB; a row limit; and a longest value. Statements that
// would print this machine's paths (the database's, the spill folder's, the home folder's) are refused by name.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DuckDBDataChunk, DuckDBValue } from '@duckdb/node-api';
import {
  DuckDBArrayValue,
  DuckDBBlobValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBInstance,
  DuckDBListValue,
  DuckDBMapValue,
  DuckDBStructValue,
} from '../duckdb-client.ts';
import { onInterrupt } from '../interrupt.ts';
import { Composite, type Cell, type ResultSet } from './format.ts';
import { grouped } from '../grouped.ts';
import { DEFAULT_LIMITS, LimitExceeded, type Limits, Refused, sizeBytes } from './limits.ts';

/** Options that make a DuckDB instance a sealed, read-only view of one database file. Locking comes last. */
export const SEALED: Record<string, string> = {
  access_mode: 'READ_ONLY',
  enable_external_access: 'false',
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
  allow_community_extensions: 'false',
  allow_unsigned_extensions: 'false',
  allow_persistent_secrets: 'false',
  lock_configuration: 'true',
};

// Functions and pragmas that print absolute paths: the database file (database_list, duckdb_databases), the spill
// folder and the files DuckDB may reach (duckdb_settings, current_setting), the home folder (duckdb_extensions,
// duckdb_secrets, which_secret), the spill files (duckdb_temporary_files). query() and query_table() run SQL given
// as a string, which could spell any of these from pieces. Matched anywhere in the text, strings and comments
// included: a comment cannot hide a string's end from this check, and a refused comment costs only an edit.
const PATH_REVEALING =
  /\b(?:pragma_)?(database_list|duckdb_databases|duckdb_settings|current_setting|duckdb_extensions|duckdb_secrets|which_secret|duckdb_temporary_files)\b|\b(query|query_table)"?\s*\(/i;

/** The name of what the SQL calls that would print this machine's paths, if anything. */
export function pathRevealing(sql: string): string | undefined {
  const m = PATH_REVEALING.exec(sql);
  return m ? (m[1] ?? m[2])!.toLowerCase() : undefined;
}

/** A value as JSON text: exact integers and decimals, arrays and objects for lists, structs and maps, others as DuckDB's text. */
function json(v: DuckDBValue): string {
  if (v === null) return 'null';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  if (v instanceof DuckDBDecimalValue) return v.toString();
  if (v instanceof DuckDBListValue || v instanceof DuckDBArrayValue) return `[${v.items.map(json).join(', ')}]`;
  if (v instanceof DuckDBStructValue)
    return `{${Object.entries(v.entries)
      .map(([k, x]) => `${JSON.stringify(k)}: ${json(x)}`)
      .join(', ')}}`;
  if (v instanceof DuckDBMapValue)
    return `[${v.entries.map((e) => `{"key": ${json(e.key)}, "value": ${json(e.value)}}`).join(', ')}]`;
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
    for (const b of v.bytes)
      s +=
        b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x27 && b !== 0x5c
          ? String.fromCharCode(b)
          : `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`;
    return s;
  }
  if (v instanceof DuckDBDateValue && Math.abs(v.days) === DATE_INFINITY_DAYS)
    return v.days > 0 ? 'infinity' : '-infinity';
  return String(v);
}

/** The days DuckDB stores DATE 'infinity' as (and, negated, '-infinity'). */
const DATE_INFINITY_DAYS = 2 ** 31 - 1;

function cell(v: DuckDBValue): Cell {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean')
    return v;
  return new Composite(duckdbText(v), json(v));
}

/** Whether the text holds anything but comments, white space and semicolons. */
export function hasStatement(sql: string): boolean {
  return (
    sql
      .replace(/--[^\n]*/g, '')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/[\s;]+/g, '') !== ''
  );
}

/** Types whose values the client keeps as 16-byte DuckDB strings: their length is read before any is converted. */
const STRING_TYPES = new Set(['VARCHAR', 'BLOB', 'JSON']);

/** How often a query past its timeout is interrupted again, until it ends. */
const INTERRUPT_AGAIN_MS = 50;

/**
 * The byte length of the longest string of a VARCHAR or BLOB column in a chunk, read from DuckDB's own memory (the
 * first four bytes of each 16-byte entry), so that a value of a gigabyte is refused before it becomes a JavaScript
 * string. It reads the client's vector internals (@duckdb/node-api 1.5, pinned; tests/emit/sql-runner.test.ts
 * fails if they change); a vector without them returns 0 and the converted text is measured instead.
 */
export function longestString(chunk: DuckDBDataChunk, column: number): number {
  const v = chunk.getColumnVector(column) as unknown as {
    dataView?: DataView;
    validity?: { itemValid(i: number): boolean };
  };
  if (!(v.dataView instanceof DataView) || typeof v.validity?.itemValid !== 'function') return 0;
  let longest = 0;
  for (let i = 0; i < chunk.rowCount; i++) {
    if (v.validity.itemValid(i)) longest = Math.max(longest, v.dataView.getUint32(i * 16, true));
  }
  return longest;
}

const characters = (n: number) => `${grouped(n)} character${n === 1 ? '' : 's'}`;

/** `size` says how long the value is, e.g. "2,000,000 bytes". */
function tooLong(size: string, l: Limits): LimitExceeded {
  return new LimitExceeded(
    '--max-value-length',
    `A value of the result has ${size}, more than the longest printed, ${characters(l.maxValueLength)}`,
    'select a part of it (left(x, 1000)), or raise the limit with --max-value-length N.',
  );
}

/** What DuckDB's error means for the limits, when it is one of theirs. */
function limitError(e: unknown, l: Limits, timedOut: boolean): LimitExceeded | undefined {
  const message = (e as Error)?.message ?? '';
  if (timedOut || /^INTERRUPT Error/.test(message)) {
    return new LimitExceeded(
      '--timeout',
      `The query ran longer than the timeout of ${+(l.timeoutMs / 1000).toFixed(3)} s and was stopped`,
      'narrow it (a WHERE, fewer joins), or raise the timeout with --timeout SECONDS.',
    );
  }
  // A value past V8's longest string (about 512 M characters) inside a list or struct, which no length read first.
  if (e instanceof RangeError && /string (length|longer)/i.test(message))
    return tooLong(`more than ${characters(2 ** 29 - 24)} (the longest string JavaScript holds)`, l);
  if (/^Out of Memory Error/.test(message) || /max_temp_directory_size/.test(message)) {
    return new LimitExceeded(
      '--memory-limit',
      `The query needs more than the memory limit of ${l.memoryLimit} (spill files included) and was stopped ` +
        `(DuckDB: ${message.split('\n')[0]})`,
      'narrow it (a WHERE, fewer joins), or raise the limit with --memory-limit 4GB.',
    );
  }
  return undefined;
}

/** Runs `sql`; `limits` given as a number is the row limit alone (the other limits keep their defaults). */
export async function query(dbFile: string, sql: string, limits: Partial<Limits> | number = {}): Promise<ResultSet> {
  const l: Limits = { ...DEFAULT_LIMITS, ...(typeof limits === 'number' ? { maxRows: limits } : limits) };
  const memoryBytes = sizeBytes(l.memoryLimit);
  if (memoryBytes === undefined)
    throw new Error(`memory limit ${JSON.stringify(l.memoryLimit)} is not a size like 1GB`);
  // DuckDB's parser fails ("Error in native callback") on a text with no statement, e.g. a file of comments.
  if (!hasStatement(sql)) return { columns: [], types: [], rows: [] };
  const revealing = pathRevealing(sql);
  if (revealing) {
    throw new Refused(
      revealing,
      `${revealing} is refused: it shows this machine's paths (of the database, its temporary files or your home folder)`,
      'query the tables and views instead: SHOW TABLES lists them, and the `about` view describes the build.',
    );
  }
  // DuckDB's default spill folder is beside the database (<file>.tmp, inside out/): a folder of its own instead.
  // Ctrl-C mid-query: the spill files (up to the memory limit) go too. The handler comes first: a signal the moment
  // the folder exists would otherwise end the process as signals do by default, leaving the folder behind.
  let spill = '';
  const removeSpill = () => spill && rmSync(spill, { recursive: true, force: true });
  // A signal mid-query interrupts it first: the process's exit waits for DuckDB's running query, which an endless one
  // never ends (the runner said "Interrupted" and went on).
  let running: { interrupt(): void } | undefined;
  const handled = onInterrupt(() => {
    running?.interrupt();
    removeSpill();
  }, 'The query was stopped; the database is unchanged.');
  let timedOut = false;
  try {
    spill = mkdtempSync(path.join(os.tmpdir(), 'lme-sql-'));
    const instance = await DuckDBInstance.create(dbFile, {
      memory_limit: l.memoryLimit,
      max_temp_directory_size: l.memoryLimit,
      temp_directory: spill,
      ...SEALED,
    });
    const c = await instance.connect();
    running = c;
    // Again and again once the time is up: DuckDB forgets an interrupt that comes before its query starts (a timeout
    // of a millisecond then let an endless query run on).
    let timer = setTimeout(function stop() {
      timedOut = true;
      c.interrupt();
      timer = setTimeout(stop, INTERRUPT_AGAIN_MS);
    }, l.timeoutMs);
    try {
      const statements = await c.extractStatements(sql);
      let result: ResultSet = { columns: [], types: [], rows: [] };
      for (let i = 0; i < statements.count; i++) {
        const stream = await (await statements.prepare(i)).stream();
        const types = stream.columnTypes().map((t) => t.toString());
        const rows: Cell[][] = [];
        // What the rows held take in JavaScript, about: two bytes a character, eight a value.
        let held = 0;
        for (;;) {
          const chunk = await stream.fetchChunk();
          // The timer's interrupt fails a fetch that DuckDB is running; one that falls between two fetches ends the
          // stream as if the result were complete (no chunk, no error): a result cut short, never to be returned.
          if (timedOut) throw new Error('INTERRUPT Error: the timeout passed between chunks');
          if (!chunk || chunk.rowCount === 0) break;
          if (rows.length + chunk.rowCount > l.maxRows) {
            throw new LimitExceeded(
              '--max-rows',
              `The result has more than ${grouped(l.maxRows)} rows`,
              'add a LIMIT, write it with --csv or --json and a higher --max-rows N, or query the Parquet files from your own DuckDB.',
            );
          }
          for (let col = 0; col < types.length; col++) {
            // UTF-8 takes at most three bytes per character of JavaScript's (UTF-16 code units): more bytes than three
            // times the limit is surely too long; a shorter value is measured once converted.
            const longest = STRING_TYPES.has(types[col]!) ? longestString(chunk, col) : 0;
            if (longest > 3 * l.maxValueLength)
              throw tooLong(`${grouped(longest)} bytes (at least ${characters(Math.ceil(longest / 3))})`, l);
          }
          for (const row of chunk.getRows()) {
            const cells = row.map(cell);
            for (const v of cells) {
              const length =
                typeof v === 'string' ? v.length : v instanceof Composite ? Math.max(v.text.length, v.json.length) : 0;
              if (length > l.maxValueLength) throw tooLong(characters(length), l);
              held += 8 + 2 * length;
            }
            if (held > memoryBytes) {
              throw new LimitExceeded(
                '--memory-limit',
                `The result takes more than the memory limit of ${l.memoryLimit}`,
                'add a LIMIT, select fewer or shorter columns, or raise the limit with --memory-limit 4GB.',
              );
            }
            rows.push(cells);
          }
        }
        result = { columns: stream.columnNames(), types, rows };
      }
      return result;
    } catch (e) {
      throw limitError(e, l, timedOut) ?? e;
    } finally {
      clearTimeout(timer);
      running = undefined;
      c.closeSync();
      instance.closeSync();
    }
  } finally {
    handled();
    removeSpill();
  }
}
