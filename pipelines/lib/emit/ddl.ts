// DuckDB DDL and comments from the table schemas: ENUM types for closed sets, NOT NULL, the primary and foreign keys,
// a COMMENT on every table (stating its keys) and column (description and Chinese label). The database's keys are a
// second line of defence: the validate stage has checked the keys of the tables read from the sources, pointing into
// the source, and keyChecksSql a derived table's before its rows go in: a broken key is one located problem.

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
  return [...enumTypes(defs)].map(([name, vs]) => `CREATE TYPE ${name} AS ENUM (${vs.map(literal).join(', ')});`);
}

const names = (columns: readonly string[]): string => columns.map(ident).join(', ');

/**
 * CREATE TABLE with types and NOT NULL and, with `keys`, the table's primary key and foreign keys (the tables they
 * name must be created first: creationOrder). Without, the keys are only in the table's comment (keysNote).
 */
export function createTable(def: TableDef, { keys = false } = {}): string {
  const lines = def.columns.map((c) => `  ${ident(c.name)} ${sqlType(c)}${c.nullable ? '' : ' NOT NULL'}`);
  if (keys) {
    lines.push(`  PRIMARY KEY (${names(def.primaryKey)})`);
    for (const fk of def.foreignKeys)
      lines.push(
        `  FOREIGN KEY (${names(fk.fields)}) REFERENCES ${ident(fk.reference.table)} (${names(fk.reference.fields)})`,
      );
  }
  return `CREATE TABLE ${ident(def.name)} (\n${lines.join(',\n')}\n);`;
}

/**
 * The table's keys as its comment states them, e.g. "Primary key: source_id, model_id. Foreign key: source_id →
 * sources (source_id). Keys enforced by the database." (`enforced`: created with them, createTable's `keys`).
 */
export function keysNote(def: TableDef, enforced: boolean): string {
  const fks = def.foreignKeys.map(
    (fk) => `${fk.fields.join(', ')} → ${fk.reference.table} (${fk.reference.fields.join(', ')})`,
  );
  const foreign = fks.length === 0 ? '' : ` Foreign key${fks.length > 1 ? 's' : ''}: ${fks.join('; ')}.`;
  return `Primary key: ${def.primaryKey.join(', ')}.${foreign} ${enforced ? 'Keys enforced by the database.' : 'Keys checked by the build, not enforced by the database.'}`;
}

/** A row's values of `columns` (of table alias `t`) as SQL text, e.g. "(chang2024, gpt-3)", NULL spelled out. */
function tupleText(t: string, columns: readonly string[]): string {
  return `'(' || ${columns.map((c) => `coalesce(CAST(${t}.${ident(c)} AS VARCHAR), 'NULL')`).join(` || ', ' || `)} || ')'`;
}

/**
 * Statements that fail, naming the first offending row, when the primary key repeats or a foreign key finds no row
 * (one with a NULL field refers to nothing, as in SQL). Run on a derived table's computed rows (`table`) before they
 * go into the table, whose constraints would give DuckDB's own message instead.
 */
export function keyChecksSql(def: TableDef, origin: string, table: string = ident(def.name)): string[] {
  const pk = def.primaryKey;
  const fail = (what: string) => `SELECT error(${literal(`${def.name} (${origin}): `)} || ${what})`;
  return [
    `${fail(`'the primary key (${pk.join(', ')}) = ' || ${tupleText('d', pk)} || ' is in ' || d.n || ' rows'`)} ` +
      `FROM (SELECT ${pk.map(ident).join(', ')}, count(*) AS n FROM ${table} GROUP BY ALL HAVING count(*) > 1 ORDER BY ALL LIMIT 1) d;`,
    ...def.foreignKeys.map((fk) => {
      const matches = fk.fields.map((f, i) => `p.${ident(fk.reference.fields[i]!)} = d.${ident(f)}`).join(' AND ');
      return (
        `${fail(`'the foreign key (${fk.fields.join(', ')}) = ' || ${tupleText('d', fk.fields)} || ' has no row in ${fk.reference.table} (${fk.reference.fields.join(', ')})'`)} ` +
        `FROM (SELECT ${fk.fields.map((f) => `d.${ident(f)}`).join(', ')} FROM ${table} d WHERE ${fk.fields.map((f) => `d.${ident(f)} IS NOT NULL`).join(' AND ')} ` +
        `AND NOT EXISTS (SELECT 1 FROM ${ident(fk.reference.table)} p WHERE ${matches}) ORDER BY ALL LIMIT 1) d;`
      );
    }),
  ];
}

export function columnComment(c: ColumnDef): string {
  const unit = c.unit ? ` Unit: ${c.unit}.` : '';
  return `${c.description}${unit} (${c.labelZh})`;
}

/** The table's and its columns' comments; `enforced`: the table was created with its keys (createTable's `keys`). */
export function commentStatements(def: TableDef, licenceNote: string, { enforced = false } = {}): string[] {
  return [
    `COMMENT ON TABLE ${ident(def.name)} IS ${literal(`${def.description} (${def.labelZh}) ${keysNote(def, enforced)}${licenceNote ? ` ${licenceNote}` : ''}`)};`,
    ...def.columns.map((c) => `COMMENT ON COLUMN ${ident(def.name)}.${ident(c.name)} IS ${literal(columnComment(c))};`),
  ];
}

export type ViewSql = { name: string; comment: string; sql: string };

/** Views in schemas/views/*.sql: a first comment line describes the view, the rest creates it. */
export function loadViews(dir: string = path.join(SCHEMA_DIR, 'views')): ViewSql[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => {
      const [first, ...rest] = readFileSync(path.join(dir, f), 'utf8').split('\n');
      return { name: f.replace(/\.sql$/, ''), comment: first!.replace(/^--\s*/, ''), sql: rest.join('\n').trim() };
    });
}
