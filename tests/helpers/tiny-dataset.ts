// A tiny dataset of every table, built from the real schemas, for testing the writers in process (no build):
// three rows a table, whose values depend only on the column's name and the row, so that every foreign key (whose
// columns are named as the ones they reference) finds its parent row. Strings carry what CSV must quote (commas,
// quotes, line ends), Chinese and the empty string; integers go past 2^53 and below zero; every nullable column has
// a NULL. Rows are stored out of order, so that a writer that ignores the row order shows.

import { readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { loadTableDefs, type ColumnDef, type TableDef } from '../../pipelines/lib/schemas.ts';
import { TableData, type Value } from '../../pipelines/lib/table-data.ts';

/** Row i's value of column c: the same in every table that has the column. */
export function tinyValue(c: ColumnDef, i: number): Value {
  if (c.nullable && i === 2) return null;
  if (c.enumValues) return c.enumValues[(i + 1) % c.enumValues.length]!;
  switch (c.base) {
    case 'string':
      return [`${c.name} 0`, `${c.name} 1, "quoted"\n第二行\r\nend`, ''][i]!;
    case 'integer':
      return [i + 1, 2n ** 53n + 1n, -7][i]!;
    case 'number':
      return [0.5, -1.25, 1e21][i]!;
    case 'boolean':
      return i === 1;
  }
}

/** A table of the given rows of tinyValue, pushed in that order (by default the reverse of the tables' order). */
export function tinyTable(def: TableDef, rows: readonly number[] = [1, 0, 2]): TableData {
  const t = new TableData(def);
  for (const i of rows) t.push(Object.fromEntries(def.columns.map((c) => [c.name, tinyValue(c, i)])));
  return t;
}

/** Every table of the schemas: three rows each, a derived table empty (emit computes it in DuckDB). */
export function tinyDataset(defs: readonly TableDef[] = loadTableDefs()): Map<string, TableData> {
  return new Map(defs.map((d) => [d.name, d.derivedFrom ? new TableData(d) : tinyTable(d)]));
}

/** A column of a hand-made table, for the cases the real schemas do not have (a nullable boolean, an enum to quote). */
export function column(name: string, base: ColumnDef['base'], extra: Partial<ColumnDef> = {}): ColumnDef {
  return {
    name,
    base,
    nullable: false,
    description: `The ${name}.`,
    labelZh: `${name}（中文）`,
    labelEn: name,
    ...extra,
  };
}

/** A hand-made table definition: keyed and ordered by its first column. */
export function tableOf(name: string, columns: ColumnDef[], extra: Partial<TableDef> = {}): TableDef {
  return {
    name,
    position: 0,
    description: `The ${name} table.`,
    labelZh: `${name}表`,
    labelEn: name,
    primaryKey: [columns[0]!.name],
    foreignKeys: [],
    orderBy: [columns[0]!.name],
    columns,
    ...extra,
  };
}

/** A table of `def` holding `rows` (each a value per column, in column order), in that order. */
export function tableWith(def: TableDef, rows: readonly Value[][]): TableData {
  const t = new TableData(def);
  for (const r of rows) t.push(Object.fromEntries(def.columns.map((c, i) => [c.name, r[i]!])));
  return t;
}

/**
 * The number of file descriptors this process holds open on one of `paths` or a file in one (Linux): a writer that
 * leaks one shows. Only those: a worker runs many test files in one process (isolate: false), whose leftovers may still be
 * closing.
 */
export function openFiles(...paths: string[]): number {
  const prefixes = paths.map((p) => path.resolve(p));
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      return prefixes.some((p) => target === p || target.startsWith(`${p}/`));
    } catch {
      return false; // closed meanwhile, e.g. the descriptor readdirSync itself used
    }
  }).length;
}
