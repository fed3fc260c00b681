// Loads a source's curated files (names, translations, crosswalk, annotations), each validated against its
// own schema in schemas/inputs/.

import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { loadCsvInput, type CsvRow } from '../inputs.ts';
import { Problems } from '../problems.ts';

export interface CuratedFiles {
  dir: string;
  models: CsvRow[];
  organisations: CsvRow[];
  categories: CsvRow[];
  translations: CsvRow[];
  crosswalk: CsvRow[];
  annotations: CsvRow[];
}

export const CURATED_FILES = {
  models: ['models.csv', 'inputs/curated-models.schema.json'],
  organisations: ['organisations.csv', 'inputs/curated-organisations.schema.json'],
  categories: ['categories.csv', 'inputs/curated-categories.schema.json'],
  translations: ['translations.csv', 'inputs/curated-translations.schema.json'],
  crosswalk: ['epoch-crosswalk.csv', 'inputs/curated-epoch-crosswalk.schema.json'],
  annotations: ['annotations.csv', 'inputs/curated-annotations.schema.json'],
} as const;

/** A paper without a table of some kind needs no curated file for it: a missing file reads as empty. */
export function loadCurated(sourceDir: string, ajv: Ajv2020): CuratedFiles {
  const dir = path.join(sourceDir, 'curated');
  const problems = new Problems();
  const load = (key: keyof typeof CURATED_FILES): CsvRow[] => {
    const [file, schema] = CURATED_FILES[key];
    const p = path.join(dir, file);
    if (!existsSync(p)) return [];
    return problems.collect(() => loadCsvInput(p, schema, ajv)) ?? [];
  };
  const out: CuratedFiles = {
    dir,
    models: load('models'),
    organisations: load('organisations'),
    categories: load('categories'),
    translations: load('translations'),
    crosswalk: load('crosswalk'),
    annotations: load('annotations'),
  };
  problems.throwIfAny();
  return out;
}

export function curatedPath(c: CuratedFiles, key: keyof typeof CURATED_FILES): string {
  return path.join(c.dir, CURATED_FILES[key][0]);
}
