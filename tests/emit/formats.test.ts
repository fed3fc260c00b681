// CSV, Parquet, Arrow and DuckDB hold the same rows and values as the build produced, with the promised types.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { tableFromIPC, Type } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTableDefs } from '../../pipelines/lib/schemas.ts';
import { rowOrder } from '../../pipelines/lib/emit/order.ts';
import type { Dataset } from '../../pipelines/lib/table-data.ts';
import { DATABASE_FILE } from '../../pipelines/lib/paths.ts';
import { build, sandbox, type Sandbox } from '../helpers/sandbox.ts';
import { fromArrow, fromCsv, fromDuckDB, fromParquet, fromTableData, withDuckDB } from '../helpers/formats.ts';

const defs = loadTableDefs();
let s: Sandbox;
let dataset: Dataset;
beforeAll(async () => {
  s = sandbox();
  dataset = await build(s);
});
afterAll(() => s.remove());

describe.each(defs.map((d) => [d.name, d] as const))('%s', (_name, def) => {
  it('has the same rows and values in CSV, Parquet, Arrow and DuckDB', async () => {
    // A derived table is computed by DuckDB: the database's copy is the reference.
    const t = dataset.get(def.name);
    const expected = def.derivedFrom ? await fromDuckDB(s.out, def) : fromTableData(t!, rowOrder(t!));
    expect(expected.length).toBeGreaterThan(0);
    expect(fromCsv(s.out, def)).toEqual(expected);
    expect(await fromParquet(s.out, def)).toEqual(expected);
    expect(fromArrow(s.out, def)).toEqual(expected);
    expect(await fromDuckDB(s.out, def)).toEqual(expected);
  });

  it('writes CSV with a header, \\n line ends and no byte-order mark', () => {
    const text = readFileSync(path.join(s.out, 'csv', `${def.name}.csv`), 'utf8');
    expect(text.startsWith(`${def.columns.map((c) => c.name).join(',')}\n`)).toBe(true);
    expect(text).not.toContain('\r');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('types Arrow columns: Int64, Bool, Utf8, and dictionaries for closed sets', () => {
    const t = tableFromIPC(readFileSync(path.join(s.out, 'arrow', `${def.name}.arrow`)));
    for (const c of def.columns) {
      const f = t.schema.fields.find((x) => x.name === c.name)!;
      const want = c.enumValues
        ? Type.Dictionary
        : { string: Type.Utf8, integer: Type.Int, number: Type.Float, boolean: Type.Bool }[c.base];
      expect(f.typeId, c.name).toBe(want);
      if (c.base === 'integer') expect((f.type as { bitWidth: number }).bitWidth).toBe(64);
      expect(f.nullable).toBe(c.nullable);
      expect(f.metadata.get('description')).toBe(c.description);
    }
    expect(t.schema.metadata.get('licence')).toBe('CC-BY-4.0');
    expect(t.schema.metadata.get('attribution')).toContain('doi.org/10.12677/sd.2024.143081');
  });

  it('types Parquet columns and compresses them with zstd, closed sets dictionary-encoded', async () => {
    const file = path.join(s.out, 'parquet', `${def.name}.parquet`);
    await withDuckDB(':memory:', async (q) => {
      const schema = new Map((await q(`SELECT name, type FROM parquet_schema('${file}')`)).map((r) => [r[0], r[1]]));
      const meta = await q(`SELECT path_in_schema, compression, encodings FROM parquet_metadata('${file}')`);
      for (const c of def.columns) {
        expect(schema.get(c.name), c.name).toBe(
          { string: 'BYTE_ARRAY', integer: 'INT64', number: 'DOUBLE', boolean: 'BOOLEAN' }[c.base],
        );
        const m = meta.filter((r) => r[0] === c.name);
        expect(m.every((r) => r[1] === 'ZSTD')).toBe(true);
        if (c.enumValues)
          expect(
            m.every((r) => String(r[2]).includes('DICTIONARY')),
            c.name,
          ).toBe(true);
      }
      const kv = await q(`SELECT decode(key), decode(value) FROM parquet_kv_metadata('${file}')`);
      expect(kv).toContainEqual(['licence', 'CC-BY-4.0']);
    });
  });
});

describe('the DuckDB database', () => {
  it('declares types, ENUMs, a comment on every table (stating its keys) and column, and enforces every primary and foreign key', async () => {
    await withDuckDB(path.join(s.out, DATABASE_FILE), async (q) => {
      for (const d of defs) {
        const [[comment]] = (await q(`SELECT comment FROM duckdb_tables() WHERE table_name = '${d.name}'`)) as [
          [string],
        ];
        expect(comment).toContain(d.description);
        expect(comment).toContain(d.labelZh);
        const cols = new Map(
          (
            await q(
              `SELECT column_name, data_type, comment, is_nullable FROM duckdb_columns() WHERE table_name = '${d.name}'`,
            )
          ).map((r) => [r[0], r]),
        );
        for (const c of d.columns) {
          const [, type, colComment, nullable] = cols.get(c.name)!;
          expect(String(type), `${d.name}.${c.name}`).toBe(
            c.enumValues
              ? `ENUM(${c.enumValues.map((v) => `'${v}'`).join(', ')})`
              : { string: 'VARCHAR', integer: 'BIGINT', number: 'DOUBLE', boolean: 'BOOLEAN' }[c.base],
          );
          expect(String(colComment)).toContain(c.labelZh);
          expect(nullable).toBe(c.nullable);
        }
        expect(comment).toContain(`Primary key: ${d.primaryKey.join(', ')}.`);
        for (const fk of d.foreignKeys)
          expect(comment).toContain(
            `${fk.fields.join(', ')} → ${fk.reference.table} (${fk.reference.fields.join(', ')})`,
          );
        // duckdb_constraints() lists the keys as the schemas state them (x-primary-key, x-foreign-keys), and NOT NULL.
        const constraints = (
          await q(`SELECT constraint_type, constraint_column_names, referenced_table, referenced_column_names
          FROM duckdb_constraints() WHERE table_name = '${d.name}' AND constraint_type <> 'NOT NULL'`)
        ).map(([type, cols, ref, refCols]) => [
          type,
          (cols as { items: string[] }).items,
          ref,
          (refCols as { items: string[] }).items,
        ]);
        expect(constraints, d.name).toEqual(
          expect.arrayContaining([
            ['PRIMARY KEY', d.primaryKey, null, []],
            ...d.foreignKeys.map((fk) => ['FOREIGN KEY', fk.fields, fk.reference.table, fk.reference.fields]),
          ]),
        );
        expect(constraints, d.name).toHaveLength(1 + d.foreignKeys.length);
        expect(comment).toContain('Keys enforced by the database.');
      }
      const [[attribution]] = (await q('SELECT attribution FROM about')) as [[string]];
      expect(attribution).toContain('CC BY 4.0');
      // Both sources' attributions (the paper's and Epoch AI's), in source order.
      const sourceAttributions = (await q('SELECT attribution FROM sources ORDER BY source_id')).map(
        (r) => r[0] as string,
      );
      expect(sourceAttributions).toHaveLength(2);
      expect(sourceAttributions.join('\n')).toBe(attribution);
    });
  });
});
