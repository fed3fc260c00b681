// Two clean builds, in different folders, give byte-identical CSV, Parquet, Arrow and datapackage.json (so
// nothing inside depends on time or place), and DuckDB files with the same content.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { databaseContentHash } from '../../pipelines/lib/emit/content-hash.ts';
import { DATABASE_FILE } from '../../pipelines/stages/emit.ts';
import { build, sandbox, type Sandbox } from '../helpers/sandbox.ts';
import { DuckDBInstance } from '@duckdb/node-api';

let a: Sandbox;
let b: Sandbox;
beforeAll(async () => {
  a = sandbox();
  b = sandbox();
  await build(a);
  await build(b);
});
afterAll(() => { a.remove(); b.remove(); });

const files = (out: string) => ['datapackage.json', ...['csv', 'parquet', 'arrow'].flatMap((d) => readdirSync(path.join(out, d)).map((f) => `${d}/${f}`))].sort();

it('writes the same files, byte for byte', () => {
  expect(files(a.out)).toEqual(files(b.out));
  expect(files(a.out).length).toBe(1 + 3 * 11);
  for (const f of files(a.out)) expect(readFileSync(path.join(a.out, f)).equals(readFileSync(path.join(b.out, f))), f).toBe(true);
});

it('contains no absolute path and no timestamp', () => {
  for (const f of files(a.out)) {
    const text = readFileSync(path.join(a.out, f)).toString('latin1');
    expect(text.includes(a.root), f).toBe(false);
    expect(/20\d\d-\d\d-\d\dT\d\d:\d\d/.test(text), f).toBe(false);
  }
});

it('gives DuckDB files with the same content', async () => {
  const [ha, hb] = [await databaseContentHash(path.join(a.out, DATABASE_FILE)), await databaseContentHash(path.join(b.out, DATABASE_FILE))];
  expect(Object.keys(ha.tables).length).toBe(11);
  expect(ha).toEqual(hb);
});

it('notices a change of content in the DuckDB file', async () => {
  const before = await databaseContentHash(path.join(b.out, DATABASE_FILE));
  const db = await DuckDBInstance.create(path.join(b.out, DATABASE_FILE));
  const c = await db.connect();
  await c.run("UPDATE models SET model_en = 'changed' WHERE model_id = 'gpt-3'");
  c.closeSync();
  db.closeSync();
  const after = await databaseContentHash(path.join(b.out, DATABASE_FILE));
  expect(after.tables['models']).not.toBe(before.tables['models']);
  expect(after.digest).not.toBe(before.digest);
});
