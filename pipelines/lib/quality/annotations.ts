// The annotations table: curated notes (with references, checked against the extracted text so that a changed
// paper shows them as stale) and notes raised by rules; then each model's annotation_count and flagged.

import type { CsvTable } from '../inputs.ts';
import { problem, type Problem } from '../problems.ts';
import type { TableData, Value } from '../table-data.ts';

export interface AnnotationRow extends Record<string, Value> {
  annotation_id: string;
  source_id: string;
  table_name: string;
  row_id: string | null;
  column_name: string | null;
  printed: string | null;
  kind: string;
  severity: string;
  origin: 'curated' | 'rule';
  rule_id: string | null;
  note_en: string;
  note_zh: string;
  reference_text: string | null;
  reference_value: bigint | null;
  reference_unit: string | null;
  reference_urls: string | null;
  same_problem_as: string | null;
}

/** Which column holds what the paper printed for a dataset column (quantities keep it in <name>_raw). */
function printedColumn(t: TableData, column: string): string | undefined {
  const names = new Set(t.def.columns.map((c) => c.name));
  if (names.has(`${column}_raw`)) return `${column}_raw`;
  return names.has(column) ? column : undefined;
}

/** The name a whole-row note quotes: the printed model name, or a text table's row key. */
function rowNameColumn(t: TableData): string {
  return t.name === 'models'
    ? 'model'
    : t.def.columns.find((c) => c.name.endsWith('_id') && c.name !== 'source_id')!.name.replace(/_id$/, '');
}

export function curatedAnnotations(
  sourceId: string,
  notes: CsvTable,
  tables: ReadonlyMap<string, TableData>,
  problems: Problem[],
): AnnotationRow[] {
  const out: AnnotationRow[] = [];
  for (let i = 0; i < notes.rowCount; i++) {
    const v = (f: string) => notes.get(f, i);
    const where = { file: notes.file, line: notes.lines[i]! };
    const table = tables.get(v('table_name')!);
    if (!table) {
      problems.push(
        problem({ ...where, column: 'table_name' }, 'is not a dataset table', 'Correct table_name.', v('table_name')!),
      );
      continue;
    }
    const idCol = table.def.primaryKey.find((k) => k !== 'source_id')!;
    const ids = table.column(idCol);
    const sources = table.column('source_id');
    let r = -1;
    for (let k = 0; k < table.rowCount; k++)
      if (ids[k] === v('row_id') && sources[k] === sourceId) {
        r = k;
        break;
      }
    if (r < 0) {
      problems.push(
        problem(
          { ...where, column: 'row_id' },
          `is a stale annotation: no ${table.name} row has ${idCol} ${JSON.stringify(v('row_id'))}`,
          'The row is gone or was renamed: update row_id or remove the annotation.',
          v('row_id')!,
        ),
      );
      continue;
    }
    const column = v('column_name');
    const printedCol = column === null ? rowNameColumn(table) : printedColumn(table, column);
    if (!printedCol) {
      problems.push(
        problem(
          { ...where, column: 'column_name' },
          `is not a column of ${table.name}`,
          'Correct column_name.',
          column!,
        ),
      );
      continue;
    }
    const actual = table.column(printedCol)[r];
    if (actual !== v('printed')) {
      problems.push(
        problem(
          { ...where, column: 'printed' },
          `is a stale annotation: ${table.name} ${v('row_id')} ${printedCol} now reads ${JSON.stringify(actual)}`,
          "The paper's text changed: check whether the note still applies, then update printed (or remove the note).",
          v('printed')!,
        ),
      );
      continue;
    }
    const referenceValue = v('reference_value');
    out.push({
      annotation_id: v('annotation_id')!,
      source_id: sourceId,
      table_name: table.name,
      row_id: v('row_id')!,
      column_name: column,
      printed: v('printed')!,
      kind: v('kind')!,
      severity: v('severity')!,
      origin: 'curated',
      rule_id: null,
      note_en: v('note_en')!,
      note_zh: v('note_zh')!,
      reference_text: v('reference_text'),
      reference_value: referenceValue === null ? null : BigInt(referenceValue),
      reference_unit: v('reference_unit'),
      reference_urls: v('reference_urls')!,
      same_problem_as: null,
    });
  }
  return out;
}

/** Counts each model's annotations and flags those with a warning or an error. */
export function applyToModels(models: TableData, annotations: readonly AnnotationRow[]): void {
  const counts = new Map<string, number>();
  const flagged = new Set<string>();
  for (const a of annotations) {
    // A rule's note about a problem a curated note already describes is not a second problem.
    if (a.table_name !== 'models' || a.row_id === null || a.same_problem_as) continue;
    const key = `${a.source_id}|${a.row_id}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (a.severity === 'warning' || a.severity === 'error') flagged.add(key);
  }
  const src = models.column('source_id');
  const ids = models.column('model_id');
  const count = models.column('annotation_count');
  const flag = models.column('flagged');
  for (let r = 0; r < models.rowCount; r++) {
    const key = `${src[r]}|${ids[r]}`;
    count[r] = counts.get(key) ?? 0;
    flag[r] = flagged.has(key);
  }
}
