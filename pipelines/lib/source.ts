// A source: its source.json (validated) and its file, refused unless its SHA-256 matches the one recorded in
// source.json. A paper's text export is read through its table specs; a CSV dataset through its columns spec.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Schemas } from './schemas.ts';
import { sha256 } from './hash.ts';
import { loadJsonInput } from './inputs.ts';
import { shown } from './paths.ts';
import { fail, problem, DataError } from './problems.ts';
import { readTextLines } from './text/lines.ts';
import type { TableSpecs } from './extract/spec.ts';
import { loadCsvDataset, type CsvDataset } from './sources/csv-dataset.ts';

export type SourceKind = 'paper text' | 'CSV dataset';

export interface SourceJson {
  source_id: string;
  kind?: SourceKind;
  file: string;
  columns?: string;
  sha256: string;
  citation: {
    title: string | null;
    first_author: string;
    first_author_en: string;
    authors_as_printed?: string;
    journal?: string;
    journal_en?: string;
    publisher: string;
    year: number;
    doi?: string;
    url: string;
    page_seen?: number | null;
    accessed?: string;
  };
  licence: { id: string; name: string; url: string };
  attribution: string;
  obtained: string;
}

export interface Source {
  dir: string;
  json: SourceJson;
  kind: SourceKind;
  /** A CSV dataset's records and columns spec (the specs and lines of a paper are then empty). */
  dataset?: CsvDataset;
  /** Path of the text as messages show it (relative to the working directory when inside it). */
  file: string;
  /** Path of the text within the repository, e.g. sources/chang2024/paper.txt: what the data records. */
  repoPath: string;
  specFile: string;
  specs: TableSpecs;
  lines: string[];
}

/** Source folders under a root: those that hold a source.json, in name order. */
export function sourceDirs(root: string): string[] {
  return sourceEntries(root)
    .filter((d) => d.isDirectory() && existsSync(path.join(root, d.name, 'source.json')))
    .map((d) => path.join(root, d.name))
    .sort();
}

/** The entries of the sources folder; a folder that is missing or a file is the user's to fix, not a bug. */
function sourceEntries(root: string) {
  try {
    return readdirSync(root, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw e; // a permission is an environment problem (cli.ts)
    return fail(
      { file: shown(root) },
      code === 'ENOENT'
        ? 'does not exist (given as the sources folder)'
        : 'is not a folder (given as the sources folder)',
      'Point --sources at the folder that holds the source folders, e.g. sources/ of the project.',
    );
  }
}

export function loadSource(dir: string, schemas: Schemas): Source {
  const jsonFile = path.join(dir, 'source.json');
  const json = loadJsonInput<SourceJson>(jsonFile, 'inputs/source.schema.json', schemas);
  if (json.source_id !== path.basename(dir)) {
    fail(
      { file: shown(jsonFile), column: 'source_id' },
      `does not match the folder name ${JSON.stringify(path.basename(dir))}`,
      'Rename the folder or the source_id so that they agree.',
      json.source_id,
    );
  }
  const textFile = path.join(dir, json.file);
  const file = shown(textFile);
  if (!existsSync(textFile))
    fail({ file }, 'does not exist', `Put the text export at ${file}, or correct "file" in ${shown(jsonFile)}.`);
  const bytes = readFileSync(textFile);
  const actual = sha256(bytes);
  if (actual !== json.sha256) {
    throw new DataError([
      problem(
        { file },
        `has SHA-256 ${actual}, but ${shown(jsonFile)} expects ${json.sha256}`,
        `The snapshot changed. If the change is deliberate, accept it with \`make accept-source SOURCE=${json.source_id}\` ` +
          '(it records the new checksum), review the diff of the extracted data, and commit both; otherwise restore the file.',
      ),
    ]);
  }
  const repoPath = [path.basename(path.dirname(dir)), path.basename(dir), json.file].join('/');
  if (json.kind === 'CSV dataset') {
    const dataset = loadCsvDataset(dir, json.file, json.columns!, schemas, bytes);
    return {
      dir,
      json,
      kind: json.kind,
      dataset,
      file,
      repoPath,
      specFile: dataset.specFile,
      specs: NO_TABLES,
      lines: [],
    };
  }
  const specFile = path.join(dir, 'tables.json');
  const specs = loadJsonInput<TableSpecs>(specFile, 'inputs/table-specs.schema.json', schemas);
  checkPatterns(specs, shown(specFile));
  return {
    dir,
    json,
    kind: 'paper text',
    file,
    repoPath,
    specFile: shown(specFile),
    specs,
    lines: readTextLines(bytes, file).lines,
  };
}

/** A CSV dataset has no printed tables to find in a text. */
const NO_TABLES: TableSpecs = { layout: { page_furniture: [], source_note: '' }, tables: [] };

/** The schema checks that patterns are regular expressions; here they must also compile with the u flag. */
function checkPatterns(specs: TableSpecs, file: string): void {
  const patterns: [string, string][] = [
    ...specs.layout.page_furniture.map((p, i): [string, string] => [`layout/page_furniture/${i}`, p]),
    ['layout/source_note', specs.layout.source_note],
    ...specs.tables.flatMap((t, i): [string, string][] => [
      ...(t.row_key ? [[`tables/${i}/row_key/pattern`, t.row_key.pattern] as [string, string]] : []),
      ...(t.group_label ? [[`tables/${i}/group_label/pattern`, t.group_label.pattern] as [string, string]] : []),
    ]),
  ];
  for (const [field, p] of patterns) {
    try {
      new RegExp(p, 'u');
    } catch (e) {
      fail(
        { file, column: field },
        `is not a valid regular expression: ${(e as Error).message}`,
        'Correct the pattern.',
        p,
      );
    }
  }
}
