// The one shape every reader's result is brought to, so that the conformance test can compare readers that
// share no code: column kinds (string, integer, number, boolean, enum) and rows of canonical text (or null).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type DataType, Type, type Table } from 'apache-arrow';
import { readOutputTable } from '../../pipelines/lib/read-output.ts';
import { loadTableDefs, type ColumnDef, type TableDef } from '../../pipelines/lib/schemas.ts';

export type Kind = 'string' | 'integer' | 'number' | 'boolean' | 'enum';

export interface Read {
  columns: { name: string; kind: Kind }[];
  rows: (string | null)[][];
}

/**
 * A value as text: integers in decimal (an integer beyond 2^53 read as a float is caught), other numbers in their
 * shortest round-trip form, booleans as true/false, NULL as null.
 */
export function canon(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v)) return `unsafe number ${v}`;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return String(v);
}

export function kindOf(c: ColumnDef): Kind {
  return c.enumValues ? 'enum' : c.base;
}

/**
 * Text columns whose every value reads as another type, so a CSV reader that guesses types takes them for that
 * type: Epoch AI's parameter counts as printed ("174600000000.0") and ISO dates. Readers that guess are compared
 * without them; the README's "Load it" says to take types from datapackage.json.
 */
export const GUESSED_FROM_TEXT = new Set([
  'epoch_ai_models.parameters_raw',
  'epoch_ai_models.training_dataset_size_raw',
  'epoch_ai_models.publication_date',
  'models_vs_epoch_ai.epoch_ai_publication_date',
  'sources.accessed',
]);

export function withoutGuessed(table: string, r: Read): Read {
  const keep = r.columns.map((c) => !GUESSED_FROM_TEXT.has(`${table}.${c.name}`));
  return { columns: r.columns.filter((_, i) => keep[i]), rows: r.rows.map((row) => row.filter((_, i) => keep[i])) };
}

/** What a reader of the CSV alone can know: a closed set is a string there. */
export function csvKinds(r: Read): Read {
  return { ...r, columns: r.columns.map((c) => ({ ...c, kind: c.kind === 'enum' ? 'string' : c.kind })) };
}

/** The reference: the CSV, typed by the table's schema. */
export function expectedRead(out: string, def: TableDef): Read {
  const t = readOutputTable(out, def);
  return {
    columns: def.columns.map((c) => ({ name: c.name, kind: kindOf(c) })),
    rows: Array.from({ length: t.rowCount }, (_, r) => t.columns.map((col) => canon(col[r]))),
  };
}

/** Rows in a fixed order, for results whose order no one promises (views without ORDER BY). */
export function sorted(r: Read): Read {
  return { ...r, rows: [...r.rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)) };
}

/** The tables datapackage.json lists, with their schemas: whatever the build produced, not a fixed list. */
export function publishedTables(out: string): TableDef[] {
  const pkg = JSON.parse(readFileSync(path.join(out, 'datapackage.json'), 'utf8')) as { resources: { name: string }[] };
  const defs = new Map(loadTableDefs().map((d) => [d.name, d]));
  return pkg.resources.map((r) => {
    const def = defs.get(r.name);
    if (!def) throw new Error(`datapackage.json lists ${r.name}, which has no schema in schemas/`);
    return def;
  });
}

export function arrowKind(t: DataType): Kind | string {
  if (t.typeId === Type.Dictionary) return 'enum';
  if (t.typeId === Type.Utf8 || t.typeId === Type.LargeUtf8) return 'string';
  if (t.typeId === Type.Bool) return 'boolean';
  if (t.typeId === Type.Float && (t as unknown as { precision: number }).precision === 2) return 'number';
  if (t.typeId === Type.Int && (t as unknown as { bitWidth: number; isSigned: boolean }).bitWidth === 64)
    return 'integer';
  return `arrow ${String(t)}`;
}

export function fromArrowTable(t: Table): Read {
  const fields = t.schema.fields;
  const cols = fields.map((f) => t.getChild(f.name)!);
  return {
    columns: fields.map((f) => ({ name: f.name, kind: arrowKind(f.type) as Kind })),
    rows: Array.from({ length: t.numRows }, (_, r) => cols.map((c) => canon(c.get(r)))),
  };
}
