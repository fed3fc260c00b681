// A derived table (pipelines/lib/emit/derived.ts) in DuckDB: its SQL as the database script runs it, its rows stored
// in the order order.ts gives every other table, and read back as the plain values the writers take (readTable):
// every type, NULL, a byte-order mark at the start of a text, an empty table.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { createTable } from '../../pipelines/lib/emit/ddl.ts';
import { derivedTableSql, readTable } from '../../pipelines/lib/emit/derived.ts';
import { rowOrder } from '../../pipelines/lib/emit/order.ts';
import type { TableDef } from '../../pipelines/lib/schemas.ts';
import type { TableData, Value } from '../../pipelines/lib/table-data.ts';
import { column, tableOf, tableWith } from '../helpers/tiny-dataset.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lme-derived-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const def = tableOf('d', [
  column('id', 'integer'),
  column('name', 'string', { nullable: true }),
  column('ratio', 'number', { nullable: true }),
  column('flag', 'boolean', { nullable: true }),
  column('mode', 'string', { nullable: true, enumName: 'mode', enumValues: ['open', 'closed'] }),
]);

/** The table computed by `select` as the database script stores a derived table, then read back. */
async function computed(select: string, d: TableDef = def): Promise<TableData> {
  const sql = path.join(dir, `${d.name}-${d.orderBy.join('-')}.sql`);
  writeFileSync(sql, `-- a test\n${select};\n`);
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  try {
    await c.run(
      [
        "CREATE TYPE mode AS ENUM ('open', 'closed');",
        createTable(d, { keys: true }),
        ...derivedTableSql({ ...d, derivedFrom: sql }, '/'),
      ].join('\n'),
    );
    return await readTable(c, d);
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

describe('derivedTableSql', () => {
  it("computes the SELECT of the table's .sql file, without its comment lines or final semicolon, in the table's order", () => {
    writeFileSync(path.join(dir, 'x.sql'), "-- What it holds.\nSELECT 'a;b' AS id, 1 AS n\n-- a note\nFROM t;\n\n");
    const x = tableOf('x', [column('id', 'string'), column('n', 'integer')], {
      derivedFrom: 'x.sql',
      orderBy: ['n', 'id'],
    });
    const [compute, ...rest] = derivedTableSql(x, dir);
    expect(compute).toBe(
      `CREATE TEMP TABLE "x__computed" AS\nSELECT * FROM (\nSELECT 'a;b' AS id, 1 AS n\nFROM t\n) ORDER BY "n" NULLS FIRST, "id" NULLS FIRST;`,
    );
    // The key checks, then the table (created with its keys beforehand) filled from the computed rows.
    expect(rest.slice(-2)).toEqual([
      'INSERT INTO "x" BY NAME SELECT * FROM "x__computed";',
      'DROP TABLE "x__computed";',
    ]);
  });
});

describe('readTable', () => {
  const rows = `SELECT i AS id, CASE WHEN i % 7 = 0 THEN NULL ELSE 'name ' || i || ' 名' END AS name,
    CASE WHEN i % 5 = 0 THEN NULL ELSE i / 8 END AS ratio, CASE WHEN i % 11 = 0 THEN NULL ELSE i % 2 = 0 END AS flag,
    CAST(CASE WHEN i % 13 = 0 THEN NULL WHEN i % 3 = 0 THEN 'closed' ELSE 'open' END AS mode) AS mode FROM range(4999, -1, -1) t(i)`;

  it.each([
    ['name', 'id'],
    ['mode', 'id'],
  ])(
    'gives the rows in the order order.ts gives the other tables: NULL first, a closed set by its text (%s, %s)',
    async (...orderBy) => {
      const t = await computed(rows, { ...def, orderBy });
      expect(t.rowCount).toBe(5000); // several of DuckDB's chunks of 2,048 rows
      // Already in order: order.ts, sorting the values read back, keeps them where they are.
      expect(Array.from(rowOrder(t))).toEqual(Array.from({ length: 5000 }, (_, i) => i));
      expect(t.column(orderBy[0]!)[0]).toBeNull();
      if (orderBy[0] === 'mode') expect(t.column('mode').find((m) => m !== null)).toBe('closed'); // though the ENUM declares 'open' first
    },
  );

  it('reads every type as the writers take it: BIGINT as bigint, DOUBLE, BOOLEAN, an ENUM as its text, NULL in each', async () => {
    const t = await computed(`SELECT 2::BIGINT ^ 62 AS id, 'x' AS name, -0.125 AS ratio, false AS flag, 'closed' AS mode
      UNION ALL SELECT -3, NULL, NULL, NULL, NULL UNION ALL SELECT 5, '', 1e21, true, 'open'`);
    const values: Value[][] = [
      [-3n, null, null, null, null],
      [5n, '', 1e21, true, 'open'],
      [2n ** 62n, 'x', -0.125, false, 'closed'],
    ];
    expect(t.columns).toEqual(tableWith(def, values).columns);
  });

  // node-api's text decoder drops a byte-order mark at the start of a text; readTable keeps it, as the CSV file and
  // the other tables do.
  it('keeps a byte-order mark at the start of a text, and one inside it', async () => {
    const t = await computed(`SELECT 1 AS id, chr(65279) || 'OpenAI' AS name, NULL AS ratio, NULL AS flag, NULL AS mode
      UNION ALL SELECT 2, 'a' || chr(65279), NULL, NULL, NULL`);
    expect(t.column('name')).toEqual(['\uFEFFOpenAI', 'a\uFEFF']);
  });

  it('gives an empty table for no rows', async () => {
    const t = await computed(
      'SELECT * FROM (SELECT 1 AS id, NULL AS name, NULL AS ratio, NULL AS flag, NULL AS mode) WHERE false',
    );
    expect(t.rowCount).toBe(0);
    expect(t.columns.map((c) => c.length)).toEqual([0, 0, 0, 0, 0]);
  });
});
