// The DuckDB database (pipelines/lib/emit/duckdb.ts) in process, loaded from the Parquet files of a tiny dataset of
// every table and read back with @duckdb/node-api: row counts, types, NOT NULL, ENUM types, every primary and foreign
// key enforced, comments (stating the keys), the derived table in its order and read back, the views and the about
// view; a key the validate stage missed refused by DuckDB; a derived table's broken key one located problem; and the
// CSV reader's SQL.

import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { keysNote } from '../../pipelines/lib/emit/ddl.ts';
import { writeCsv } from '../../pipelines/lib/emit/csv.ts';
import { Database, readParquetSql } from '../../pipelines/lib/emit/duckdb.ts';
import { readCsvSql } from '../../pipelines/lib/read-output.ts';
import { writeTableFiles } from '../../pipelines/lib/emit/files.ts';
import { rowOrder } from '../../pipelines/lib/emit/order.ts';
import { DataError } from '../../pipelines/lib/problems.ts';
import { creationOrder, loadTableDefs, type TableDef } from '../../pipelines/lib/schemas.ts';
import type { TableData } from '../../pipelines/lib/table-data.ts';
import { canon, fromTableData, withDuckDB } from '../helpers/formats.ts';
import { rejection } from '../helpers/rejection.ts';
import { column, openFiles, tableOf, tableWith, tinyDataset, tinyValue } from '../helpers/tiny-dataset.ts';

const defs = loadTableDefs();
const loaded = defs.filter((d) => !d.derivedFrom);
const dataset = tinyDataset(defs);
const dir = mkdtempSync(path.join(os.tmpdir(), 'lme-duckdb-'));
const db = path.join(dir, 'test.duckdb');
const info = {
  name: "lme's data",
  version: '1.2.3',
  licence: 'CC-BY-4.0',
  licenceUrl: 'https://example.org/by',
  attributions: ['First source.', 'Second source.'],
};
const SQL_TYPE = { string: 'VARCHAR', integer: 'BIGINT', number: 'DOUBLE', boolean: 'BOOLEAN' };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The tables' files in `out`, as the emit stage writes them before the database. */
async function writeFiles(tables: Iterable<TableData>, out = dir): Promise<void> {
  for (const sub of ['parquet', 'csv', 'arrow']) mkdirSync(path.join(out, sub), { recursive: true });
  for (const t of tables)
    await writeTableFiles(out, t, rowOrder(t), { licence: info.licence, attributions: info.attributions });
}

/** The database as the emit stage writes it, from the Parquet files in `out`, closed after it. */
async function database(
  file: string,
  tableDefs: readonly TableDef[],
  out = dir,
  views?: [],
): Promise<Awaited<ReturnType<Database['finish']>>> {
  const db = new Database(file, tableDefs, info, views);
  try {
    for (const d of creationOrder(tableDefs.filter((x) => !x.derivedFrom)))
      db.load(d, path.join(out, 'parquet', `${d.name}.parquet`));
    const done = await db.finish();
    await db.checkpoint();
    return done;
  } finally {
    await db.close();
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
    const rows = await query(
      `SELECT model_id, epoch_ai_model, organisation_en, parameters_ratio FROM models_vs_epoch_ai`,
    );
    const m = defs.find((d) => d.name === 'models')!.columns.find((c) => c.name === 'model_id')!;
    const e = defs.find((d) => d.name === 'models')!.columns.find((c) => c.name === 'epoch_ai_model')!;
    // No ratio: the tiny rows' matches are not same_model (schemas/derived/models_vs_epoch_ai.sql compares only those).
    expect(rows).toEqual([
      [tinyValue(m, 2), null, '', null],
      [tinyValue(m, 0), tinyValue(e, 0), 'name_en 0', null],
      [tinyValue(m, 1), tinyValue(e, 1), 'name_en 1, "quoted"\n第二行\r\nend', null],
    ]);
  },
  // types every column as its schema says, NOT NULL where it cannot be NULL
  async (query) => {
    const rows = await query(
      `SELECT table_name, column_name, data_type, is_nullable FROM duckdb_columns() WHERE table_name IN (SELECT table_name FROM duckdb_tables()) ORDER BY table_name, column_index`,
    );
    const expected = [...defs]
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .flatMap((d) =>
        d.columns.map((c) => [
          d.name,
          c.name,
          c.enumName ? `ENUM(${c.enumValues!.map((v) => `'${v}'`).join(', ')})` : SQL_TYPE[c.base],
          c.nullable,
        ]),
      );
    expect(rows).toEqual(expected);
  },
  // creates one ENUM type per closed set, with its values in order
  async (query) => {
    const enums = new Map(
      defs.flatMap((d) => d.columns.flatMap((c) => (c.enumName ? [[c.enumName, c.enumValues!] as const] : []))),
    );
    for (const [name, values] of enums)
      expect((await query(`SELECT enum_range(NULL::${name})`))[0]![0], name).toMatchObject({ items: values });
  },
  // enforces every primary key and foreign key as the schemas state them, and no other key
  async (query) => {
    const keys =
      await query(`SELECT table_name, constraint_type, constraint_column_names, referenced_table, referenced_column_names
      FROM duckdb_constraints() WHERE constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY', 'UNIQUE') ORDER BY ALL`);
    const expected = defs.flatMap((d) => [
      [d.name, 'PRIMARY KEY', d.primaryKey, null, []],
      ...d.foreignKeys.map((fk) => [d.name, 'FOREIGN KEY', fk.fields, fk.reference.table, fk.reference.fields]),
    ]);
    const list = (v: unknown) => (v === null ? null : (v as { items: unknown[] }).items);
    expect(keys.map(([t, type, cols, ref, refCols]) => [t, type, list(cols), ref, list(refCols)])).toEqual(
      expected.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
    );
  },
  // comments every table with its Chinese label, its keys and the licence, and every column
  async (query) => {
    const note = 'Licence: CC-BY-4.0 (https://example.org/by); attribution in the about view and the sources table.';
    for (const d of defs) {
      expect((await query(`SELECT comment FROM duckdb_tables() WHERE table_name = '${d.name}'`))[0]![0], d.name).toBe(
        `${d.description} (${d.labelZh}) ${keysNote(d, true)} ${note}`,
      );
      const cols = await query(
        `SELECT column_name, comment FROM duckdb_columns() WHERE table_name = '${d.name}' ORDER BY column_index`,
      );
      expect(cols, d.name).toEqual(
        d.columns.map((c) => [c.name, `${c.description}${c.unit ? ` Unit: ${c.unit}.` : ''} (${c.labelZh})`]),
      );
    }
  },
  // creates the views of schemas/views with their comments, and the about view
  async (query) => {
    const views = await query(`SELECT view_name, comment FROM duckdb_views() WHERE NOT internal ORDER BY view_name`);
    expect(views.map((v) => v[0])).toEqual([
      'about',
      'model_annotations',
      'models_flagged',
      'models_with_organisation',
    ]);
    expect(views[0]![1]).toBe(
      'The dataset: name, version, licence and the attribution every use must carry. First source.\nSecond source.',
    );
    expect(views[3]![1]).toMatch(/^Models with their real organisation's English name/);
    expect(await query('SELECT * FROM about')).toEqual([
      ["lme's data", '1.2.3', 'CC-BY-4.0', 'https://example.org/by', 'First source.\nSecond source.'],
    ]);
    expect((await query('SELECT count(*)::INTEGER FROM models_with_organisation'))[0]![0]).toBe(3);
  },
];

// One test writes the database and reads all of it back: Stryker's per-test coverage counts only what runs inside a
// test (not in beforeAll), and runs for a mutant only the tests that reached it.
it('writes a database of every table with its rows, types, ENUMs, keys, comments stating them, derived table and views', async () => {
  await writeFiles(loaded.map((d) => dataset.get(d.name)!));
  const files = openFiles(path.dirname(db));
  const { rows, derived } = await database(db, defs);
  expect(openFiles(path.dirname(db)), 'the database closed once written').toBe(files);
  expect(Object.fromEntries(rows), 'rows per table').toEqual(Object.fromEntries(defs.map((d) => [d.name, 3])));
  expect(!existsSync(`${db}.wal`) || statSync(`${db}.wal`).size === 0, 'nothing left in the write-ahead log').toBe(
    true,
  );
  const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const query = async (sql: string) => (await connection.runAndReadAll(sql)).getRows();
    for (const check of CHECKS) await check(query);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  // The derived table read back as the database stores it, in its order, values as the writers take them.
  expect(derived.map((t) => t.name)).toEqual(defs.filter((d) => d.derivedFrom).map((d) => d.name));
  for (const t of derived) {
    const stored = await withDuckDB(db, async (q) => (await q(`SELECT * FROM "${t.name}"`)).map((r) => r.map(canon)));
    expect(fromTableData(t, Uint32Array.from(stored.keys())), t.name).toEqual(stored);
  }
}, 60_000);

describe('keys', () => {
  const parent = tableOf('kp', [column('id', 'integer')]);
  const child = tableOf('kc', [column('id', 'integer'), column('ref', 'integer', { nullable: true })], {
    foreignKeys: [{ fields: ['ref'], reference: { table: 'kp', fields: ['id'] } }],
  });
  let n = 0;
  /** A database of the parent and the tables given, each with its rows, in a folder of its own; its rows per table. */
  async function build(tables: [TableDef, (number | null)[][]][]): Promise<Map<string, number>> {
    const out = path.join(dir, `keys-${n++}`);
    const given = tables.filter(([d]) => !d.derivedFrom).map(([d, rows]) => tableWith(d, rows));
    await writeFiles(given, out);
    return (
      await database(
        path.join(out, 'keys.duckdb'),
        tables.map(([d]) => d),
        out,
        [],
      )
    ).rows;
  }

  // The validate stage refuses these first, located in the source (tests/validate/keys.test.ts); were one to reach
  // the database, DuckDB refuses it too, by its constraint.
  it('are enforced by DuckDB on the tables read from the sources: a primary key in two rows, a foreign key to no row', async () => {
    expect(
      await build([
        [parent, [[1], [2]]],
        [
          child,
          [
            [1, 1],
            [2, null],
          ],
        ],
      ]),
    ).toEqual(
      new Map([
        ['kp', 2],
        ['kc', 2],
      ]),
    );
    expect((await rejection(build([[parent, [[1], [1]]]]))).message).toMatch(
      /Constraint Error: PRIMARY KEY or UNIQUE constraint violation: duplicate key "1"/,
    );
    expect(
      (
        await rejection(
          build([
            [parent, [[1]]],
            [child, [[1, 2]]],
          ]),
        )
      ).message,
    ).toMatch(/Constraint Error: .*foreign key/is);
  });

  describe('of a derived table, which the validate stage never sees, checked before its rows go in', () => {
    const derivedBy = (name: string, select: string) => {
      const sql = path.join(dir, `${name}.sql`);
      writeFileSync(sql, `-- test\n${select}\n`);
      return tableOf(name, [column('id', 'integer'), column('ref', 'integer', { nullable: true })], {
        derivedFrom: sql,
        foreignKeys: [{ fields: ['ref'], reference: { table: 'kp', fields: ['id'] } }],
      });
    };
    const withParent = (d: TableDef) =>
      build([
        [parent, [[1], [2], [3]]],
        [d, []],
      ]);

    it('pass when the primary key is unique and every foreign key with no NULL field finds its row', async () => {
      expect(
        (
          await withParent(derivedBy('kd_good', 'SELECT id, CASE WHEN id = 3 THEN NULL ELSE id END AS ref FROM kp'))
        ).get('kd_good'),
      ).toBe(3);
    });

    it("fail on a primary key in two rows as one problem located in the SQL file, not DuckDB's constraint message", async () => {
      const d = derivedBy('kd_twice', 'SELECT id, id AS ref FROM kp UNION ALL SELECT id, 1 FROM kp WHERE id >= 2');
      const e = await withParent(d).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(DataError);
      const [p] = (e as DataError).problems;
      expect(p!.where).toEqual({ file: `schemas/${d.derivedFrom}` });
      expect(p!.message).toBe(
        `kd_twice (computed by schemas/${d.derivedFrom}): the primary key (id) = (2) is in 2 rows`,
      );
      expect(p!.fix).toMatch(/^The table is computed from the other tables by this SQL file/);
    });

    it('fail on a foreign key that finds no row, naming it', async () => {
      const e = await withParent(derivedBy('kd_dangling', 'SELECT id, id * 10 AS ref FROM kp')).catch(
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(DataError);
      expect((e as DataError).problems[0]!.message).toMatch(
        /kd_dangling \(computed by .*\): the foreign key \(ref\) = \(10\) has no row in kp \(id\)/,
      );
    });
  });
});

it("closes a database that could not be opened without a failure of its own (the opening's failure is the one reported)", async () => {
  const db = new Database(path.join(dir, 'no-such-folder', 'x.duckdb'), [], info, []);
  expect((await rejection(db.finish())).message).toMatch(/no-such-folder/);
  await db.close();
});

describe('readParquetSql and readCsvSql', () => {
  it('read a table\'s own files back with its types: the CSV reader keeps "" apart from NULL', async () => {
    const def = tableOf("it's", [
      column('id', 'string'),
      column('note', 'string', { nullable: true }),
      column('n', 'integer', { nullable: true }),
      column('flag', 'boolean'),
      column('ratio', 'number', { nullable: true }),
    ]);
    const t = tableWith(def, [
      ['a', '', 1, true, 0.5],
      ['b', null, null, false, null],
      ['c', 'x, "y"\nz', -2, true, -1],
    ]);
    const csv = path.join(dir, "it's.csv");
    await writeCsv(csv, t, Uint32Array.from([0, 1, 2]));
    expect(readParquetSql(def, "/x/it's.parquet")).toBe(
      `SELECT "id", "note", "n", "flag", "ratio" FROM read_parquet('/x/it''s.parquet')`,
    );
    const rows = await withDuckDB(':memory:', (q) => q(readCsvSql(def, csv)));
    expect(rows).toEqual([
      ['a', '', 1n, true, 0.5],
      ['b', null, null, false, null],
      ['c', 'x, "y"\nz', -2n, true, -1],
    ]);
  });
});
