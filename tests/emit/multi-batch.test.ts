// A table longer than one Arrow record batch (BATCH_ROWS = 65,536 rows), one Parquet row group (ROW_GROUP_ROWS =
// 131,072) and one of DuckDB's row groups (122,880): a synthetic paper of 24,000 models (the scale benchmark's
// generator: six cells a model, so 144,000 cells) is built end to end, and CSV, Arrow and Parquet are read back by
// independent readers (papaparse, apache-arrow, hyparquet) and compared value by value, column by column, so that a
// value misplaced after the first batch or row group shows. Every table takes the same path through the writers, so
// the cells show it for all; the models (24,000 rows, one batch) are compared too, for their other column types. The
// cells have no boolean, nullable or closed-set (dictionary) column: those types past a batch and a row group are
// written and read back in process by tests/emit/arrow-writer.test.ts and tests/emit/parquet.test.ts.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { tableFromIPC } from 'apache-arrow';
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../pipelines/bench/generate.ts';
import { DuckDBInstance } from '../../pipelines/lib/duckdb-client.ts';
import { DATABASE_FILE } from '../../pipelines/lib/paths.ts';
import { BATCH_ROWS } from '../../pipelines/lib/emit/arrow.ts';
import { ROW_GROUP_ROWS } from '../../pipelines/lib/emit/parquet.ts';
import { loadTableDefs, type TableDef } from '../../pipelines/lib/schemas.ts';
import { buildDataset } from '../../pipelines/stages/build.ts';

process.env.LME_QUIET = '1';
const N = 24_000;
/** DuckDB's rows per row group (a constant of DuckDB's storage, not a setting). */
const DUCKDB_ROW_GROUP = 122_880;
const defs = loadTableDefs();
let root: string;
let out: string;
beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'lme-batches-'));
  out = path.join(root, 'out');
  await buildDataset({ sourcesRoot: generate(root, N), out });
}, 600_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Columns = Map<string, (string | null)[]>;
const canon = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Each table's CSV, parsed once for the two tests that compare with it. */
const csvColumns = new Map<string, Columns>();
function fromCsv(def: TableDef): Columns {
  const parsed = csvColumns.get(def.name) ?? parseCsv(def);
  csvColumns.set(def.name, parsed);
  return parsed;
}

function parseCsv(def: TableDef): Columns {
  const text = readFileSync(path.join(out, 'csv', `${def.name}.csv`), 'utf8');
  const rows = Papa.parse<string[]>(text, { newline: '\n', skipEmptyLines: true }).data;
  expect(rows[0]).toEqual(def.columns.map((c) => c.name));
  // datapackage.json declares '' as the missing value.
  return new Map(def.columns.map((c, i) => [c.name, rows.slice(1).map((r) => (r[i] === '' ? null : r[i]!))]));
}

function fromArrow(def: TableDef): Columns {
  const t = tableFromIPC(readFileSync(path.join(out, 'arrow', `${def.name}.arrow`)));
  return new Map(
    def.columns.map((c) => {
      // The vector's iterator gives what get(i) gives, without finding the record batch of each row again.
      return [c.name, Array.from(t.getChild(c.name)!, canon)];
    }),
  );
}

/**
 * Column by column, as hyparquet decodes them (each column chunk of each row group, placed at its first row): the
 * values parquetReadObjects gives, without making an object of each of 144,000 rows first (half the time).
 */
async function fromParquet(def: TableDef): Promise<Columns> {
  const file = await asyncBufferFromFile(path.join(out, 'parquet', `${def.name}.parquet`));
  const metadata = await parquetMetadataAsync(file);
  const columns: Columns = new Map(def.columns.map((c) => [c.name, new Array(Number(metadata.num_rows))]));
  await parquetRead({
    file,
    metadata,
    compressors,
    onChunk: ({ columnName, columnData, rowStart }) => {
      const column = columns.get(columnName)!;
      for (let i = 0; i < columnData.length; i++) column[rowStart + i] = canon(columnData[i]);
    },
  });
  return columns;
}

/** The key columns of a table as DuckDB scans it without ORDER BY: in the order its rows are stored. */
async function storedKeys(def: TableDef): Promise<Columns> {
  const instance = await DuckDBInstance.create(path.join(out, DATABASE_FILE), { access_mode: 'READ_ONLY' });
  const c = await instance.connect();
  try {
    const columns = (
      await c.runAndReadAll(`SELECT ${def.primaryKey.map((k) => `"${k}"`).join(', ')} FROM "${def.name}"`)
    ).getColumns();
    return new Map(def.primaryKey.map((k, i) => [k, columns[i]!.map(canon)]));
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

/** The first row where two columns differ, or undefined: one message instead of a diff of 144,000 values. */
function firstDifference(a: (string | null)[], b: (string | null)[]): string | undefined {
  if (a.length !== b.length) return `${a.length} rows against ${b.length}`;
  const i = a.findIndex((v, k) => v !== b[k]);
  return i < 0 ? undefined : `row ${i + 1}: ${JSON.stringify(a[i])} against ${JSON.stringify(b[i])}`;
}

it("has a table longer than one Arrow record batch, one Parquet row group and one of DuckDB's row groups", () => {
  const rows = readFileSync(path.join(out, 'csv', 'cells.csv'), 'utf8').split('\n').length - 2;
  expect(rows).toBeGreaterThan(Math.max(BATCH_ROWS, ROW_GROUP_ROWS, DUCKDB_ROW_GROUP));
});

describe.each(['models', 'cells'].map((n) => [n, defs.find((d) => d.name === n)!] as const))('%s', (_name, def) => {
  it('holds the same values in CSV, Arrow and Parquet, row by row', async () => {
    const csv = fromCsv(def);
    for (const [format, cols] of [
      ['arrow', fromArrow(def)],
      ['parquet', await fromParquet(def)],
    ] as const) {
      for (const c of def.columns)
        expect(firstDifference(csv.get(c.name)!, cols.get(c.name)!), `${format} ${def.name}.${c.name}`).toBeUndefined();
    }
  });

  // Past DuckDB's row group (122,880 rows): the database is loaded on one thread with insertion order kept, so a
  // plain SELECT lists rows as the files do (with insertion order off, whole row groups came out of order).
  it('is stored in DuckDB in the same order, so a SELECT without ORDER BY lists rows as the CSV does', async () => {
    const csv = fromCsv(def);
    const stored = await storedKeys(def);
    for (const k of def.primaryKey)
      expect(firstDifference(csv.get(k)!, stored.get(k)!), `duckdb ${def.name}.${k}`).toBeUndefined();
  });
});
