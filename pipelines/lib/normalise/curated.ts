// Loads a source's curated files (names, translations, crosswalk, annotations, readings), each validated against its
// own schema in schemas/inputs/.

import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { CsvTable, loadCsvTable } from '../inputs.ts';
import { shown } from '../paths.ts';
import { Problems } from '../problems.ts';

export const CURATED_FILES = {
  models: ['models.csv', 'inputs/curated-models.schema.json'],
  organisations: ['organisations.csv', 'inputs/curated-organisations.schema.json'],
  categories: ['categories.csv', 'inputs/curated-categories.schema.json'],
  translations: ['translations.csv', 'inputs/curated-translations.schema.json'],
  crosswalk: ['epoch-crosswalk.csv', 'inputs/curated-epoch-crosswalk.schema.json'],
  annotations: ['annotations.csv', 'inputs/curated-annotations.schema.json'],
  readings: ['readings.csv', 'inputs/curated-readings.schema.json'],
} as const;

export type CuratedFiles = { dir: string } & { [K in keyof typeof CURATED_FILES]: CsvTable };

/** A paper without a table of some kind needs no curated file for it: a missing file reads as empty. */
export function loadCurated(sourceDir: string, ajv: Ajv2020): CuratedFiles {
  const dir = path.join(sourceDir, 'curated');
  const problems = new Problems();
  const load = (key: keyof typeof CURATED_FILES): CsvTable => {
    const [file, schema] = CURATED_FILES[key];
    const p = path.join(dir, file);
    const empty = new CsvTable(shown(p), [], new Map(), []);
    if (!existsSync(p)) return empty;
    return problems.collect(() => loadCsvTable(p, schema, ajv)) ?? empty;
  };
  const out: CuratedFiles = {
    dir,
    models: load('models'),
    organisations: load('organisations'),
    categories: load('categories'),
    translations: load('translations'),
    crosswalk: load('crosswalk'),
    annotations: load('annotations'),
    readings: load('readings'),
  };
  problems.throwIfAny();
  return out;
}
