// Two clean builds, in different folders and at different times, give byte-identical CSV, Parquet, Arrow,
// datapackage.json and croissant.json (so nothing inside depends on time or place), and DuckDB files with the same content. The
// first is the run's shared build (tests/helpers/built-out.ts: made by make, in another folder, before this file ran);
// the second runs here in a child process whose clock is moved by a year, a day and some hours
// (helpers/shifted-clock.mjs), so that a date, a year or a time of day written into any file shows.

import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { $ } from 'zx';
import { databaseContentHash } from '../../pipelines/lib/database-content.ts';
import { DATABASE_FILE } from '../../pipelines/lib/paths.ts';
import { buildCommand, builtSandbox, sandbox, type Sandbox } from '../helpers/sandbox.ts';
import { chang2024, epochSnapshot, ROOT } from '../helpers/project.ts';
import { createdDate } from '../../pipelines/lib/metadata/describe.ts';
import { DuckDBInstance } from '@duckdb/node-api';

/** Back by a year, a day, five hours and seventeen minutes: every field of a date and time differs. */
const SHIFT_MS = -((366 * 24 + 5) * 60 + 17) * 60_000;
const shifted = {
  NODE_OPTIONS:
    `${process.env.NODE_OPTIONS ?? ''} --import ${pathToFileURL(path.join(ROOT, 'tests', 'helpers', 'shifted-clock.mjs')).href}`.trim(),
  LME_CLOCK_SHIFT_MS: String(SHIFT_MS),
};
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

let a: Sandbox;
let b: Sandbox;
beforeAll(async () => {
  a = await builtSandbox();
  b = sandbox();
  await buildCommand(b, shifted);
});
afterAll(() => {
  a.remove();
  b.remove();
});

const files = (out: string) =>
  [
    'datapackage.json',
    'croissant.json',
    ...['csv', 'parquet', 'arrow'].flatMap((d) => readdirSync(path.join(out, d)).map((f) => `${d}/${f}`)),
  ].sort();

it('writes the same files, byte for byte', () => {
  expect(files(a.out)).toEqual(files(b.out));
  expect(files(a.out).length).toBe(2 + 3 * 11);
  for (const f of files(a.out))
    expect(readFileSync(path.join(a.out, f)).equals(readFileSync(path.join(b.out, f))), f).toBe(true);
});

it('ran the second build with its clock moved', async () => {
  const r = await $({
    quiet: true,
    env: { ...process.env, ...shifted },
  })`${process.execPath} -e ${'process.stdout.write(new Date().toISOString())'}`;
  expect(Math.abs(Date.parse(r.stdout) - (Date.now() + SHIFT_MS))).toBeLessThan(60_000);
});

// Read in the build made here, whose folder and clock are known; the shared build's files are the same bytes.
it("contains no absolute path, no timestamp and neither build's date (datapackage.json's created is the sources' date)", () => {
  const dates = [isoDate(new Date()), isoDate(new Date(Date.now() + SHIFT_MS))];
  const created = createdDate([chang2024(), epochSnapshot()], {});
  expect(JSON.parse(readFileSync(path.join(b.out, 'datapackage.json'), 'utf8')).created).toBe(created);
  for (const f of files(b.out)) {
    const text = readFileSync(path.join(b.out, f)).toString('latin1').replace(`"created": "${created}"`, '');
    expect(text.includes(b.root), f).toBe(false);
    expect(/20\d\d-\d\d-\d\dT\d\d:\d\d/.test(text), f).toBe(false);
    for (const d of dates) expect(text.includes(d), `${f} holds the date ${d}`).toBe(false);
  }
});

it('gives DuckDB files with the same content', async () => {
  const [ha, hb] = [
    await databaseContentHash(path.join(a.out, DATABASE_FILE)),
    await databaseContentHash(path.join(b.out, DATABASE_FILE)),
  ];
  expect(Object.keys(ha.tables).length).toBe(11);
  expect(ha).toEqual(hb);
});

it('notices a change of content in the DuckDB file', async () => {
  // A copy is changed, so that the comparison of the two builds' files holds in whatever order the tests run.
  const changed = path.join(b.root, 'changed.duckdb');
  copyFileSync(path.join(b.out, DATABASE_FILE), changed);
  const before = await databaseContentHash(changed);
  const db = await DuckDBInstance.create(changed);
  const c = await db.connect();
  await c.run("UPDATE models SET model_en = 'changed' WHERE model_id = 'gpt-3'");
  c.closeSync();
  db.closeSync();
  const after = await databaseContentHash(changed);
  expect(after.tables.models).not.toBe(before.tables.models);
  expect(after.digest).not.toBe(before.digest);
});
