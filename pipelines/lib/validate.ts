// The validate stage's logic: every value of every row against its table's JSON Schema (ajv, allErrors, column
// by column: see validate-columns.ts), then primary keys unique and foreign keys resolving. A problem points into
// the paper: file and line, table, row, column, and the raw text as printed rather than the normalised value.

import type { Schemas } from './schemas.ts';
import type { Column, TableData, Value } from './table-data.ts';
import { problem, type Problem, type Where } from './problems.ts';
import { describeError, validateColumns, type ColumnError } from './validate-columns.ts';

/** Locates row r of a table in its source, for messages; supplied by the stage that knows the provenance. */
export type Locator = (table: TableData, r: number, column?: string) => { where: Where; raw?: string };

/**
 * Rows of a column that ajv cannot read as it is, validated at a time (see validateRows). Small: V8 fills a plain
 * array of 4,096 numbers about fifteen times faster per value than one of 65,536, which gets no fast backing store
 * (the cells' five integer columns at 1,000,000 rows: about 1.3 s of copying at 65,536).
 */
const SLICE_ROWS = 1 << 12;

/** A plain array of JSON values, which ajv reads as it is (not an Int32Array, no bigint). */
function readable(col: Column): boolean {
  return Array.isArray(col) && !col.some((v) => typeof v === 'bigint');
}

/** Rows from..to of a column as numbers ajv can read: a bigint as a number of the same sign and magnitude (exact below 2^53). */
function numbers(col: Column, from: number, to: number): unknown[] {
  const out = new Array<unknown>(to - from);
  for (let i = from; i < to; i++) {
    const v = col[i]!;
    out[i - from] = typeof v === 'bigint' ? Number(v) : v;
  }
  return out;
}

/**
 * Validates every column; returns the number of rows without a problem. Columns ajv can read are validated whole;
 * the others (Int32Array, bigint) a slice of rows at a time, so that no copy of a whole column is made (at a
 * million rows, the cells' five integer columns copied whole were 240 MB more at the build's peak).
 */
export function validateRows(t: TableData, schemas: Schemas, locate: Locator, out: Problem[]): number {
  const whole = new Map(t.def.columns.map((c, i) => [c.name, readable(t.columns[i]!)]));
  const errors: ColumnError[] = [];
  for (let from = 0; from === 0 || from < t.rowCount; from += SLICE_ROWS) {
    const to = Math.min(t.rowCount, from + SLICE_ROWS);
    // A column validated whole is checked with the first slice; after that it is given as empty.
    const columns = Object.fromEntries(
      t.def.columns.map((c, i) => [
        c.name,
        whole.get(c.name) ? (from === 0 ? (t.columns[i]! as Value[]) : []) : numbers(t.columns[i]!, from, to),
      ]),
    );
    for (const e of validateColumns(schemas, `${t.name}.schema.json`, columns))
      errors.push(whole.get(e.column) ? e : { ...e, row: from + e.row });
  }
  // In ajv's order for the whole table (by column name, then row), whatever the slices: the report shows the first
  // problems only, which must not depend on how the columns are held.
  errors.sort((a, b) => (a.column < b.column ? -1 : a.column > b.column ? 1 : a.row - b.row));
  const bad = new Set<number>();
  for (const { column, row, error } of errors) {
    bad.add(row);
    const { where, raw } = locate(t, row, column);
    const value = t.columns[t.indexOf(column)]![row];
    out.push(
      problem(
        where,
        `${describeError(error)} (value ${JSON.stringify(typeof value === 'bigint' ? String(value) : (value ?? null))})`,
        `The normalised value breaks schemas/${t.name}.schema.json: check the cell in the paper and the curated entries it uses.`,
        raw,
      ),
    );
  }
  return t.rowCount - bad.size;
}

function keyAt(cols: readonly Column[], r: number): string {
  let k = String(cols[0]![r]);
  for (let i = 1; i < cols.length; i++) k += `\u0000${String(cols[i]![r])}`;
  return k;
}

function sameKey(cols: readonly Column[], a: number, b: number): boolean {
  for (const c of cols) if (c[a] !== c[b]) return false;
  return true;
}

export function checkPrimaryKey(t: TableData, locate: Locator, out: Problem[], order?: Uint32Array): void {
  const pk = t.def.primaryKey;
  const cols = pk.map((k) => t.columns[t.indexOf(k)]!);
  const report = (r: number, prior: number) => {
    const { where } = locate(t, r, pk.at(-1));
    out.push(
      problem(
        where,
        `repeats the primary key (${pk.join(', ')}) = (${pk.map((_, i) => String(cols[i]![r])).join(', ')}) of row ${prior + 1} of ${t.name}`,
        'Each row needs its own id: check the curated ids for duplicates.',
      ),
    );
  };
  // Rows written in primary-key order have their duplicates side by side: one pass, no key strings.
  const ordered = order && pk.every((k, i) => t.def.orderBy[i] === k);
  if (ordered) {
    for (let k = 1; k < order.length; k++)
      if (sameKey(cols, order[k - 1]!, order[k]!)) report(order[k]!, order[k - 1]!);
    return;
  }
  const seen = new Map<string, number>();
  for (let r = 0; r < t.rowCount; r++) {
    const k = keyAt(cols, r);
    const prior = seen.get(k);
    if (prior !== undefined) report(r, prior);
    else seen.set(k, r);
  }
}

export function checkForeignKeys(
  t: TableData,
  tables: ReadonlyMap<string, TableData>,
  locate: Locator,
  out: Problem[],
): void {
  for (const fk of t.def.foreignKeys) {
    const parent = tables.get(fk.reference.table);
    if (!parent) continue;
    const parentCols = fk.reference.fields.map((f) => parent.columns[parent.indexOf(f)]!);
    const keys = new Set<string>();
    for (let r = 0; r < parent.rowCount; r++) keys.add(keyAt(parentCols, r));
    const cols = fk.fields.map((f) => t.columns[t.indexOf(f)]!);
    // Children repeat their parent's key row after row; a key is looked up only when it changes.
    let last = -1;
    let lastOk = false;
    for (let r = 0; r < t.rowCount; r++) {
      if (cols.some((c) => c[r] === null)) continue;
      if (last >= 0 && sameKey(cols, last, r)) {
        if (lastOk) continue;
      } else {
        lastOk = keys.has(keyAt(cols, r));
        last = r;
      }
      if (!lastOk) {
        const { where, raw } = locate(t, r, fk.fields.at(-1));
        out.push(
          problem(
            where,
            `refers to ${fk.reference.table} (${fk.reference.fields.join(', ')}) = (${cols.map((c) => String(c[r] as Value)).join(', ')}), which does not exist`,
            `Add the missing ${fk.reference.table} entry or correct the reference.`,
            raw,
          ),
        );
      }
    }
  }
}
