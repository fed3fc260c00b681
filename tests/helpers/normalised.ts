// The dataset as the normalise (and annotate) stages make it from a sources folder, in process and without a build:
// for tests of curated inputs, which need the tables but no files. Call loadGenerated() once before (beforeAll).

import { DataError } from '../../pipelines/lib/problems.ts';
import { Schemas, loadTableDefs } from '../../pipelines/lib/schemas.ts';
import type { Dataset } from '../../pipelines/lib/table-data.ts';
import { annotate } from '../../pipelines/stages/annotate.ts';
import { extractSources } from '../../pipelines/stages/extract.ts';
import { normalise } from '../../pipelines/stages/normalise.ts';
import { loadSources } from '../../pipelines/stages/sources.ts';

export function normalised(sourcesRoot: string, { annotated = false } = {}): Dataset {
  const schemas = new Schemas();
  const sources = loadSources(sourcesRoot, schemas);
  const { dataset, notes } = normalise(sources, extractSources(sources), loadTableDefs(), schemas);
  if (annotated) annotate(dataset, notes);
  return dataset;
}

/** A table's rows keyed by one of its columns. */
export function rowsBy(dataset: Dataset, table: string, key: string): Map<string, Record<string, unknown>> {
  const t = dataset.get(table)!;
  return new Map(Array.from({ length: t.rowCount }, (_, r) => [t.row(r)[key] as string, t.row(r)]));
}

/** The located problems of a run that must fail. */
export function problemsOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (e instanceof DataError) return e.message;
    throw e;
  }
  throw new Error('it succeeded where it should have failed');
}
