// A build to compare: an out/ folder (csv/*.csv) or a release download (the *-csv.zip asset), read as tables of
// verbatim CSV fields; NULL stays apart from the empty string.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { CsvSyntaxError, parseCsvRecords } from '../read-output.ts';
import { fail } from '../problems.ts';
import { shown } from '../paths.ts';

export interface RawTable { columns: string[]; rows: (string | null)[][] }
export type RawBuild = Map<string, RawTable>;

const FIX = 'BASE must be an unchanged build or release download: build or download it again.';

/** The bytes as UTF-8 text; bytes that are not UTF-8 (a damaged or foreign file) are a located problem. */
function utf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail({ file }, 'is not UTF-8 text, as every CSV file of a build is', FIX);
  }
}

/** Parses one table of a base; damaged CSV is a located problem, not a crash. */
function rawTable(bytes: Uint8Array, file: string): RawTable {
  const text = utf8(bytes, file);
  let parsed: ReturnType<typeof parseCsvRecords>;
  try {
    parsed = parseCsvRecords(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    if (e instanceof CsvSyntaxError) fail({ file, line: e.line }, e.message, FIX);
    throw e;
  }
  const [header, ...records] = parsed;
  const width = header?.length ?? 0;
  const bad = records.findIndex((r) => r.length !== width && !(r.length === 1 && r[0]!.text === ''));
  if (bad >= 0) fail({ file }, `record ${bad + 1} (after the header) has ${records[bad]!.length} fields where the header has ${width}`, FIX);
  return {
    columns: (header ?? []).map((f) => f.text),
    rows: records.map((r) => r.map((f) => (f.text === '' && !f.quoted ? null : f.text))),
  };
}

/** Whether `file` is a file, read through links; a link to nothing (or a loop of links) is a located problem. */
function isFileThroughLinks(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch (e) {
    return fail({ file: shown(file) }, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}: a link to nothing, or a loop of links?)`, FIX);
  }
}

export function loadBuild(folder: string): RawBuild {
  const out: RawBuild = new Map();
  if (existsSync(folder) && !statSync(folder).isDirectory()) {
    fail({ file: shown(folder) }, 'is a file, not the folder of a build or of a release download', 'Point BASE at an earlier out/ folder, or at a folder made by `make download VERSION=…`.');
  }
  const csvDir = path.join(folder, 'csv');
  if (existsSync(csvDir) && statSync(csvDir).isDirectory()) {
    // Files, links to files included (a base assembled from links is read through them); a folder named x.csv is not.
    const files = readdirSync(csvDir).filter((f) => f.endsWith('.csv') && isFileThroughLinks(path.join(csvDir, f))).sort();
    for (const f of files) out.set(f.replace(/\.csv$/, ''), rawTable(readFileSync(path.join(csvDir, f)), shown(path.join(csvDir, f))));
    return out;
  }
  const zip = existsSync(folder) ? readdirSync(folder).find((f) => f.endsWith('-csv.zip')) : undefined;
  if (!zip) {
    fail({ file: shown(folder) }, 'is neither a build (with a csv/ folder) nor a release download (with a *-csv.zip)',
      'Point BASE at an earlier out/ folder, or at a folder made by `make download VERSION=…`.');
  }
  const entries = unzipSync(readFileSync(path.join(folder, zip)));
  for (const name of Object.keys(entries).sort()) {
    // A release zips its CSV files into a folder of their own, <name>-<version>-csv/; earlier ones, into <name>-<version>/csv/.
    const m = /(?:^|\/)csv\/([^/]+)\.csv$|^[^/]+-csv\/([^/]+)\.csv$/.exec(name);
    if (m) out.set((m[1] ?? m[2])!, rawTable(entries[name]!, `${shown(path.join(folder, zip))}:${name}`));
  }
  return out;
}
