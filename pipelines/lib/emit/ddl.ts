// DuckDB DDL and comments, generated from the table schemas: ENUM types for closed sets, NOT NULL, and a COMMENT on
// every table (stating its keys) and column (English description with the Chinese label).
//
// The keys are stated, not enforced. The validate stage has checked every primary and foreign key, with messages
// that point into the source, before anything is written; DuckDB enforcing them again would build an index per key
// (at 1,000,000 rows about 12.5 s of the build and a file four times larger, README "What the database's keys
// cost") to guard a file that is published to be read. datapackage.json and the data dictionary state them too.

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

/** CREATE TABLE with types and NOT NULL (the keys are in the table's comment: keysNote). */
export function createTable(def: TableDef): string {
  const cols = def.columns.map((c) => `  ${ident(c.name)} ${sqlType(c)}${c.nullable ? '' : ' NOT NULL'}`);
  return `CREATE TABLE ${ident(def.name)} (\n${cols.join(',\n')}\n);`;
}

/** The table's keys as its comment states them, e.g. "Primary key: source_id, model_id. Foreign key: source_id → sources (source_id)." */
export function keysNote(def: TableDef): string {
  const fks = def.foreignKeys.map((fk) => `${fk.fields.join(', ')} → ${fk.reference.table} (${fk.reference.fields.join(', ')})`);
  const foreign = fks.length === 0 ? '' : ` Foreign key${fks.length > 1 ? 's' : ''}: ${fks.join('; ')}.`;
  return `Primary key: ${def.primaryKey.join(', ')}.${foreign} Keys checked by the build, not enforced by the database.`;
}

export function columnComment(c: ColumnDef): string {
  const unit = c.unit ? ` Unit: ${c.unit}.` : '';
  return `${c.description}${unit} (${c.labelZh})`;
}

export function commentStatements(def: TableDef, licenceNote: string): string[] {
  return [
    `COMMENT ON TABLE ${ident(def.name)} IS ${literal(`${def.description} (${def.labelZh}) ${keysNote(def)}${licenceNote ? ` ${licenceNote}` : ''}`)};`,
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
