// The DuckDB database (pipelines/lib/emit/duckdb.ts) in process, loaded from the Parquet files of a tiny dataset of
// every table and read back with @duckdb/node-api: row counts, types, NOT NULL, ENUM types, no enforced keys,
// comments (stating the keys), the derived table in its order, the views and the about view; and the CSV reader's SQL.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { arrowTableMetadata } from '../../pipelines/lib/emit/arrow.ts';
import { keysNote } from '../../pipelines/lib/emit/ddl.ts';
import { writeCsv } from '../../pipelines/lib/emit/csv.ts';
import { derivedInsertSql, writeDerivedFiles } from '../../pipelines/lib/emit/derived.ts';
import { DatabaseBuilder, loadOrder, readCsvSql, readParquetSql, writeDatabase } from '../../pipelines/lib/emit/duckdb.ts';
import { rowOrder } from '../../pipelines/lib/emit/order.ts';
import { writeArrowAndParquet } from '../../pipelines/lib/emit/parquet.ts';
import { loadTableDefs } from '../../pipelines/lib/schemas.ts';
import { canon, fromParquet, fromTableData, withDuckDB } from '../helpers/formats.ts';
import { column, openFiles, tableOf, tableWith, tinyDataset, tinyValue } from '../helpers/tiny-dataset.ts';

const defs = loadTableDefs();
const loaded = defs.filter((d) => !d.derivedFrom);
const dataset = tinyDataset(defs);
const dir = mkdtempSync(path.join(os.tmpdir(), 'lme-duckdb-'));
const db = path.join(dir, 'test.duckdb');
const info = { name: "lme's data", version: '1.2.3', licence: 'CC-BY-4.0', licenceUrl: 'https://example.org/by', attributions: ['First source.', 'Second source.'] };
const SQL_TYPE = { string: 'VARCHAR', integer: 'BIGINT', number: 'DOUBLE', boolean: 'BOOLEAN' };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The tables' Parquet files, as the emit stage writes them before the database. */
async function writeParquetFiles(): Promise<void> {
  for (const sub of ['parquet', 'csv', 'arrow']) mkdirSync(path.join(dir, sub));
  for (const d of loaded) {
    const t = dataset.get(d.name)!;
    await writeArrowAndParquet(path.join(dir, 'arrow', `${d.name}.arrow`), path.join(dir, 'parquet', `${d.name}.parquet`), t, rowOrder(t),
      arrowTableMetadata(d, info.licence, info.attributions), { licence: info.licence, attributions: info.attributions });
  }
}

type Query = (sql: string) => Promise<unknown[][]>;

/** What the database must hold, each check a function of a query on it. */
const CHECKS: ((query: Query) => Promise<void>)[] = [
  // holds every table's rows and values, in the table's order
  async (query) => {
    for (const d of loaded) {
      const t = dataset.get(d.name)!;
      const rows = (await query(`SELECT * FROM "${d.name}"`)).map((r) => r.map(canon));
      expect(rows, d.name).toEqual(fromTableData(t, rowOrder(t)));
    }
  },
  // computes the derived table in its order, from the tables loaded before it
  async (query) => {
    const rows = await query(`SELECT model_id, epoch_ai_model, organisation_en, parameters_ratio FROM models_vs_epoch_ai`);
    const m = defs.find((d) => d.name === 'models')!.columns.find((c) => c.name === 'model_id')!;
    const e = defs.find((d) => d.name === 'models')!.columns.find((c) => c.name === 'epoch_ai_model')!;
    // No ratio: the tiny rows' matches are not same_model (schemas/derived/models_vs_epoch_ai.sql compares only those).
    expect(rows).toEqual([[tinyValue(m, 2), null, '', null], [tinyValue(m, 0), tinyValue(e, 0), 'name_en 0', null], [tinyValue(m, 1), tinyValue(e, 1), 'name_en 1, "quoted"\n第二行\r\nend', null]]);
  },
  // types every column as its schema says, NOT NULL where it cannot be NULL
  async (query) => {
    const rows = await query(`SELECT table_name, column_name, data_type, is_nullable FROM duckdb_columns() WHERE table_name IN (SELECT table_name FROM duckdb_tables()) ORDER BY table_name, column_index`);
    const expected = [...defs].sort((a, b) => (a.name < b.name ? -1 : 1)).flatMap((d) => d.columns.map((c) => [d.name, c.name, c.enumName ? `ENUM(${c.enumValues!.map((v) => `'${v}'`).join(', ')})` : SQL_TYPE[c.base], c.nullable]));
    expect(rows).toEqual(expected);
  },
  // creates one ENUM type per closed set, with its values in order
  async (query) => {
    const enums = new Map(defs.flatMap((d) => d.columns.flatMap((c) => (c.enumName ? [[c.enumName, c.enumValues!] as const] : []))));
    for (const [name, values] of enums) expect((await query(`SELECT enum_range(NULL::${name})`))[0]![0], name).toMatchObject({ items: values });
  },
  // enforces no primary or foreign key (the validate stage checked them; each table's comment states them, below)
  async (query) => {
    expect(await query(`SELECT table_name, constraint_type FROM duckdb_constraints() WHERE constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY', 'UNIQUE')`)).toEqual([]);
  },
  // comments every table with its Chinese label, its keys and the licence, and every column
  async (query) => {
    const note = 'Licence: CC-BY-4.0 (https://example.org/by); attribution in the about view and the sources table.';
    for (const d of defs) {
      expect((await query(`SELECT comment FROM duckdb_tables() WHERE table_name = '${d.name}'`))[0]![0], d.name).toBe(`${d.description} (${d.labelZh}) ${keysNote(d)} ${note}`);
      const cols = await query(`SELECT column_name, comment FROM duckdb_columns() WHERE table_name = '${d.name}' ORDER BY column_index`);
      expect(cols, d.name).toEqual(d.columns.map((c) => [c.name, `${c.description}${c.unit ? ` Unit: ${c.unit}.` : ''} (${c.labelZh})`]));
    }
  },
  // creates the views of schemas/views with their comments, and the about view
  async (query) => {
    const views = await query(`SELECT view_name, comment FROM duckdb_views() WHERE NOT internal ORDER BY view_name`);
    expect(views.map((v) => v[0])).toEqual(['about', 'model_annotations', 'models_flagged', 'models_with_organisation']);
    expect(views[0]![1]).toBe('The dataset: name, version, licence and the attribution every use must carry. First source.\nSecond source.');
    expect(views[3]![1]).toMatch(/^Models with their real organisation's English name/);
    expect(await query('SELECT * FROM about')).toEqual([["lme's data", '1.2.3', 'CC-BY-4.0', 'https://example.org/by', 'First source.\nSecond source.']]);
    expect((await query('SELECT count(*)::INTEGER FROM models_with_organisation'))[0]![0]).toBe(3);
  },
];

// One test writes the database and reads all of it back: Stryker's per-test coverage counts only what runs inside a
// test (not in beforeAll), and runs for a mutant only the tests that reached it.
it('writes a database of every table with its rows, types, ENUMs, comments stating its keys, derived table and views', async () => {
  await writeParquetFiles();
  const files = openFiles();
  const counts = await writeDatabase(db, defs, path.join(dir, 'parquet'), info);
  expect(openFiles(), 'the database closed once written').toBe(files);
  expect(Object.fromEntries(counts), 'rows loaded per table').toEqual(Object.fromEntries(defs.map((d) => [d.name, 3])));
  expect(!existsSync(`${db}.wal`) || statSync(`${db}.wal`).size === 0, 'nothing left in the write-ahead log').toBe(true);
  const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const query = async (sql: string) => (await connection.runAndReadAll(sql)).getRows();
    for (const check of CHECKS) await check(query);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  // The derived table read back and written as files, as the emit stage does after the database.
  const { written, rows } = await writeDerivedFiles(defs, dir, db, (d) => arrowTableMetadata(d, info.licence, info.attributions), info);
  expect(openFiles(), 'the database closed once read').toBe(files);
  const derived = defs.find((d) => d.derivedFrom)!;
  const stored = await withDuckDB(db, async (q) => (await q('SELECT * FROM models_vs_epoch_ai')).map((r) => r.map(canon)));
  expect(rows).toEqual(new Map([['models_vs_epoch_ai', 3]]));
  expect([...written.keys()]).toEqual(['arrow/models_vs_epoch_ai.arrow', 'parquet/models_vs_epoch_ai.parquet']);
  for (const [f, w] of written) {
    const bytes = readFileSync(path.join(dir, f));
    expect(w, f).toEqual({ bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') });
  }
  const arrow = tableFromIPC(readFileSync(path.join(dir, 'arrow', 'models_vs_epoch_ai.arrow')));
  expect(Array.from({ length: arrow.numRows }, (_, r) => derived.columns.map((c) => canon(arrow.getChild(c.name)!.get(r)))), 'the derived Arrow file').toEqual(stored);
  expect(await fromParquet(dir, derived), 'the derived Parquet file').toEqual(stored);
}, 60_000);

it('makes the final checkpoint wait for a reader still open (DuckDB refuses one under an open transaction), and a reader after it', async () => {
  if (!existsSync(path.join(dir, 'parquet', 'models.parquet'))) await writeParquetFiles();
  const file = path.join(dir, 'reader.duckdb');
  const builder = await DatabaseBuilder.create(file, defs, info);
  const events: string[] = [];
  try {
    for (const d of loadOrder(defs)) builder.load(d, path.join(dir, 'parquet', `${d.name}.parquet`));
    await builder.settle();
    await builder.read(async (c) => {
      const result = await c.stream('SELECT * FROM cells');
      await result.fetchChunk();
      // The views, then the final checkpoint, queued while this reader's transaction is open.
      builder.finish();
      void builder.settle().then(() => events.push('finished'));
      await new Promise((resolve) => setTimeout(resolve, 300));
      events.push('reader done');
    });
    await builder.settle();
    expect(await builder.read(async (c) => (await c.runAndReadAll('SELECT count(*)::INTEGER FROM cells')).getRows())).toEqual([[3]]);
  } finally {
    await builder.close();
  }
  expect(events).toEqual(['reader done', 'finished']);
  expect(!existsSync(`${file}.wal`) || statSync(`${file}.wal`).size === 0, 'the final checkpoint wrote everything').toBe(true);
}, 60_000);

describe('derivedInsertSql', () => {
  it('inserts the SELECT of the table\'s .sql file in the table\'s order, without its comment lines or final semicolon', () => {
    const sqlDir = mkdtempSync(path.join(dir, 'derived-'));
    writeFileSync(path.join(sqlDir, 'x.sql'), "-- What it holds.\nSELECT 'a;b' AS id, 1 AS n\n-- a note\nFROM t;\n\n");
    const def = tableOf('x', [column('id', 'string'), column('n', 'integer')], { derivedFrom: 'x.sql', orderBy: ['n', 'id'] });
    expect(derivedInsertSql(def, sqlDir)).toBe(`INSERT INTO "x" BY NAME\nSELECT * FROM (\nSELECT 'a;b' AS id, 1 AS n\nFROM t\n) ORDER BY "n" NULLS FIRST, "id" NULLS FIRST;`);
  });
});

describe('readParquetSql and readCsvSql', () => {
  it('read a table\'s own files back with its types: the CSV reader keeps "" apart from NULL', async () => {
    const def = tableOf("it's", [
      column('id', 'string'), column('note', 'string', { nullable: true }), column('n', 'integer', { nullable: true }),
      column('flag', 'boolean'), column('ratio', 'number', { nullable: true }),
    ]);
    const t = tableWith(def, [['a', '', 1, true, 0.5], ['b', null, null, false, null], ['c', 'x, "y"\nz', -2, true, -1]]);
    const csv = path.join(dir, "it's.csv");
    await writeCsv(csv, t, Uint32Array.from([0, 1, 2]));
    expect(readParquetSql(def, "/x/it's.parquet")).toBe(`SELECT "id", "note", "n", "flag", "ratio" FROM read_parquet('/x/it''s.parquet')`);
    const rows = await withDuckDB(':memory:', (q) => q(readCsvSql(def, csv)));
    expect(rows).toEqual([['a', '', 1n, true, 0.5], ['b', null, null, false, null], ['c', 'x, "y"\nz', -2n, true, -1]]);
  });
});
