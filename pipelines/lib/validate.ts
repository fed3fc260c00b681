// The validate stage's logic: every row of every table against its JSON Schema (ajv, allErrors), then primary
// keys unique and foreign keys resolving. A problem points into the paper: file and line, table, row, column,
// and the raw text as printed rather than the normalised value.

import type { Ajv2020, ErrorObject } from 'ajv/dist/2020.js';
import type { TableData, Value } from './table-data.ts';
import { problem, type Problem, type Where } from './problems.ts';

/** Locates row r of a table in its source, for messages; supplied by the stage that knows the provenance. */
export type Locator = (table: TableData, r: number, column?: string) => { where: Where; raw?: string };

/** ajv knows no bigint: validate a number with the same sign and magnitude (exact below 2^53). */
const forAjv = (v: Value): unknown => (typeof v === 'bigint' ? Number(v) : v);

function message(e: ErrorObject): string {
  if (e.keyword === 'enum') return `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return e.message ?? e.keyword;
}

export function validateRows(t: TableData, ajv: Ajv2020, locate: Locator, out: Problem[]): number {
  const validate = ajv.getSchema(`${t.name}.schema.json`);
  if (!validate) throw new Error(`no schema for ${t.name}`);
  const names = t.def.columns.map((c) => c.name);
  const scratch: Record<string, unknown> = {};
  let valid = 0;
  for (let r = 0; r < t.rowCount; r++) {
    for (let c = 0; c < names.length; c++) scratch[names[c]!] = forAjv(t.columns[c]![r]!);
    if (validate(scratch)) { valid++; continue; }
    for (const e of validate.errors ?? []) {
      const column = e.instancePath.slice(1) || undefined;
      const { where, raw } = locate(t, r, column);
      out.push(problem(where, `${message(e)} (value ${JSON.stringify(scratch[column ?? ''] ?? null)})`,
        `The normalised value breaks schemas/${t.name}.schema.json: check the cell in the paper and the curated entries it uses.`, raw));
    }
  }
  return valid;
}

const keyOf = (cols: Value[][], r: number): string => cols.map((c) => String(c[r])).join('\u0000');

export function checkPrimaryKey(t: TableData, locate: Locator, out: Problem[]): void {
  const cols = t.def.primaryKey.map((k) => t.column(k));
  const seen = new Map<string, number>();
  for (let r = 0; r < t.rowCount; r++) {
    const k = keyOf(cols, r);
    const prior = seen.get(k);
    if (prior !== undefined) {
      const { where } = locate(t, r, t.def.primaryKey.at(-1));
      out.push(problem(where, `repeats the primary key (${t.def.primaryKey.join(', ')}) = (${k.split('\u0000').join(', ')}) of row ${prior + 1} of ${t.name}`,
        'Each row needs its own id: check the curated ids for duplicates.'));
    } else seen.set(k, r);
  }
}

export function checkForeignKeys(t: TableData, tables: ReadonlyMap<string, TableData>, locate: Locator, out: Problem[]): void {
  for (const fk of t.def.foreignKeys) {
    const parent = tables.get(fk.reference.table);
    if (!parent) continue;
    const parentCols = fk.reference.fields.map((f) => parent.column(f));
    const keys = new Set<string>();
    for (let r = 0; r < parent.rowCount; r++) keys.add(keyOf(parentCols, r));
    const cols = fk.fields.map((f) => t.column(f));
    for (let r = 0; r < t.rowCount; r++) {
      if (cols.some((c) => c[r] === null)) continue;
      const k = keyOf(cols, r);
      if (!keys.has(k)) {
        const { where, raw } = locate(t, r, fk.fields.at(-1));
        out.push(problem(where, `refers to ${fk.reference.table} (${fk.reference.fields.join(', ')}) = (${k.split('\u0000').join(', ')}), which does not exist`,
          `Add the missing ${fk.reference.table} entry or correct the reference.`, raw));
      }
    }
  }
}
