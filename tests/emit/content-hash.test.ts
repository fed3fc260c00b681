// The content hash that compares DuckDB files across builds (pipelines/lib/database-content.ts): the same for two
// files written apart with the same content, and different when any part of the content differs: a row, a table's
// or a column's comment, a type, a constraint, a view, an ENUM type.

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, expect, it } from 'vitest';
import { databaseContentHash } from '../../pipelines/lib/database-content.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lme-content-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BASE: Record<string, string> = {
  enum: `CREATE TYPE mood AS ENUM ('low', 'high');`,
  parent: `CREATE TABLE parent (id BIGINT PRIMARY KEY, name VARCHAR NOT NULL);`,
  child: `CREATE TABLE child (id BIGINT PRIMARY KEY, parent_id BIGINT REFERENCES parent (id), m mood);`,
  rows: `INSERT INTO parent VALUES (1, 'a'), (2, 'b'); INSERT INTO child VALUES (10, 1, 'low'), (11, NULL, NULL);`,
  comments: `COMMENT ON TABLE parent IS 'Parents.'; COMMENT ON COLUMN parent.name IS 'Name.';`,
  view: `CREATE VIEW named AS SELECT name FROM parent; COMMENT ON VIEW named IS 'Names.';`,
};

let n = 0;
async function database(change: Record<string, string> = {}): Promise<string> {
  const file = path.join(dir, `db-${n++}.duckdb`);
  const db = await DuckDBInstance.create(file);
  const c = await db.connect();
  try {
    await c.run(Object.values({ ...BASE, ...change }).join('\n'));
  } finally {
    c.closeSync();
    db.closeSync();
  }
  return file;
}

it('is the same for two files of the same content, and tells any change of content apart', async () => {
  const file = await database();
  const files = readdirSync('/proc/self/fd').length;
  const base = await databaseContentHash(file);
  expect(readdirSync('/proc/self/fd').length, 'the database closed once hashed').toBe(files);
  expect(base.digest).toMatch(/^[0-9a-f]{64}$/);
  expect(await databaseContentHash(await database())).toEqual(base);
  expect(Object.keys(base.tables)).toEqual(['child', 'parent']);
  const changes: Record<string, Record<string, string>> = {
    'a value': { rows: BASE.rows!.replace("'b'", "'c'") },
    'the order of rows': {
      rows: `INSERT INTO parent VALUES (2, 'b'), (1, 'a'); INSERT INTO child VALUES (10, 1, 'low'), (11, NULL, NULL);`,
    },
    'a table comment': { comments: BASE.comments!.replace('Parents.', 'Parent.') },
    'a column comment': { comments: BASE.comments!.replace('Name.', 'Names.') },
    // Values that read back the same as text, in a column of another type.
    'a type': { child: BASE.child!.replace('m mood', 'm VARCHAR') },
    nullability: { parent: BASE.parent!.replace(' NOT NULL', '') },
    'a constraint': { child: BASE.child!.replace(' REFERENCES parent (id)', '') },
    'a view': { view: BASE.view!.replace('SELECT name', 'SELECT id, name') },
    "a view's comment": { view: BASE.view!.replace("'Names.'", "'The names.'") },
    'an ENUM type': { enum: `CREATE TYPE mood AS ENUM ('low', 'high', 'mid');` },
  };
  for (const [what, change] of Object.entries(changes)) {
    const h = await databaseContentHash(await database(change));
    expect(h.digest, what).not.toBe(base.digest);
  }
  const changedRow = await databaseContentHash(await database(changes['a value']));
  expect(changedRow.tables).toEqual({
    child: base.tables.child,
    parent: expect.not.stringMatching(base.tables.parent!),
  });
}, 60_000);
