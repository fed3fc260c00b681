// A build to compare: an out/ folder (csv/*.csv) or a release download (the *-csv.zip asset), read as tables of
// verbatim CSV fields; NULL stays apart from the empty string. A damaged archive, CSV that is not UTF-8 or does not
// parse, and a build too large to hold are located problems, found before any table is held whole where they can be.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { CsvSyntaxError, parseCsvRecords } from '../read-output.ts';
import { DataError, fail } from '../problems.ts';
import { shown } from '../paths.ts';
import { grouped } from '../grouped.ts';

export interface RawTable { columns: string[]; rows: (string | null)[][] }
export type RawBuild = Map<string, RawTable>;

const FIX = 'BASE must be an unchanged build or release download: build or download it again.';

/**
 * The most CSV a build may hold for make diff, all tables together. It holds every value of both builds in memory:
 * a 100 MB CSV peaked at 1.35 GB (measured, 2026-12: 1,000,000 records of ten fields), and Node's heap stops at 4 GiB.
 * The dataset's CSVs take about 110 KB. (Past this, the next limit is the decoder's: 536,870,888 characters a file,
 * buffer.constants.MAX_STRING_LENGTH, beyond which a file would have read as "not UTF-8".)
 */
export const MAX_BUILD_CSV_BYTES = 100_000_000;

/** Counts a build's CSV bytes as its files are met, refusing the one that takes them past MAX_BUILD_CSV_BYTES. */
function budget(): (bytes: number, file: string) => void {
  let total = 0;
  return (bytes, file) => {
    total += bytes;
    if (total > MAX_BUILD_CSV_BYTES) {
      fail({ file }, `is ${grouped(bytes)} bytes of CSV, which takes the build to ${grouped(total)}: make diff reads at most ` +
        `${grouped(MAX_BUILD_CSV_BYTES)} bytes of CSV a build (it holds every value in memory, about 14 times as much)`,
        'This is no build of this dataset (whose CSV files take about 110 KB): point BASE at one, or compare large tables in DuckDB (SELECT … EXCEPT SELECT …).');
    }
  };
}

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
  const count = budget();
  const csvDir = path.join(folder, 'csv');
  if (existsSync(csvDir) && statSync(csvDir).isDirectory()) {
    // Files, links to files included (a base assembled from links is read through them); a folder named x.csv is not.
    const files = readdirSync(csvDir).filter((f) => f.endsWith('.csv') && isFileThroughLinks(path.join(csvDir, f))).sort();
    for (const f of files) count(statSync(path.join(csvDir, f)).size, shown(path.join(csvDir, f)));
    for (const f of files) out.set(f.replace(/\.csv$/, ''), rawTable(readFileSync(path.join(csvDir, f)), shown(path.join(csvDir, f))));
    return out;
  }
  const zip = existsSync(folder) ? readdirSync(folder).find((f) => f.endsWith('-csv.zip')) : undefined;
  if (!zip) {
    fail({ file: shown(folder) }, 'is neither a build (with a csv/ folder) nor a release download (with a *-csv.zip)',
      'Point BASE at an earlier out/ folder, or at a folder made by `make download VERSION=…`.');
  }
  const zipFile = shown(path.join(folder, zip));
  // A release zips its CSV files into a folder of their own, <name>-<version>-csv/; earlier ones, into <name>-<version>/csv/.
  const table = (name: string) => { const m = /(?:^|\/)csv\/([^/]+)\.csv$|^[^/]+-csv\/([^/]+)\.csv$/.exec(name); return m ? (m[1] ?? m[2]) : undefined; };
  let entries: Record<string, Uint8Array>;
  try {
    // Only the CSV entries are inflated, each counted by the size the archive gives it before it is.
    entries = unzipSync(readFileSync(path.join(folder, zip)), {
      filter: (f) => table(f.name) !== undefined && (count(f.originalSize, `${zipFile}:${f.name}`), true),
    });
  } catch (e) {
    if (e instanceof DataError) throw e;
    return fail({ file: zipFile }, `is not a readable zip archive (${(e as Error).message})`, FIX);
  }
  for (const name of Object.keys(entries).sort()) out.set(table(name)!, rawTable(entries[name]!, `${zipFile}:${name}`));
  return out;
}
