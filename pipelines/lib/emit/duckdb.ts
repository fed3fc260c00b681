// The DuckDB database, created from the generated DDL and loaded from the Parquet files just written (DuckDB's
// bulk reader, not row-by-row inserts). The Parquet files are not DuckDB's (parquet.ts): its COPY writes every
// column OPTIONAL, NOT NULL or not.

import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDBInstance } from '../duckdb-client.ts';
import { creationOrder, type TableDef } from '../schemas.ts';
import { derivedInsertSql } from './derived.ts';
import { addPrimaryKey, commentStatements, createEnums, createTable, ident, literal, loadViews, sqlType, type ViewSql } from './ddl.ts';

/** DuckDB's memory budget while building; the rest of the pipeline stays well below the 1 GB the scale benchmark allows. */
export const MEMORY_LIMIT = '512MB';

/** A table of at least this many rows is checkpointed once loaded, so that its index leaves memory (see writeDatabase). */
const CHECKPOINT_ROWS = 100_000;

export interface DatabaseInfo {
  name: string;
  version: string;
  licence: string;
  licenceUrl: string;
  /** Attribution texts of all sources, in source order. */
  attributions: string[];
}

async function run(c: DuckDBConnection, sql: string): Promise<void> {
  await c.run(sql);
}

/**
 * The rows of a table's Parquet file, columns in the schema's order. The database is loaded from the Parquet files
 * (written first, from the Arrow batches): DuckDB reads them in about 70 % of the CPU time its CSV reader takes.
 */
export function readParquetSql(def: TableDef, parquetFile: string): string {
  return `SELECT ${def.columns.map((c) => ident(c.name)).join(', ')} FROM read_parquet(${literal(parquetFile)})`;
}

export function readCsvSql(def: TableDef, csvFile: string): string {
  const cols = def.columns.map((c) => `${literal(c.name)}: ${literal(sqlType(c))}`).join(', ');
  return `SELECT * FROM read_csv(${literal(csvFile)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', ` +
    `new_line = '\\n', nullstr = '', allow_quoted_nulls = false, columns = {${cols}})`;
}

function aboutView(info: DatabaseInfo): ViewSql {
  const attribution = info.attributions.join('\n');
  return {
    name: 'about',
    comment: `The dataset: name, version, licence and the attribution every use must carry. ${attribution}`,
    sql: `CREATE VIEW about AS SELECT ${literal(info.name)} AS dataset, ${literal(info.version)} AS version, ` +
      `${literal(info.licence)} AS licence, ${literal(info.licenceUrl)} AS licence_url, ${literal(attribution)} AS attribution;`,
  };
}

/**
 * Creates `dbFile` from the Parquet files in `parquetDir`.
 * Returns the number of rows loaded per table, for the row accounting.
 */
export async function writeDatabase(
  dbFile: string, defs: readonly TableDef[], parquetDir: string, info: DatabaseInfo,
): Promise<Map<string, number>> {
  // The default block size (256 KiB): DuckDB 1.0 and older refuse a file of any other (default_block_size saved
  // kilobytes per table, but the file must open in every DuckDB from 1.1 on; see the README's "Load it").
  // One checkpoint at the end instead of one whenever the write-ahead log passes 16 MB during a large load.
  const instance = await DuckDBInstance.create(dbFile, { checkpoint_threshold: '1GB' });
  const c = await instance.connect();
  const counts = new Map<string, number>();
  try {
    const licenceNote = `Licence: ${info.licence} (${info.licenceUrl}); attribution in the about view and the sources table.`;
    // Bounded memory: DuckDB spills to the database file rather than growing past this. Statements are sent in
    // a few scripts rather than one by one: for a small dataset the round trips would cost more than the work.
    // One thread: DuckDB then writes each table's row groups to the file, compressed, as it inserts them; with two,
    // its ordered insert left much of that to the checkpoints, which compressed them again. Measured: the load of a
    // 100,000-row paper took half the CPU time (4.2 s instead of 8.3 s); 6 M cells alone, without keys, 6.8 s
    // instead of 16 s. Rows stay in the files' order either way.
    await run(c, [`SET memory_limit = ${literal(MEMORY_LIMIT)};`, 'SET threads = 1;', ...createEnums(defs)].join('\n'));
    // Parents first, each loaded and given its primary key before the children whose foreign keys refer to it.
    // Derived tables come last: their SELECT reads the tables loaded before them. Each table is one transaction
    // (one commit, so one sync of the write-ahead log, rather than one per statement and comment).
    for (const def of [...creationOrder(defs.filter((d) => !d.derivedFrom)), ...defs.filter((d) => d.derivedFrom)]) {
      await run(c, [
        'BEGIN TRANSACTION;',
        createTable(def, false),
        def.derivedFrom ? derivedInsertSql(def) : `INSERT INTO ${ident(def.name)} ${readParquetSql(def, path.join(parquetDir, `${def.name}.parquet`))};`,
        addPrimaryKey(def),
        ...commentStatements(def, licenceNote),
        'COMMIT;',
      ].join('\n'));
      const rows = Number((await c.runAndReadAll(`SELECT count(*)::INTEGER FROM ${ident(def.name)}`)).getRows()[0]![0]);
      counts.set(def.name, rows);
      // A primary key's index stays in memory, where it cannot spill, until a checkpoint writes it to the file; the
      // indexes of a million-row paper's tables together outgrow MEMORY_LIMIT (cells' alone is ~190 MB at 6 M rows).
      if (rows >= CHECKPOINT_ROWS) await run(c, 'CHECKPOINT');
    }
    await run(c, [...loadViews(), aboutView(info)].map((v) => `${v.sql}\nCOMMENT ON VIEW ${ident(v.name)} IS ${literal(v.comment)};`).join('\n'));
    await run(c, 'CHECKPOINT');
  } finally {
    c.closeSync();
    instance.closeSync();
  }
  return counts;
}
