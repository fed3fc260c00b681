// Derived tables (schemas with x-derived-from): a SELECT in a named .sql file under schemas/, run in DuckDB over
// the tables just loaded, stored there as a typed table with its keys and comments, then read back so that the
// CSV, Arrow and Parquet files and datapackage.json carry it like any other table.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '../duckdb-client.ts';
import { SCHEMA_DIR } from '../paths.ts';
import type { TableDef } from '../schemas.ts';
import { TableData, type Value } from '../table-data.ts';
import { ident } from './ddl.ts';
import { writeCsv } from './csv.ts';
import { writeArrowAndParquet, type ParquetInfo } from './parquet.ts';
import { rowOrder } from './order.ts';
import type { Written } from './file-sink.ts';

/** The INSERT that fills a derived table from its .sql file, its comment lines left out. */
export function derivedInsertSql(def: TableDef, dir: string = SCHEMA_DIR): string {
  const select = readFileSync(path.join(dir, def.derivedFrom!), 'utf8').trim().replace(/;$/, '');
  // Stored in the table's order, so that the DuckDB table lists rows as every other file does.
  const body = select.split('\n').filter((l) => !l.startsWith('--')).join('\n');
  return `INSERT INTO ${ident(def.name)} BY NAME\nSELECT * FROM (\n${body}\n) ORDER BY ${def.orderBy.map(ident).join(', ')};`;
}

/**
 * A derived table's rows as DuckDB computed them, in its order, read a chunk and a column at a time: each value
 * comes typed as the table stores it (BIGINT as bigint, DOUBLE as number, ENUM and VARCHAR as string), which is the
 * type the other tables' writers expect, with no row object and no text parsed back.
 */
export async function readDerived(dbFile: string, def: TableDef): Promise<TableData> {
  const instance = await DuckDBInstance.create(dbFile, { access_mode: 'READ_ONLY' });
  const c = await instance.connect();
  try {
    const result = await c.stream(`SELECT ${def.columns.map((x) => ident(x.name)).join(', ')} FROM ${ident(def.name)} ORDER BY ${def.orderBy.map(ident).join(', ')}`);
    const out = new TableData(def);
    const columns = out.columns as Value[][];
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      for (let i = 0; i < columns.length; i++) appendVector(columns[i]!, chunk.getColumnVector(i), chunk.rowCount);
    }
    return out;
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

function appendVector(column: Value[], vector: { getItem(i: number): unknown }, rows: number): void {
  for (let r = 0; r < rows; r++) column.push(vector.getItem(r) as Value);
}

/**
 * After the database is written: each derived table read back into `dataset` and written as CSV, Arrow and
 * Parquet. Returns what was written, by path under the output folder.
 */
export async function writeDerivedFiles(dataset: Map<string, TableData>, defs: readonly TableDef[], dir: string, dbFile: string,
  arrowMeta: (def: TableDef) => Map<string, string>, parquetInfo: ParquetInfo): Promise<Map<string, Written>> {
  const written = new Map<string, Written>();
  for (const def of defs.filter((d) => d.derivedFrom)) {
    const table = await readDerived(dbFile, def);
    dataset.set(def.name, table);
    const order = rowOrder(table);
    written.set(`csv/${def.name}.csv`, await writeCsv(path.join(dir, 'csv', `${def.name}.csv`), table, order));
    const w = await writeArrowAndParquet(path.join(dir, 'arrow', `${def.name}.arrow`), path.join(dir, 'parquet', `${def.name}.parquet`),
      table, order, arrowMeta(def), parquetInfo);
    written.set(`arrow/${def.name}.arrow`, w.arrow);
    written.set(`parquet/${def.name}.parquet`, w.parquet);
  }
  return written;
}
