// One JSON form for a table: an array of objects, a row each, in the order of the table's CSV file, written by the
// SQL runner's JSON writer (exact integers however large, NULL as null, closed sets as their text). The release
// (pipelines/release.ts) and the explorer (pipelines/site.ts) publish it beside each table's CSV and Parquet file;
// anything else that publishes a table as JSON calls this too, so that there is one JSON form of a table.

import { ident } from './emit/ddl.ts';
import { orderBySql } from './emit/derived.ts';
import type { TableDef } from './schemas.ts';
import { formatJson } from './sql/format.ts';
import { query } from './sql/run.ts';

/**
 * The table in its files' order: NULL first and a closed set by its text (as the build writes the CSV), a table
 * without an order by its key. Read the same way by every writer, so that the JSON lists rows as the CSV does.
 */
export function tableSelectSql(def: TableDef): string {
  const order = orderBySql(def.orderBy.length ? def : { ...def, orderBy: def.primaryKey });
  return `SELECT * FROM ${ident(def.name)}${order ? ` ORDER BY ${order}` : ''}`;
}

/** The table's rows as JSON text, from the built database file. */
export async function tableJson(dbFile: string, def: TableDef): Promise<string> {
  return formatJson(await query(dbFile, tableSelectSql(def), Number.MAX_SAFE_INTEGER));
}
