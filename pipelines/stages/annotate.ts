// Stage 4, annotate: curated notes and rule checks become the annotations table; models gain
// annotation_count, flagged and a status for each printed quantity. No printed value is changed.

import type { CsvTable } from '../lib/inputs.ts';
import { DataError, type Problem } from '../lib/problems.ts';
import { applyToModels, curatedAnnotations, type AnnotationRow } from '../lib/quality/annotations.ts';
import { runRules } from '../lib/quality/rules.ts';
import { linkSameProblems } from '../lib/quality/same-problem.ts';
import { applyStatuses } from '../lib/quality/status.ts';
import type { Dataset } from '../lib/table-data.ts';

export function annotate(dataset: Dataset, notes: ReadonlyMap<string, CsvTable>): { curated: number; rules: number } {
  const problems: Problem[] = [];
  const models = dataset.get('models')!;
  const sources = dataset.get('sources')!;
  const sourceYear = new Map<string, number>();
  sources.column('source_id').forEach((id, r) => {
    sourceYear.set(id as string, Number(sources.column('year')[r]));
  });
  const orgs = dataset.get('organisations')!;
  const organisationEn = new Map<string, string>();
  orgs.column('organisation_id').forEach((id, r) => {
    organisationEn.set(id as string, orgs.column('name_en')[r] as string);
  });

  const rows: AnnotationRow[] = [];
  for (const [sourceId, table] of notes)
    for (const a of curatedAnnotations(sourceId, table, dataset, problems)) rows.push(a);
  const nCurated = rows.length;
  for (const a of runRules({ models, sourceYear, organisationEn, epoch: dataset.get('epoch_ai_models') })) rows.push(a);
  if (problems.length > 0) throw new DataError(problems);
  linkSameProblems(rows);

  const table = dataset.get('annotations')!;
  for (const a of rows) table.push(a);
  applyToModels(models, rows);
  applyStatuses(models, rows);
  return { curated: nCurated, rules: rows.length - nCurated };
}
