// DuckDB DDL and comments, generated from the table schemas: ENUM types for closed sets, NOT NULL, primary and
// foreign keys, and a COMMENT on every table and column (English description with the Chinese label).

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { enumTypes, type ColumnDef, type TableDef } from '../schemas.ts';
import { SCHEMA_DIR } from '../paths.ts';

export const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`;
export const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;

export function sqlType(c: ColumnDef): string {
  if (c.enumName) return c.enumName;
  return { string: 'VARCHAR', integer: 'BIGINT', number: 'DOUBLE', boolean: 'BOOLEAN' }[c.base];
}

export function createEnums(defs: readonly TableDef[]): string[] {
  return [...enumTypes(defs)].map(([name, values]) => `CREATE TYPE ${name} AS ENUM (${values.map(literal).join(', ')});`);
}

/**
 * CREATE TABLE with types, NOT NULL and foreign keys. The primary key is part of the statement unless
 * `primaryKey` is false: a bulk load then adds it afterwards (addPrimaryKey), which builds the index in one go,
 * several times faster than maintaining it row by row.
 */
export function createTable(def: TableDef, primaryKey = true): string {
  const cols = def.columns.map((c) => `  ${ident(c.name)} ${sqlType(c)}${c.nullable ? '' : ' NOT NULL'}`);
  if (primaryKey) cols.push(`  PRIMARY KEY (${def.primaryKey.map(ident).join(', ')})`);
  for (const fk of def.foreignKeys) {
    cols.push(`  FOREIGN KEY (${fk.fields.map(ident).join(', ')}) REFERENCES ${ident(fk.reference.table)} (${fk.reference.fields.map(ident).join(', ')})`);
  }
  return `CREATE TABLE ${ident(def.name)} (\n${cols.join(',\n')}\n);`;
}

export function addPrimaryKey(def: TableDef): string {
  return `ALTER TABLE ${ident(def.name)} ADD PRIMARY KEY (${def.primaryKey.map(ident).join(', ')});`;
}

export function columnComment(c: ColumnDef): string {
  const unit = c.unit ? ` Unit: ${c.unit}.` : '';
  return `${c.description}${unit} (${c.labelZh})`;
}

export function commentStatements(def: TableDef, licenceNote: string): string[] {
  return [
    `COMMENT ON TABLE ${ident(def.name)} IS ${literal(`${def.description} (${def.labelZh}) ${licenceNote}`)};`,
    ...def.columns.map((c) => `COMMENT ON COLUMN ${ident(def.name)}.${ident(c.name)} IS ${literal(columnComment(c))};`),
  ];
}

export interface ViewSql { name: string; comment: string; sql: string }

/** Views in schemas/views/*.sql: a first comment line describes the view, the rest creates it. */
export function loadViews(dir: string = path.join(SCHEMA_DIR, 'views')): ViewSql[] {
  return readdirSync(dir).filter((f) => f.endsWith('.sql')).sort().map((f) => {
    const text = readFileSync(path.join(dir, f), 'utf8');
    const [first, ...rest] = text.split('\n');
    return { name: f.replace(/\.sql$/, ''), comment: first!.replace(/^--\s*/, ''), sql: rest.join('\n').trim() };
  });
}
