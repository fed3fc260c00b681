// What every normaliser needs: the source, the table definitions and a place to collect problems.

import type { TableDef } from '../schemas.ts';
import type { Problems, Where } from '../problems.ts';
import type { ExtractedTable } from '../extract/types.ts';

export interface NormaliseContext {
  sourceId: string;
  defs: ReadonlyMap<string, TableDef>;
  problems: Problems;
}

/** Where a cell is: the paper's file and line, the table, the row and its label, the column. */
export function cellWhere(t: ExtractedTable, r: number, column: string, rowLabel?: string): Where {
  const col = t.columns.find((c) => c.name === column)!;
  return {
    file: t.file,
    line: col.lineFirst[r]!,
    table: t.spec.label,
    row: r + 1,
    ...(rowLabel !== undefined ? { rowLabel } : {}),
    column,
  };
}

export function columnText(t: ExtractedTable, column: string): string[] {
  const col = t.columns.find((c) => c.name === column);
  if (!col) throw new Error(`${t.spec.label} has no column ${column}`);
  return col.text;
}
