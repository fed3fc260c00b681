// Writes a diff where it can be queried, in its own folder and never in the build it compares (which the
// release ships): <folder>/data_diff.csv and <folder>/data_diff.duckdb, a database holding the data_diff table.
// Both are replaced atomically (written beside, then renamed), so a failed run leaves the previous ones.

import { mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '../duckdb-client.ts';
import { writeCsv } from '../emit/csv.ts';
import { commentStatements, createTable, ident } from '../emit/ddl.ts';
import { readCsvSql } from '../read-output.ts';
import { rowOrder } from '../emit/order.ts';
import { loadTableDef } from '../schemas.ts';
import { TableData } from '../table-data.ts';
import type { DiffRow } from './compare.ts';

export const DIFF_CSV = 'data_diff.csv';
export const DIFF_DATABASE = 'data_diff.duckdb';

export async function writeDiff(dir: string, rows: readonly DiffRow[]): Promise<{ csv: string; database: string }> {
  const def = loadTableDef('diff/data_diff.schema.json');
  const t = new TableData(def);
  for (const r of rows) t.push({ ...r });
  mkdirSync(dir, { recursive: true });
  const csv = path.join(dir, DIFF_CSV);
  const dbFile = path.join(dir, DIFF_DATABASE);
  const tmpCsv = `${csv}.tmp-${process.pid}`;
  const tmpDb = `${dbFile}.tmp-${process.pid}`;
  try {
    await writeCsv(tmpCsv, t, rowOrder(t));
    const db = await DuckDBInstance.create(tmpDb);
    const c = await db.connect();
    try {
      await c.run(createTable(def));
      for (const stmt of commentStatements(def, '')) await c.run(stmt);
      await c.run(`INSERT INTO ${ident(def.name)} ${readCsvSql(def, tmpCsv)}`);
      await c.run('CHECKPOINT');
    } finally {
      c.closeSync();
      db.closeSync();
    }
    renameSync(tmpDb, dbFile);
    renameSync(tmpCsv, csv);
  } catch (e) {
    rmSync(tmpDb, { force: true });
    rmSync(tmpCsv, { force: true });
    throw e;
  }
  return { csv, database: dbFile };
}
