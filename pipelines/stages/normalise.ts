// Stage 3, normalise: extracted tables → the dataset's tables, with curated names and translations, parsed
// quantities, and the provenance tables. Stale or missing curated entries are problems, reported together.

import type { Schemas } from '../lib/schemas.ts';
import { loadCurated } from '../lib/normalise/curated.ts';
import type { CsvTable } from '../lib/inputs.ts';
import { modelLookups, normaliseModels } from '../lib/normalise/models.ts';
import { normaliseTextTable, translationLookup } from '../lib/normalise/text-tables.ts';
import { cellsRows, sourcesRow, sourceTablesRows } from '../lib/normalise/provenance.ts';
import type { NormaliseContext } from '../lib/normalise/context.ts';
import type { Lookup } from '../lib/normalise/lookup.ts';
import { Problems, type Problem } from '../lib/problems.ts';
import { checkCrosswalk, snapshotRows } from '../lib/epoch/snapshot-rows.ts';
import { loadSizeUnits } from '../lib/epoch/size-units.ts';
import type { TableDef } from '../lib/schemas.ts';
import type { Source } from '../lib/source.ts';
import { emptyDataset, type Dataset } from '../lib/table-data.ts';
import type { Extracted } from './extract.ts';

export interface Normalised {
  dataset: Dataset;
  /** Each source's curated annotations, for the annotate stage (the other curated files are done with here). */
  notes: Map<string, CsvTable>;
}

export function normalise(
  sources: readonly Source[],
  extracted: Extracted,
  defs: readonly TableDef[],
  schemas: Schemas,
): Normalised {
  const problems = new Problems();
  const dataset = emptyDataset(defs);
  const defMap = new Map(defs.map((d) => [d.name, d]));
  const notes = new Map<string, CsvTable>();
  const organisations = dataset.get('organisations')!;
  const orgIds = new Set<string>();
  // CSV datasets (the reference the paper is checked against) have no printed tables and no curated files.
  const datasets = new Map(sources.filter((s) => s.dataset).map((s) => [s.json.source_id, s]));
  const named = new Map<string, Set<number>>();
  const snapshotProblems: Problem[] = [];
  const sizeUnits = new Map<string, CsvTable | undefined>();
  // A paper whose curated files could not be read has no crosswalk: the snapshot's records it names are unknown, and
  // judging them (stale entries) would only bury that one problem under others.
  let unreadCurated = false;

  for (const s of sources) {
    const sourceId = s.json.source_id;
    if (s.dataset) {
      sourcesRow(dataset.get('sources')!, s.json, s.repoPath);
      sizeUnits.set(
        sourceId,
        problems.collect(() => loadSizeUnits(s.dir, schemas)),
      );
      continue;
    }
    const files = problems.collect(() => loadCurated(s.dir, schemas));
    if (!files) {
      unreadCurated = true;
      continue;
    }
    notes.set(sourceId, files.annotations);
    const ctx: NormaliseContext = { sourceId, defs: defMap, problems };
    const tables = extracted.get(sourceId) ?? [];
    const lookups = modelLookups(files);
    const translations = translationLookup(files);
    const allLookups: Lookup[] = [
      lookups.models,
      lookups.organisations,
      lookups.categories,
      lookups.crosswalk,
      lookups.readings,
      translations,
    ];
    for (const l of allLookups) for (const p of l.problems) problems.add(p);

    sourcesRow(dataset.get('sources')!, s.json, s.repoPath);
    checkCrosswalk(files.crosswalk, datasets, snapshotProblems, named);
    sourceTablesRows(dataset.get('source_tables')!, tables, ctx);
    cellsRows(dataset.get('cells')!, tables, ctx);
    for (const t of tables) {
      const out = dataset.get(t.spec.output)!;
      if (t.spec.output === 'models') normaliseModels(t, lookups, ctx, out);
      else normaliseTextTable(t, translations, ctx, out);
    }
    for (const l of allLookups.slice(0, 5)) for (const p of l.stale((i) => JSON.stringify(l.keyOf(i)))) problems.add(p);
    const tr = translations.table;
    const staleTranslations = translations.stale(
      (i) => `${tr.get('table', i)} ${tr.get('row_id', i)} ${tr.get('column', i)} ${JSON.stringify(tr.get('zh', i))}`,
    );
    for (const p of staleTranslations) problems.add(p);

    // Organisations are entities shared across sources: the first source to name one describes it.
    const o = files.organisations;
    for (let i = 0; i < o.rowCount; i++) {
      const id = o.get('organisation_id', i)!;
      if (orgIds.has(id)) continue;
      orgIds.add(id);
      organisations.push({
        organisation_id: id,
        organisation: o.get('organisation', i)!,
        name_en: o.get('name_en', i)!,
        name_zh: o.get('name_zh', i),
        country: o.get('country', i)!,
        kind: o.get('kind', i)!,
        misprinted: o.get('misprinted', i) === 'true',
      });
    }
  }
  if (snapshotProblems.length === 0 && !unreadCurated)
    snapshotRows(datasets, named, dataset, snapshotProblems, sizeUnits);
  for (const p of snapshotProblems) problems.add(p);
  problems.throwIfAny();
  return { dataset, notes };
}
