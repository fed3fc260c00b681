// Loads a source's curated files (names, translations, crosswalk, annotations, readings), each validated against its
// own schema in schemas/inputs/, then checked for what a schema cannot say: an id given twice, and a country code
// that is not in ISO 3166-1 (the standard's list, vendored). Each problem is located at the curated file's own line.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Schemas } from '../schemas.ts';
import { CsvTable, loadCsvTable } from '../inputs.ts';
import { SCHEMA_DIR, shown } from '../paths.ts';
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

/**
 * The columns that identify an entry of a curated file, each checked here for repeats. (The printed names that
 * entries are looked up by, such as models.model, are checked where they are looked up: normalise/lookup.ts.)
 */
const IDS: { [K in keyof typeof CURATED_FILES]?: string } = {
  models: 'model_id',
  organisations: 'organisation_id',
  annotations: 'annotation_id',
};

/** ISO 3166-1's list, as Debian's iso-codes package gives it (schemas/vendor/README.md says which version). */
export const ISO_3166_FILE = path.join(SCHEMA_DIR, 'vendor', 'iso-codes', 'iso_3166-1.json');

let iso3166: Set<string> | undefined;
/** The ISO 3166-1 alpha-2 codes. */
export function countryCodes(): Set<string> {
  iso3166 ??= new Set(
    (JSON.parse(readFileSync(ISO_3166_FILE, 'utf8')) as { '3166-1': { alpha_2: string }[] })['3166-1'].map(
      (c) => c.alpha_2,
    ),
  );
  return iso3166;
}

/** Repeats of an id column: the second and later entries are the file's problem, at their lines. */
function checkIds(t: CsvTable, column: string, problems: Problems): void {
  const first = new Map<string, number>();
  for (let i = 0; i < t.rowCount; i++) {
    const id = t.get(column, i);
    if (id === null) continue;
    const prior = first.get(id);
    if (prior === undefined) first.set(id, t.lines[i]!);
    else
      problems.report(
        { file: t.file, line: t.lines[i]!, column },
        `repeats the ${column} of line ${prior}`,
        'Give each entry an id of its own, or remove the duplicate.',
        id,
      );
  }
}

/** Country codes that ISO 3166-1 does not assign (a pattern of two capitals lets `XX` through). */
function checkCountries(t: CsvTable, problems: Problems): void {
  const codes = countryCodes();
  for (let i = 0; i < t.rowCount; i++) {
    const code = t.get('country', i);
    if (code !== null && !codes.has(code)) {
      problems.report(
        { file: t.file, line: t.lines[i]!, column: 'country' },
        'is not an ISO 3166-1 alpha-2 country code',
        `Use the code ISO 3166-1 gives the country of the organisation's headquarters (e.g. CN, US, HK); ${shown(ISO_3166_FILE)} lists them all.`,
        code,
      );
    }
  }
}

/** A paper without a table of some kind needs no curated file for it: a missing file reads as empty. */
export function loadCurated(sourceDir: string, schemas: Schemas): CuratedFiles {
  const dir = path.join(sourceDir, 'curated');
  const problems = new Problems();
  const load = (key: keyof typeof CURATED_FILES): CsvTable => {
    const [file, schema] = CURATED_FILES[key];
    const p = path.join(dir, file);
    const empty = new CsvTable(shown(p), [], new Map(), []);
    if (!existsSync(p)) return empty;
    const t = problems.collect(() => loadCsvTable(p, schema, schemas));
    if (!t) return empty;
    const id = IDS[key];
    if (id && t.header.includes(id)) checkIds(t, id, problems);
    if (key === 'organisations' && t.header.includes('country')) checkCountries(t, problems);
    return t;
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
