// Derived tables (schemas with x-derived-from): a SELECT in a named .sql file under schemas/, run in DuckDB over
// the tables just loaded, stored there as a typed table with its comments, then read back a batch at a time
// so that the Arrow and Parquet files and datapackage.json carry it like any other table. It is never held whole in
// JavaScript: the files and the database are its only copies.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDBInstance } from '../duckdb-client.ts';
import { SCHEMA_DIR } from '../paths.ts';
import type { TableDef } from '../schemas.ts';
import type { RecordBatch } from 'apache-arrow';
import { BATCH_ROWS, batchMaker, type BatchMaker } from './arrow.ts';
import { columnFromSlices, type Chunk, type Slice } from './vectors.ts';
import { ident } from './ddl.ts';
import { writeBatches, type ParquetInfo } from './parquet.ts';
import type { Written } from './file-sink.ts';

/** The SELECT of a derived table's .sql file, its comment lines and final semicolon left out. */
function derivedSelect(def: TableDef, dir: string): string {
  const select = readFileSync(path.resolve(dir, def.derivedFrom!), 'utf8').trim().replace(/;$/, '');
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

/**
 * The table's order (x-order-by) as order.ts sorts the other tables: NULL first (DuckDB's default puts it last), and
 * a closed set by its text (DuckDB sorts an ENUM by the order of its values). Text compares by code point here and by
 * UTF-16 unit in order.ts, which differ only between characters above U+FFFF and those from U+E000 to U+FFFF.
 */
export function orderBySql(def: TableDef): string {
  return def.orderBy.map((name) => {
    const enumerated = def.columns.find((c) => c.name === name)?.enumValues;
    return `${enumerated ? `CAST(${ident(name)} AS VARCHAR)` : ident(name)} NULLS FIRST`;
  }).join(', ');
}

/** The INSERT that fills a derived table from its .sql file, its comment lines left out. */
export function derivedInsertSql(def: TableDef, dir: string = SCHEMA_DIR): string {
  // Stored in the table's order, so that the DuckDB table lists rows as every other file does.
  const body = derivedSelect(def, dir);
  return `INSERT INTO ${ident(def.name)} BY NAME\nSELECT * FROM (\n${body}\n) ORDER BY ${orderBySql(def)};`;
}

/**
 * A derived table's rows as DuckDB stored them, in its order, as chunks (~2,048 rows each). The next chunk is
 * asked for before this one is handed on, so that DuckDB makes it while JavaScript works. The rows were inserted
 * in order (derivedInsertSql) and DuckDB keeps the insertion order (preserve_insertion_order), as the CSV file's COPY
 * relies on too: sorting them again cost 0.6 s at 1,000,000 rows.
 */
async function* derivedChunks(c: DuckDBConnection, def: TableDef): AsyncGenerator<Chunk> {
  const result = await c.stream(`SELECT ${def.columns.map((x) => ident(x.name)).join(', ')} FROM ${ident(def.name)}`);
  let next = result.fetchChunk();
  for (let chunk = await next; chunk && chunk.rowCount > 0; chunk = await next) {
    next = result.fetchChunk();
    yield chunk;
  }
}

/**
 * Chunks of rows (of the table's columns, in its order) as record batches of BATCH_ROWS rows (the last shorter; at
 * least one, empty for no rows), each made from the chunks' vectors once its rows are gathered (vectors.ts), never
 * holding more than a batch. `count.rows` counts the rows batched.
 */
export async function* rebatch(chunks: AsyncIterable<Chunk>, maker: BatchMaker, count: { rows: number }): AsyncGenerator<RecordBatch> {
  let slices: Slice[] = [];
  let rows = 0;
  const batch = () => {
    const b = maker.fromColumns(rows, (c, i, dictionary) => columnFromSlices(c, i, slices, rows, dictionary));
    count.rows += rows;
    slices = [];
    rows = 0;
    return b;
  };
  for await (const chunk of chunks) {
    for (let from = 0; from < chunk.rowCount;) {
      const take = Math.min(chunk.rowCount - from, BATCH_ROWS - rows);
      slices.push({ chunk, from, rows: take });
      rows += take;
      from += take;
      if (rows === BATCH_ROWS) yield batch();
    }
  }
  if (rows > 0 || count.rows === 0) yield batch();
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

/**
 * Each derived table, once DuckDB has computed and stored it, read back and written as Arrow and Parquet (its CSV is
 * DuckDB's COPY: JavaScript never holds its rows). `db` is the database file (opened read-only) or a connection to it. Returns
 * what was written, by path under the output folder, and the rows read of each table.
 */
export async function writeDerivedFiles(defs: readonly TableDef[], dir: string, db: string | DuckDBConnection,
  arrowMeta: (def: TableDef) => Map<string, string>, parquetInfo: ParquetInfo): Promise<{ written: Map<string, Written>; rows: Map<string, number> }> {
  const written = new Map<string, Written>();
  const rows = new Map<string, number>();
  await withConnection(db, async (c) => {
    for (const def of defs.filter((d) => d.derivedFrom)) {
      const maker = batchMaker(def, arrowMeta(def));
      const count = { rows: 0 };
      const w = await writeBatches(path.join(dir, 'arrow', `${def.name}.arrow`), path.join(dir, 'parquet', `${def.name}.parquet`),
        def, maker.schema, rebatch(derivedChunks(c, def), maker, count), parquetInfo);
      written.set(`arrow/${def.name}.arrow`, w.arrow);
      written.set(`parquet/${def.name}.parquet`, w.parquet);
      rows.set(def.name, count.rows);
    }
  });
  return { written, rows };
}
