// Running SQL against the built database, read-only. Every statement runs; the last one's result is returned.

import { DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import type { Cell, ResultSet } from './format.ts';

function cell(v: DuckDBValue): Cell {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return v;
  return String(v);
}

export async function query(dbFile: string, sql: string): Promise<ResultSet> {
  const instance = await DuckDBInstance.create(dbFile, { access_mode: 'READ_ONLY' });
  const c = await instance.connect();
  try {
    const statements = await c.extractStatements(sql);
    if (statements.count === 0) return { columns: [], types: [], rows: [] };
    let result: ResultSet = { columns: [], types: [], rows: [] };
    for (let i = 0; i < statements.count; i++) {
      const reader = await (await statements.prepare(i)).runAndReadAll();
      result = { columns: reader.columnNames(), types: reader.columnTypes().map((t) => t.toString()), rows: reader.getRows().map((row) => row.map(cell)) };
    }
    return result;
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}
