// A DuckDB file is not byte-identical across builds (block layout, free lists), so builds compare its content
// instead: the schema (tables, columns, types, comments, constraints, views) and every row of every table.

import { createHash } from 'node:crypto';
import { DuckDBInstance } from './duckdb-client.ts';

const CATALOG = [
  `SELECT table_name, comment FROM duckdb_tables() ORDER BY table_name`,
  `SELECT table_name, column_index, column_name, data_type, is_nullable, comment FROM duckdb_columns() WHERE NOT internal ORDER BY table_name, column_index`,
  `SELECT table_name, constraint_type, constraint_text FROM duckdb_constraints() ORDER BY ALL`,
  `SELECT view_name, comment, sql FROM duckdb_views() WHERE NOT internal ORDER BY view_name`,
  `SELECT type_name, logical_type FROM duckdb_types() WHERE NOT internal ORDER BY type_name`,
];

export async function databaseContentHash(file: string): Promise<{ digest: string; tables: Record<string, string> }> {
  const db = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const c = await db.connect();
  const all = createHash('sha256');
  const tables: Record<string, string> = {};
  try {
    for (const sql of CATALOG) all.update(JSON.stringify((await c.runAndReadAll(sql)).getRowsJson()));
    const names = (await c.runAndReadAll(`SELECT table_name FROM duckdb_tables() ORDER BY table_name`))
      .getRows()
      .map((r) => String(r[0]));
    for (const t of names) {
      const h = createHash('sha256');
      const reader = await c.runAndReadAll(`SELECT * FROM "${t}"`);
      for (const row of reader.getRowsJson()) h.update(`${JSON.stringify(row)}\n`);
      tables[t] = h.digest('hex');
      all.update(`${t}:${tables[t]}`);
    }
  } finally {
    c.closeSync();
    db.closeSync();
  }
  return { digest: all.digest('hex'), tables };
}
