// A derived table streams from DuckDB into its Arrow and Parquet files a record batch at a time
// (writeDerivedFiles in pipelines/lib/emit/derived.ts): past several batches, with DuckDB's chunks (2,048 rows)
// not lining up with the batches (65,536), the files must be byte for byte what the writer makes from the whole
// table held in memory, in the table's order (as order.ts sorts: NULL first; DuckDB stores the rows in that order,
// derivedInsertSql, and they are read back as stored); an empty table gives files of no rows.

import { readFileSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBDataChunk } from '@duckdb/node-api';
import { Table, tableFromIPC, tableToIPC, type RecordBatch } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { BATCH_ROWS, batchMaker, tableBatches } from '../../pipelines/lib/emit/arrow.ts';
import { derivedInsertSql, rebatch, writeDerivedFiles } from '../../pipelines/lib/emit/derived.ts';
import { writeArrowAndParquet } from '../../pipelines/lib/emit/parquet.ts';
import { rowOrder } from '../../pipelines/lib/emit/order.ts';
import type { Value } from '../../pipelines/lib/table-data.ts';
import type { TableDef } from '../../pipelines/lib/schemas.ts';
import { column, openFiles, tableOf, tableWith } from '../helpers/tiny-dataset.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lme-derived-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const info = { licence: 'CC-BY-4.0', attributions: ['A.'] };
const meta = () => new Map([['licence', 'CC-BY-4.0']]);

const def = tableOf('d', [
  column('id', 'integer'),
  column('name', 'string', { nullable: true }),
  column('ratio', 'number', { nullable: true }),
  column('flag', 'boolean'),
  column('mode', 'string', { enumName: 'mode', enumValues: ['open', 'closed'] }),
], { derivedFrom: 'd.sql' });
const ROWS = 2 * BATCH_ROWS + 8_928;

/**
 * The table as the emit stage stores a derived table: its SELECT (here rows in reverse, so that only the table's
 * order gives the files' order) inserted in the order of `ordered` (derivedInsertSql). The files are read in the
 * stored order.
 */
async function database(file: string, rows: number, ordered: TableDef = def): Promise<void> {
  const sql = `${file}.sql`;
  writeFileSync(sql, `-- rows in reverse
SELECT i AS id, CASE WHEN i % 7 = 0 THEN NULL ELSE 'name ' || i || ' 名' END AS name, CASE WHEN i % 5 = 0 THEN NULL ELSE i / 8 END AS ratio,
  i % 2 = 0 AS flag, CAST(CASE WHEN i % 3 = 0 THEN 'closed' ELSE 'open' END AS mode) AS mode FROM range(${rows} - 1, -1, -1) t(i);
`);
  const instance = await DuckDBInstance.create(file);
  const c = await instance.connect();
  try {
    await c.run(`CREATE TYPE mode AS ENUM ('open', 'closed');
      CREATE TABLE d (id BIGINT NOT NULL, name VARCHAR, ratio DOUBLE, flag BOOLEAN NOT NULL, mode mode NOT NULL);
      ${derivedInsertSql({ ...ordered, derivedFrom: sql }, '/')}`);
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

/** The table's rows in its order, read whole, as the in-memory writers take them. */
async function wholeRows(file: string): Promise<Value[][]> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const c = await instance.connect();
  try {
    return (await c.runAndReadAll('SELECT * FROM d ORDER BY id')).getRows() as Value[][];
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

it('streams a table of several batches into the same bytes as the whole table written at once, in its order', async () => {
  const file = path.join(dir, 'many.duckdb');
  await database(file, ROWS);
  const out = path.join(dir, 'streamed');
  for (const sub of ['arrow', 'parquet']) mkdirSync(path.join(out, sub), { recursive: true });
  const files = openFiles();
  const { written, rows } = await writeDerivedFiles([def], out, file, meta, info);
  expect(openFiles(), 'the database closed once read').toBe(files);
  expect(rows).toEqual(new Map([['d', ROWS]]));
  expect([...written.keys()]).toEqual(['arrow/d.arrow', 'parquet/d.parquet']);

  const whole = await wholeRows(file);
  const t = tableWith(def, whole);
  await writeArrowAndParquet(path.join(dir, 'whole.arrow'), path.join(dir, 'whole.parquet'), t, Uint32Array.from(whole.keys()), meta(), info);
  expect(readFileSync(path.join(out, 'arrow', 'd.arrow')).equals(readFileSync(path.join(dir, 'whole.arrow'))), 'Arrow bytes').toBe(true);
  expect(readFileSync(path.join(out, 'parquet', 'd.parquet')).equals(readFileSync(path.join(dir, 'whole.parquet'))), 'Parquet bytes').toBe(true);

  const arrow = tableFromIPC(readFileSync(path.join(out, 'arrow', 'd.arrow')));
  expect(arrow.batches.map((b) => b.numRows)).toEqual([BATCH_ROWS, BATCH_ROWS, 8_928]);
  expect(Array.from({ length: 5 }, (_, r) => arrow.getChild('id')!.get(r))).toEqual([0n, 1n, 2n, 3n, 4n]);
  expect(arrow.getChild('id')!.get(ROWS - 1)).toBe(BigInt(ROWS - 1));
}, 60_000);

it('writes an empty table as files of no rows, on a connection it is given', async () => {
  const file = path.join(dir, 'empty.duckdb');
  await database(file, 0);
  const out = path.join(dir, 'empty');
  for (const sub of ['arrow', 'parquet']) mkdirSync(path.join(out, sub), { recursive: true });
  const instance = await DuckDBInstance.create(file);
  const c = await instance.connect();
  try {
    const { rows } = await writeDerivedFiles([def], out, c, meta, info);
    expect(rows).toEqual(new Map([['d', 0]]));
  } finally {
    c.closeSync();
    instance.closeSync();
  }
  const arrow = tableFromIPC(readFileSync(path.join(out, 'arrow', 'd.arrow')));
  expect([arrow.numRows, arrow.batches.length]).toEqual([0, 1]);
  await writeArrowAndParquet(path.join(dir, 'none.arrow'), path.join(dir, 'none.parquet'), tableWith(def, []), new Uint32Array(0), meta(), info);
  expect(readFileSync(path.join(out, 'parquet', 'd.parquet')).equals(readFileSync(path.join(dir, 'none.parquet')))).toBe(true);
});

it.each([['name', 'id'], ['mode', 'id']])('lists rows in the order order.ts gives the other tables: NULL first, a closed set by its text (%s, %s)', async (...orderBy) => {
  const file = path.join(dir, `by-${orderBy[0]}.duckdb`);
  const ordered = { ...def, orderBy };
  await database(file, 1_000, ordered);
  const out = path.join(dir, `by-${orderBy[0]}`);
  for (const sub of ['arrow', 'parquet']) mkdirSync(path.join(out, sub), { recursive: true });
  await writeDerivedFiles([ordered], out, file, meta, info);
  const t = tableWith(ordered, await wholeRows(file));
  const arrow = tableFromIPC(readFileSync(path.join(out, 'arrow', 'd.arrow')));
  const ids = Array.from({ length: arrow.numRows }, (_, r) => arrow.getChild('id')!.get(r));
  // name: NULL first; mode: 'closed' before 'open', though the ENUM declares 'open' first.
  expect(arrow.getChild(orderBy[0]!)!.get(0)).toBe(orderBy[0] === 'name' ? null : 'closed');
  expect(ids).toEqual(Array.from(rowOrder(t), (r) => t.column('id')[r]));
});

describe('rebatch', () => {
  // Every kind of column, NULL allowed in each (the derived table of the build has NULL in all but its keys).
  const kinds = tableOf('k', [
    column('id', 'integer'),
    column('name', 'string', { nullable: true }),
    column('ratio', 'number', { nullable: true }),
    column('flag', 'boolean', { nullable: true }),
    column('mode', 'string', { nullable: true, enumName: 'mode', enumValues: ['open', 'closed'] }),
    column('big', 'integer', { nullable: true }),
  ]);
  // Real chunks of irregular sizes: each size is a query of its own, whose chunks DuckDB cuts at 2,048 rows, so
  // that chunks end anywhere in a batch and one is split across two.
  async function withChunks<T>(sizes: readonly number[], use: (chunks: AsyncIterable<DuckDBDataChunk>, rows: () => Promise<Value[][]>) => Promise<T>): Promise<T> {
    const instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    const select = (from: number, to: number) => `SELECT i AS id,
        CASE WHEN i % 7 = 0 THEN NULL WHEN i % 3 = 0 THEN '' WHEN i % 13 = 0 THEN lpad(i::VARCHAR, 12, 'x') WHEN i % 17 = 0 THEN lpad(i::VARCHAR, 13, 'y')
          WHEN i % 2 = 0 THEN 'n' || i ELSE 'a longer name ' || i || ' 名字' END AS name,
        CASE WHEN i % 5 = 0 THEN NULL ELSE (i - 500) / 8 END AS ratio,
        CASE WHEN i % 4 = 1 THEN NULL ELSE i % 2 = 0 END AS flag,
        CASE WHEN i % 6 = 1 THEN NULL WHEN i % 11 = 0 THEN 'closed' ELSE 'open' END::mode AS mode,
        CASE WHEN i % 9 = 2 THEN NULL ELSE (i - 500) * 46116860184273 END AS big FROM range(${from}, ${to}) t(i) ORDER BY i`;
    async function* chunks(): AsyncGenerator<DuckDBDataChunk> {
      let first = 0;
      for (const size of sizes) {
        const result = await c.stream(select(first, first + size));
        first += size;
        for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) yield chunk;
      }
    }
    const total = sizes.reduce((n, x) => n + x, 0);
    try {
      await c.run("CREATE TYPE mode AS ENUM ('open', 'closed')");
      return await use(chunks(), async () => (await c.runAndReadAll(select(0, total))).getRows() as Value[][]);
    } finally {
      c.closeSync();
      instance.closeSync();
    }
  }

  async function batchesOf(sizes: readonly number[]): Promise<{ lengths: number[]; rows: number; same: boolean }> {
    return withChunks(sizes, async (chunks, all) => {
      const count = { rows: 0 };
      const maker = batchMaker(kinds, new Map());
      const batches: RecordBatch[] = [];
      for await (const b of rebatch(chunks, maker, count)) batches.push(b);
      // The same rows, held in memory and cut into batches by the writer the other tables go through.
      const { schema, batches: expected } = tableBatches(tableWith(kinds, await all()), Uint32Array.from({ length: count.rows }, (_, i) => i), new Map());
      const ipc = (bs: Iterable<RecordBatch>) => Buffer.from(tableToIPC(new Table(schema, [...bs]), 'stream'));
      return { lengths: batches.map((b) => b.numRows), rows: count.rows, same: ipc(batches).equals(ipc(expected)) };
    });
  }

  it('cuts chunks of any size into batches of BATCH_ROWS rows, a chunk split across two, the data what the in-memory writer makes', async () => {
    const sizes = [1_000, 100_000, 3, 30_000, 2_048];
    const total = sizes.reduce((n, x) => n + x, 0);
    expect(total - 2 * BATCH_ROWS).toBe(1_979);
    expect(await batchesOf(sizes)).toEqual({ lengths: [BATCH_ROWS, BATCH_ROWS, 1_979], rows: total, same: true });
  }, 60_000);

  it('gives no empty batch after a last full one, and one empty batch for no rows', async () => {
    expect(await batchesOf([BATCH_ROWS - 1, 1])).toEqual({ lengths: [BATCH_ROWS], rows: BATCH_ROWS, same: true });
    expect(await batchesOf([])).toEqual({ lengths: [0], rows: 0, same: true });
  }, 60_000);

  it('reads every kind of value as the in-memory writer does: NULL in each, empty text, text of 12 bytes (kept in the vector) and 13 (kept apart), negative, fractional and large numbers', async () => {
    expect(await batchesOf([5, 2_047, 1])).toEqual({ lengths: [2_053], rows: 2_053, same: true });
  });

  // node-api's decoder (the in-memory reference above reads through it) drops a byte-order mark at the start of a
  // text; the bytes read here keep it, as the CSV file and the other tables do.
  it('keeps a byte-order mark at the start of a text', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    try {
      await c.run("CREATE TYPE mode AS ENUM ('open', 'closed')");
      const result = await c.stream("SELECT 1::BIGINT AS id, chr(65279) || 'OpenAI' AS name, NULL::DOUBLE AS ratio, NULL::BOOLEAN AS flag, NULL::mode AS mode, NULL::BIGINT AS big");
      async function* one(): AsyncGenerator<DuckDBDataChunk> { yield (await result.fetchChunk())!; }
      const batches: RecordBatch[] = [];
      for await (const b of rebatch(one(), batchMaker(kinds, new Map()), { rows: 0 })) batches.push(b);
      expect(Buffer.from(tableToIPC(new Table(batches), 'stream')).includes(Buffer.from('\uFEFFOpenAI', 'utf8'))).toBe(true);
    } finally {
      c.closeSync();
      instance.closeSync();
    }
  });

  // An ENUM of more than 255 values is held as 2 bytes an index (more than 65,535: 4), and DuckDB's dictionary may
  // list the values in another order than the schema: each index is mapped to the column's own code.
  it.each([[300, 'USMALLINT'], [70_000, 'UINTEGER']])('maps an ENUM of %i values (%s indexes) declared in another order to the column\'s codes', async (n) => {
    const values = Array.from({ length: n }, (_, i) => `v${i}`);
    const wide = tableOf('w', [column('id', 'integer'), column('v', 'string', { nullable: true, enumName: 'wide', enumValues: values })]);
    const instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    try {
      await c.run(`CREATE TYPE wide AS ENUM (SELECT 'v' || i FROM range(${n} - 1, -1, -1) t(i))`);
      // Values whose codes fit the Arrow dictionary's 16-bit indexes, though DuckDB's own indexes for them do not.
      const select = `SELECT i AS id, CASE WHEN i % 10 = 3 THEN NULL ELSE ('v' || ((i * 7919) % ${Math.min(n, 32_768)}))::wide END AS v FROM range(3000) t(i) ORDER BY i`;
      const result = await c.stream(select);
      async function* chunks(): AsyncGenerator<DuckDBDataChunk> {
        for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) yield chunk;
      }
      const batches: RecordBatch[] = [];
      const maker = batchMaker(wide, new Map());
      for await (const b of rebatch(chunks(), maker, { rows: 0 })) batches.push(b);
      const rows = (await c.runAndReadAll(select)).getRows() as Value[][];
      const { schema, batches: expected } = tableBatches(tableWith(wide, rows), Uint32Array.from(rows.keys()), new Map());
      const ipc = (bs: Iterable<RecordBatch>) => Buffer.from(tableToIPC(new Table(schema, [...bs]), 'stream'));
      expect(ipc(batches).equals(ipc(expected))).toBe(true);
      expect(batches[0]!.getChild('v')!.get(1)).toBe(`v${7919 % n}`);
    } finally {
      c.closeSync();
      instance.closeSync();
    }
  }, 60_000);
});

