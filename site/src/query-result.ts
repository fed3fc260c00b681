// A query's result as the console keeps it: no more than READ_ROWS rows, so a result of millions of rows neither
// fills the tab's memory nor keeps DuckDB computing rows nobody will see (`conn.query` of the SQL as typed would hand
// over the whole result at once).
//
// A single query runs as a subquery under a LIMIT of one row more than that, so DuckDB stops early and the extra row
// says the result was cut. DuckDB-WASM's stream of record batches (`conn.send`) would bound any SQL without
// rewriting it, but it loses ENUM values: its batches come without their dictionaries (duckdb/duckdb-wasm#1548), and
// the dataset's closed sets are ENUMs. So the stream serves only SQL a subquery cannot hold (several statements,
// PRAGMA, EXPLAIN, …), and refuses a result with an ENUM column rather than show its values as NULL.

import { columnReader, isNumeric, type ArrowColumn } from './arrow-values.ts';
import type { Connection } from './duckdb.ts';
import { bounded, type Value } from './values.ts';

/** Rows drawn in the console's table: more make the page slow to draw and scroll, and nobody reads them there. */
export const TABLE_ROWS = 1_000;
/** Rows read of a result, all of them in the CSV download; reading stops after these. */
export const READ_ROWS = 100_000;
export interface QueryResult {
  columns: string[];
  /** Per column: numbers, aligned right. */
  numeric: boolean[];
  /** At most READ_ROWS rows. */
  rows: Value[][];
  /** The result had more rows than READ_ROWS; they were not read. */
  cut: boolean;
}

type ArrowTable = Awaited<ReturnType<Connection['query']>>;
type Batch = ArrowTable['batches'][number];
type Fields = ArrowTable['schema']['fields'];

/** apache-arrow's type id of a dictionary-encoded column (an ENUM). */
const DICTIONARY = -1;

/** The result of `sql`, read up to `limit` rows; a failure as DuckDB words it for the SQL as typed. */
export async function readResult(c: Connection, sql: string, limit = READ_ROWS): Promise<QueryResult> {
  const limited = await c.query(`SELECT * FROM (\n${asSubquery(sql)}\n) LIMIT ${limit + 1}`).catch(() => undefined);
  if (limited) return collect(limited.schema.fields, limited.batches, limit);
  // Not a single query, or a failing one: run as typed, so that an error names the user's SQL and not the subquery.
  try {
    return await readStream(c, sql, limit);
  } catch (e) {
    throw duckdbError(e as Error);
  }
}

/**
 * The SQL without what a subquery cannot end with: semicolons, blank space and `--` comments after the query (as a
 * .sql file often ends: `…;\n-- end`), and semicolons before it. Where this cuts into a string instead, the subquery
 * fails and the SQL runs as typed.
 */
export function asSubquery(sql: string): string {
  let s = sql.replace(/^[\s;]+/, '');
  for (;;) {
    const shorter = s.replace(/[\s;]+$/, '').replace(/(^|[\s;])--[^\n]*$/, '$1');
    if (shorter === s) return s;
    s = shorter;
  }
}

/** Whether a column's type holds an ENUM, at its top or inside a list, struct or map. */
function holdsEnum(type: Fields[number]['type']): boolean {
  return type.typeId === DICTIONARY || (type.children ?? []).some((c: Fields[number]) => holdsEnum(c.type));
}

async function readStream(c: Connection, sql: string, limit: number): Promise<QueryResult> {
  const reader = await c.send(sql, true);
  const fields = (await reader.open()).schema.fields;
  const enums = fields.filter((f) => holdsEnum(f.type)).map((f) => f.name);
  if (enums.length) {
    await c.cancelSent();
    throw new Error(
      `${enums.join(', ')}: the values of an ENUM column cannot be shown when the SQL is more than one query (DuckDB-WASM reads such SQL as a stream, which drops them). Run the last statement alone, or cast the column to VARCHAR.`,
    );
  }
  // The rest of a cut or refused result stays pending in DuckDB until dropped.
  const result = await collect(fields, reader, limit).catch(async (e: unknown) => {
    await c.cancelSent();
    throw e;
  });
  if (result.cut) await c.cancelSent();
  return result;
}

/** Rows of the batches until `limit`; one row past it tells a result of exactly `limit` rows from a longer one. */
async function collect(
  fields: Fields,
  batches: Iterable<Batch> | AsyncIterable<Batch>,
  limit: number,
): Promise<QueryResult> {
  const rows: Value[][] = [];
  for await (const batch of batches) {
    const readers = fields.map((_, i) => columnReader(batch.getChildAt(i) as unknown as ArrowColumn));
    const wanted = Math.min(batch.numRows, limit + 1 - rows.length);
    for (let r = 0; r < wanted; r++) rows.push(readers.map((read, i) => bounded(read(r), fields[i]!.name)));
    if (rows.length > limit) break;
  }
  const cut = rows.length > limit;
  if (cut) rows.length = limit;
  return { columns: fields.map((f) => f.name), numeric: fields.map((f) => isNumeric(f.type)), rows, cut };
}

/**
 * A streamed query reports its error as JSON ({"exception_type":"Parser","exception_message":"syntax error …"});
 * `conn.query` and DuckDB's own shell print it as "Parser Error: syntax error …", and so does the console.
 */
function duckdbError(e: Error): Error {
  let parsed: { exception_type?: unknown; exception_message?: unknown } | undefined;
  try {
    parsed = JSON.parse(e.message) as typeof parsed;
  } catch {
    return e; // already text
  }
  const { exception_type: type, exception_message: message } = parsed ?? {};
  return typeof type === 'string' && typeof message === 'string' ? new Error(`${type} Error: ${message}`) : e;
}
