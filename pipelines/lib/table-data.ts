// A dataset table in memory: one array per column, in the schema's column order. Columnar so that the
// writers and checks stream over plain arrays, and a million rows cost a million slots per column rather than a
// million objects. Integers that may exceed 2^53 (quantities) are bigint; small ones (rows, lines) are number.

import type { TableDef } from './schemas.ts';

export type Value = string | number | bigint | boolean | null;

/** A column: a plain array, or for large integer columns that cannot be NULL, an Int32Array (4 bytes a value). */
export type Column = Value[] | Int32Array;

export class TableData {
  readonly def: TableDef;
  readonly columns: Column[];
  private readonly index: Map<string, number>;

  constructor(def: TableDef) {
    this.def = def;
    this.columns = def.columns.map(() => []);
    this.index = new Map(def.columns.map((c, i) => [c.name, i]));
  }

  get name(): string {
    return this.def.name;
  }

  get rowCount(): number {
    return this.columns[0]?.length ?? 0;
  }

  /** A column to read or to push to (array-backed columns only). */
  column(name: string): Value[] {
    return this.columns[this.indexOf(name)] as Value[];
  }

  indexOf(name: string): number {
    const i = this.index.get(name);
    if (i === undefined) throw new Error(`${this.def.name} has no column ${name}`);
    return i;
  }

  /**
   * Makes room for `extra` more rows in every array column, so that a loop can write row by row by index
   * (writeAt) instead of growing arrays by pushing; `finish` then sets the real row count. Returns the first index.
   */
  reserve(extra: number): number {
    const start = this.rowCount;
    for (const c of this.columns) if (Array.isArray(c)) c.length = start + extra;
    return start;
  }

  /** Ends a reserve: every array column gets exactly `rows` rows. */
  finish(rows: number): void {
    for (const c of this.columns) if (Array.isArray(c)) c.length = rows;
  }

  /** Replaces a column wholesale (all columns of a table must end with the same length). */
  setColumn(name: string, values: Column): void {
    (this.columns as Column[])[this.indexOf(name)] = values;
  }

  /** Appends a row; every column of the schema must be present (use null for none). */
  push(row: Record<string, Value>): void {
    const cols = this.def.columns;
    for (let i = 0; i < cols.length; i++) {
      const v = row[cols[i]!.name];
      if (v === undefined) throw new Error(`${this.def.name}: row lacks ${cols[i]!.name}`);
      (this.columns[i] as Value[]).push(v);
    }
  }

  /** One row as an object (for messages and small tables; not for hot loops). */
  row(r: number): Record<string, Value> {
    const out: Record<string, Value> = {};
    this.def.columns.forEach((c, i) => {
      out[c.name] = this.columns[i]![r]!;
    });
    return out;
  }
}

/** The dataset's tables by name, as the stages from normalise to emit pass them on. */
export type Dataset = Map<string, TableData>;

/** One empty table per definition. */
export function emptyDataset(defs: readonly TableDef[]): Dataset {
  return new Map(defs.map((d) => [d.name, new TableData(d)]));
}
