// Stage 4, annotate: curated notes and rule checks become the annotations table; models gain
// annotation_count and flagged. No printed value is changed.

import type { CuratedFiles } from '../lib/normalise/curated.ts';
import { DataError, type Problem } from '../lib/problems.ts';
import { applyToModels, curatedAnnotations, type AnnotationRow } from '../lib/quality/annotations.ts';
import { runRules } from '../lib/quality/rules.ts';
import type { Dataset } from './normalise.ts';

export function annotate(dataset: Dataset, curated: ReadonlyMap<string, CuratedFiles>): { curated: number; rules: number } {
  const problems: Problem[] = [];
  const models = dataset.get('models')!;
  const sources = dataset.get('sources')!;
  const sourceYear = new Map<string, number>();
  sources.column('source_id').forEach((id, r) => sourceYear.set(id as string, Number(sources.column('year')[r])));
  const orgs = dataset.get('organisations')!;
  const organisationEn = new Map<string, string>();
  orgs.column('organisation_id').forEach((id, r) => organisationEn.set(id as string, orgs.column('name_en')[r] as string));

  const rows: AnnotationRow[] = [];
  for (const [sourceId, files] of curated) {
    rows.push(...curatedAnnotations(sourceId, files.annotations, dataset, problems));
  }
  const nCurated = rows.length;
  rows.push(...runRules({ models, sourceYear, organisationEn }));
  if (problems.length > 0) throw new DataError(problems);

  const table = dataset.get('annotations')!;
  for (const a of rows) table.push(a);
  applyToModels(models, rows);
  return { curated: nCurated, rules: rows.length - nCurated };
}
