// Derived tables (x-derived-from): a SELECT in a .sql file under schemas/, run in DuckDB over the tables loaded,
// stored there with its keys, then read back as plain values, to be written as files like any other table.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { SCHEMA_DIR } from '../paths.ts';
import type { TableDef } from '../schemas.ts';
import { TableData, type Value } from '../table-data.ts';
import { ident, keyChecksSql } from './ddl.ts';

/** The SELECT of a derived table's .sql file, its comment lines and final semicolon left out. */
function derivedSelect(def: TableDef, dir: string): string {
  const lines = readFileSync(path.resolve(dir, def.derivedFrom!), 'utf8').trim().replace(/;$/, '').split('\n');
  return lines.filter((l) => !l.startsWith('--')).join('\n');
}

/**
 * The table's order (x-order-by) as order.ts sorts the other tables: NULL first (DuckDB's default puts it last), and
 * a closed set by its text (DuckDB sorts an ENUM by the order of its values). Text compares by code point here and by
 * UTF-16 unit in order.ts, which differ only between characters above U+FFFF and those from U+E000 to U+FFFF.
 */
export function orderBySql(def: TableDef): string {
  return def.orderBy
    .map((name) => {
      const enumerated = def.columns.find((c) => c.name === name)?.enumValues;
      return `${enumerated ? `CAST(${ident(name)} AS VARCHAR)` : ident(name)} NULLS FIRST`;
    })
    .join(', ');
}

/**
 * A derived table computed into a temporary table in the table's order, its keys checked there (keyChecksSql: a
 * problem located in the SQL file), then the table (created with its keys beforehand) filled, rows in that order.
 */
export function derivedTableSql(def: TableDef, dir: string = SCHEMA_DIR): string[] {
  const computed = ident(`${def.name}__computed`);
  return [
    `CREATE TEMP TABLE ${computed} AS\nSELECT * FROM (\n${derivedSelect(def, dir)}\n) ORDER BY ${orderBySql(def)};`,
    ...keyChecksSql(def, `computed by schemas/${def.derivedFrom}`, computed),
    `INSERT INTO ${ident(def.name)} BY NAME SELECT * FROM ${computed};`,
    `DROP TABLE ${computed};`,
  ];
}

/**
 * A table's rows as DuckDB stores them, as plain values (BIGINT as bigint, ENUM as its text), a chunk at a time so
 * that DuckDB never holds the whole result beside them. node-api's text decoder drops a byte-order mark at the start
 * of a text, so each text is read with a character before it, taken off here.
 */
export async function readTable(c: DuckDBConnection, def: TableDef): Promise<TableData> {
  const text = def.columns.map((col) => col.base === 'string' && !col.enumValues);
  const select = def.columns.map((col, i) => (text[i] ? `'-' || ${ident(col.name)}` : ident(col.name)));
  const result = await c.stream(`SELECT ${select.join(', ')} FROM ${ident(def.name)}`);
  const t = new TableData(def);
  const columns = t.columns as Value[][];
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    chunk.getColumns().forEach((values, i) => {
      const column = columns[i]!;
      if (!text[i]) for (const v of values) column.push(v as Value);
      else for (const v of values) column.push(v === null ? null : (v as string).slice(1));
    });
  }
  return t;
}
