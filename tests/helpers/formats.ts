// Reading every published format back into one canonical shape (rows of strings or null), so that tests can
// say "CSV, Parquet, Arrow and DuckDB hold the same rows and values".

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { DuckDBInstance } from '@duckdb/node-api';
import { readOutputTable } from '../../pipelines/lib/read-output.ts';
import type { TableDef } from '../../pipelines/lib/schemas.ts';
import type { TableData } from '../../pipelines/lib/table-data.ts';
import { DATABASE_FILE } from '../../pipelines/lib/paths.ts';

export type Canon = (string | null)[][];

export function canon(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return String(v);
}

export function fromTableData(t: TableData, order?: ArrayLike<number>): Canon {
  const idx = order ?? Array.from({ length: t.rowCount }, (_, i) => i);
  return Array.from(idx, (r) => t.columns.map((c) => canon(c[r])));
}

export function fromCsv(out: string, def: TableDef): Canon {
  return fromTableData(readOutputTable(out, def));
}

export function fromArrow(out: string, def: TableDef): Canon {
  const t = tableFromIPC(readFileSync(path.join(out, 'arrow', `${def.name}.arrow`)));
  const cols = def.columns.map((c) => t.getChild(c.name)!);
  return Array.from({ length: t.numRows }, (_, r) => cols.map((c) => canon(c.get(r))));
}

export async function withDuckDB<T>(
  file: string,
  fn: (q: (sql: string) => Promise<unknown[][]>) => Promise<T>,
): Promise<T> {
  const db = await DuckDBInstance.create(file, file === ':memory:' ? {} : { access_mode: 'READ_ONLY' });
  const c = await db.connect();
  try {
    return await fn(async (sql) => (await c.runAndReadAll(sql)).getRows());
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

export async function fromParquet(out: string, def: TableDef): Promise<Canon> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    const rows = (
      await c.runAndReadAll(`SELECT * FROM read_parquet('${path.join(out, 'parquet', `${def.name}.parquet`)}')`)
    ).getRows();
    return rows.map((r) => r.map(canon));
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

export async function fromDuckDB(out: string, def: TableDef): Promise<Canon> {
  return withDuckDB(path.join(out, DATABASE_FILE), async (q) =>
    (await q(`SELECT * FROM "${def.name}"`)).map((r) => r.map(canon)),
  );
}
