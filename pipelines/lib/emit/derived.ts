// Derived tables (schemas with x-derived-from): a SELECT in a named .sql file under schemas/, run in DuckDB over
// the tables just loaded, stored there as a typed table with its keys and comments, then read back so that the
// Arrow and Parquet files and datapackage.json carry it like any other table.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDBInstance } from '../duckdb-client.ts';
import { SCHEMA_DIR } from '../paths.ts';
import type { TableDef } from '../schemas.ts';
import { TableData, type Value } from '../table-data.ts';
import { ident } from './ddl.ts';
import { writeArrowAndParquet, type ParquetInfo } from './parquet.ts';
import { rowOrder } from './order.ts';
import type { Written } from './file-sink.ts';

/** The SELECT of a derived table's .sql file, its comment lines and final semicolon left out. */
function derivedSelect(def: TableDef, dir: string): string {
  const select = readFileSync(path.join(dir, def.derivedFrom!), 'utf8').trim().replace(/;$/, '');
  return select.split('\n').filter((l) => !l.startsWith('--')).join('\n');
}

/**
 * The tables of `names` that a derived table's SELECT names (as a whole word): it can be computed once they are
 * loaded. A word too many only makes it wait longer; a table missing would fail the build (no such table yet).
 */
export function derivedReads(def: TableDef, names: readonly string[], dir: string = SCHEMA_DIR): string[] {
  const words = new Set(derivedSelect(def, dir).match(/[A-Za-z_][A-Za-z0-9_]*/g));
  return names.filter((n) => words.has(n));
}

/** The INSERT that fills a derived table from its .sql file, its comment lines left out. */
export function derivedInsertSql(def: TableDef, dir: string = SCHEMA_DIR): string {
  // Stored in the table's order, so that the DuckDB table lists rows as every other file does.
  const body = derivedSelect(def, dir);
  return `INSERT INTO ${ident(def.name)} BY NAME\nSELECT * FROM (\n${body}\n) ORDER BY ${def.orderBy.map(ident).join(', ')};`;
}

/**
 * A derived table's rows as DuckDB computed them, in its order, read a chunk and a column at a time: each value
 * comes typed as the table stores it (BIGINT as bigint, DOUBLE as number, ENUM and VARCHAR as string), which is the
 * type the other tables' writers expect, with no row object and no text parsed back. `db` is the database file
 * (opened read-only) or a connection to it. The next chunk is asked for before this one is copied, so that DuckDB
 * makes it while JavaScript works.
 */
export async function readDerived(db: string | DuckDBConnection, def: TableDef): Promise<TableData> {
  return withConnection(db, async (c) => {
    const rows = Number((await c.runAndReadAll(`SELECT count(*)::INTEGER FROM ${ident(def.name)}`)).getRows()[0]![0]);
    const result = await c.stream(`SELECT ${def.columns.map((x) => ident(x.name)).join(', ')} FROM ${ident(def.name)} ORDER BY ${def.orderBy.map(ident).join(', ')}`);
    const out = new TableData(def);
    const columns = out.columns as Value[][];
    out.reserve(rows);
    let at = 0;
    let next = result.fetchChunk();
    for (let chunk = await next; chunk && chunk.rowCount > 0; chunk = await next) {
      next = result.fetchChunk();
      for (let i = 0; i < columns.length; i++) copyVector(columns[i]!, at, chunk.getColumnVector(i), chunk.rowCount);
      at += chunk.rowCount;
    }
    if (at !== rows) throw new Error(`${def.name}: read ${at} rows of ${rows}`);
    return out;
  });
}

async function withConnection<T>(db: string | DuckDBConnection, use: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  if (typeof db !== 'string') return use(db);
  const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const c = await instance.connect();
  try {
    return await use(c);
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

/** Into a column made long enough beforehand (TableData.reserve): no array grows, so none is copied. */
function copyVector(column: Value[], at: number, vector: { getItem(i: number): unknown }, rows: number): void {
  for (let r = 0; r < rows; r++) column[at + r] = vector.getItem(r) as Value;
}

/**
 * After the database is written: each derived table read back into `dataset` and written as Arrow and Parquet
 * (its CSV, like every table's, is DuckDB's COPY). Returns what was written, by path under the output folder.
 */
export async function writeDerivedFiles(dataset: Map<string, TableData>, defs: readonly TableDef[], dir: string, db: string | DuckDBConnection,
  arrowMeta: (def: TableDef) => Map<string, string>, parquetInfo: ParquetInfo): Promise<Map<string, Written>> {
  const written = new Map<string, Written>();
  for (const def of defs.filter((d) => d.derivedFrom)) {
    const table = await readDerived(db, def);
    dataset.set(def.name, table);
    const order = rowOrder(table);
    const w = await writeArrowAndParquet(path.join(dir, 'arrow', `${def.name}.arrow`), path.join(dir, 'parquet', `${def.name}.parquet`),
      table, order, arrowMeta(def), parquetInfo);
    written.set(`arrow/${def.name}.arrow`, w.arrow);
    written.set(`parquet/${def.name}.parquet`, w.parquet);
  }
  return written;
}
