// Writes a diff where it can be queried: out/diff/data_diff.csv and a data_diff table in the built DuckDB file.
// Both are replaced atomically (written beside, then renamed), so a failed run leaves the previous ones.

import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { writeCsv } from '../emit/csv.ts';
import { commentStatements, createTable, ident } from '../emit/ddl.ts';
import { readCsvSql } from '../emit/duckdb.ts';
import { rowOrder } from '../emit/order.ts';
import { loadTableDef } from '../schemas.ts';
import { TableData } from '../table-data.ts';
import type { DiffRow } from './compare.ts';

export const DIFF_CSV = path.join('diff', 'data_diff.csv');

export async function writeDiff(outDir: string, dbFile: string, rows: readonly DiffRow[]): Promise<void> {
  const def = loadTableDef('diff/data_diff.schema.json');
  const t = new TableData(def);
  for (const r of rows) t.push({ ...r });
  const csv = path.join(outDir, DIFF_CSV);
  mkdirSync(path.dirname(csv), { recursive: true });
  const tmpCsv = `${csv}.tmp-${process.pid}`;
  writeCsv(tmpCsv, t, rowOrder(t));
  if (!existsSync(dbFile)) { renameSync(tmpCsv, csv); return; }

  const tmpDb = `${dbFile}.tmp-${process.pid}`;
  copyFileSync(dbFile, tmpDb);
  try {
    const db = await DuckDBInstance.create(tmpDb);
    const c = await db.connect();
    try {
      await c.run(`DROP TABLE IF EXISTS ${ident(def.name)}`);
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
}
