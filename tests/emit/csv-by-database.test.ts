// A derived or large table's CSV file is written by DuckDB's COPY (copyCsvSql in pipelines/lib/emit/duckdb.ts), a
// small table's by csv.ts (JavaScript holds its rows, and writes them while DuckDB loads). These tests hold COPY to
// csv.ts's bytes, so that either writer gives the same files: random tables of every column type, loaded the way the emit stage loads them
// (Parquet file, then the database), copied by DuckDB and written by csv.ts, must give the same file; and DOUBLE,
// whose text DuckDB writes otherwise, printed as JavaScript prints it (jsNumberSql) on random doubles.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { writeCsv } from '../../pipelines/lib/emit/csv.ts';
import { DatabaseBuilder, jsNumberSql } from '../../pipelines/lib/emit/duckdb.ts';
import { writeArrowAndParquet } from '../../pipelines/lib/emit/parquet.ts';
import type { TableDef } from '../../pipelines/lib/schemas.ts';
import type { Value } from '../../pipelines/lib/table-data.ts';
import { withDuckDB } from '../helpers/formats.ts';
import { column, tableOf, tableWith } from '../helpers/tiny-dataset.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lme-copy-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const info = { name: 'n', version: '1', licence: 'CC-BY-4.0', licenceUrl: 'https://example.org/by', attributions: ['A.'] };

const MODES = ['open', 'a,b', 'say "x"', '', 'two\nlines', '中文'];
const def: TableDef = tableOf('every_kind', [
  column('id', 'integer'),
  column('text', 'string'),
  column('note', 'string', { nullable: true }),
  column('big', 'integer', { nullable: true }),
  column('ratio', 'number', { nullable: true }),
  column('flag', 'boolean', { nullable: true }),
  column('mode', 'string', { nullable: true, enumName: 'mode', enumValues: MODES }),
], { primaryKey: ['id'], orderBy: ['id'] });

/**
 * Text with what CSV must quote (comma, quote, \n, \r), what DuckDB's own quoting would also quote (#, its comment
 * character), spaces at the ends, the empty string and non-ASCII.
 */
const text = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r', '\t', '#', ';', '中', '😀', '\\', "'", '0', '-') });
const row = fc.tuple(
  text,
  fc.option(text),
  fc.option(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })),
  fc.option(fc.double({ noNaN: true, noDefaultInfinity: true })),
  fc.option(fc.boolean()),
  fc.option(fc.constantFrom(...MODES)),
);

let runs = 0;
async function sameBytes(rows: readonly (readonly Value[])[]): Promise<void> {
  const run = path.join(dir, String(runs++));
  const t = tableWith(def, rows.map((r, i) => [i, ...r]));
  const order = Uint32Array.from(rows.keys());
  const reference = path.join(`${run}.js.csv`);
  await writeCsv(reference, t, order);
  await writeArrowAndParquet(`${run}.arrow`, `${run}.parquet`, t, order, new Map(), { licence: 'x', attributions: [] });
  const db = await DatabaseBuilder.create(`${run}.duckdb`, [def], info);
  try {
    db.load(def, `${run}.parquet`);
    const copied = db.copyCsv(def, `${run}.csv`);
    await db.settle();
    expect(await copied).toBe(true);
  } finally {
    await db.close();
  }
  expect(readFileSync(`${run}.csv`, 'utf8')).toBe(readFileSync(reference, 'utf8'));
}

describe('DuckDB\'s COPY', () => {
  it('writes a table byte for byte as csv.ts does: quoting, NULL and "", #, integers, booleans, DOUBLE, ENUMs', async () => {
    await sameBytes([
      ['plain', '', 0n, 1, true, 'open'],
      ['', null, null, null, null, null],
      [' lead and trail ', 'a,b', -(2n ** 63n), 0.1, false, 'a,b'],
      ['say "hi"', 'two\nlines\r\n', 2n ** 63n - 1n, 1e21, null, 'say "x"'],
      ['cr\ronly', '中文 😀', 9007199254740993n, -1.5e-7, true, ''],
      ['\\N', 'NULL', 1n, 0.000015, false, 'two\nlines'],
      ['C#', 'issue #15', 2n, 1, true, null],
      ['#', ' #', 3n, -0, false, '中文'],
    ]);
  });

  it('writes random tables as csv.ts does', async () => {
    await fc.assert(fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 40 }), (rows) => sameBytes(rows)), { numRuns: 25 });
  }, 120_000);
});

describe('jsNumberSql', () => {
  const doubles = [
    0, -0, 1, -1, 0.5, 0.1, 1e-4, 1e-5, -1.5e-5, 1e-6, 9.99e-7, 1e-7, 5e-324, 123e-20, 1e15 + 0.5, 2 ** 53 - 1, 2 ** 53,
    2 ** 53 + 2, 1e16, 1.2345e17, 1e20, 999999999999999900000, 1e21, -1e21, 1.7976931348623157e308,
    ...fc.sample(fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.double({ min: -1e-3, max: 1e-3, noNaN: true }),
      fc.double({ min: 1e14, max: 1e22, noNaN: true }),
      fc.integer().map((i) => i / 10_000),
    ), { numRuns: 5000, seed: 15 }),
  ];

  it('prints every DOUBLE as JavaScript does', async () => {
    const rows = await withDuckDB(':memory:', async (q) => {
      await q('CREATE TABLE t (i INTEGER, x DOUBLE)');
      // Each value as the text JavaScript prints, cast from a string (a numeric literal would go through DECIMAL
      // and lose digits), which DuckDB reads back as the same double.
      for (let at = 0; at < doubles.length; at += 1000) {
        const values = doubles.slice(at, at + 1000).map((x, k) => `(${at + k}, '${Object.is(x, -0) ? '-0.0' : String(x)}'::DOUBLE)`);
        await q(`INSERT INTO t VALUES ${values.join(', ')}`);
      }
      return q(`SELECT ${jsNumberSql('x')} FROM t ORDER BY i`);
    });
    expect(rows.map((r) => r[0])).toEqual(doubles.map((x) => String(x)));
  });
});
