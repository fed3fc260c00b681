// The DuckDB DDL generated from the schemas (pipelines/lib/emit/ddl.ts), as text: quoting of names and literals,
// types, NOT NULL, primary and foreign keys, comments (with the keys they state), ENUM types and the views' files.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  columnComment,
  commentStatements,
  createEnums,
  createTable,
  ident,
  literal,
  keyChecksSql,
  keysNote,
  loadViews,
  sqlType,
} from '../../pipelines/lib/emit/ddl.ts';
import { loadTableDefs } from '../../pipelines/lib/schemas.ts';
import { column, tableOf } from '../helpers/tiny-dataset.ts';

const defs = loadTableDefs();

const def = tableOf(
  'my "table"',
  [
    column('id', 'string'),
    column('no', 'integer'),
    column('ratio', 'number', { nullable: true, unit: 'ratio' }),
    column('open', 'boolean'),
    column('kind', 'string', { nullable: true, enumName: 'kind', enumValues: ["it's", 'plain'] }),
  ],
  {
    primaryKey: ['id', 'no'],
    foreignKeys: [
      { fields: ['id'], reference: { table: 'parent', fields: ['parent_id'] } },
      { fields: ['kind', 'no'], reference: { table: 'other', fields: ['k', 'n'] } },
    ],
  },
);

describe('names and literals', () => {
  it('quote identifiers with double quotes and literals with single quotes, doubling the quote inside', () => {
    expect([ident('a'), ident('say "hi"'), ident('')]).toEqual(['"a"', '"say ""hi"""', '""']);
    expect([literal('a'), literal("it's 'x'"), literal('')]).toEqual(["'a'", "'it''s ''x'''", "''"]);
  });
});

describe('types', () => {
  it('map each base type, and a closed set to its ENUM', () => {
    expect(def.columns.map(sqlType)).toEqual(['VARCHAR', 'BIGINT', 'DOUBLE', 'BOOLEAN', 'kind']);
  });

  it('create each closed set once, in first-use order, with its values quoted', () => {
    expect(
      createEnums([def, tableOf('again', [column('kind', 'string', { enumName: 'kind', enumValues: ['other'] })])]),
    ).toEqual([`CREATE TYPE kind AS ENUM ('it''s', 'plain');`]);
    expect(createEnums(defs).map((s) => s.split(' ')[2])).toEqual([
      ...new Set(defs.flatMap((d) => d.columns.flatMap((c) => (c.enumName ? [c.enumName] : [])))),
    ]);
  });
});

describe('CREATE TABLE', () => {
  const columns = [
    '  "id" VARCHAR NOT NULL,',
    '  "no" BIGINT NOT NULL,',
    '  "ratio" DOUBLE,',
    '  "open" BOOLEAN NOT NULL,',
  ];

  it('gives types and NOT NULL where a column cannot be NULL, and with keys the primary key and each foreign key', () => {
    expect(createTable(def, { keys: true })).toBe(
      [
        'CREATE TABLE "my ""table""" (',
        ...columns,
        '  "kind" kind,',
        '  PRIMARY KEY ("id", "no"),',
        '  FOREIGN KEY ("id") REFERENCES "parent" ("parent_id"),',
        '  FOREIGN KEY ("kind", "no") REFERENCES "other" ("k", "n")',
        ');',
      ].join('\n'),
    );
  });

  it('gives no key without keys (the diff database: its keys stated in the comment only)', () => {
    expect(createTable(def)).toBe(['CREATE TABLE "my ""table""" (', ...columns, '  "kind" kind', ');'].join('\n'));
  });
});

describe('comments', () => {
  it("state the table's primary key and each foreign key, and whether the database enforces them", () => {
    expect(keysNote(def, true)).toBe(
      'Primary key: id, no. Foreign keys: id → parent (parent_id); kind, no → other (k, n). Keys enforced by the database.',
    );
    expect(
      keysNote(
        tableOf('t', [column('id', 'string')], {
          foreignKeys: [{ fields: ['id'], reference: { table: 'p', fields: ['pid'] } }],
        }),
        false,
      ),
    ).toBe('Primary key: id. Foreign key: id → p (pid). Keys checked by the build, not enforced by the database.');
    expect(commentStatements(def, '', { enforced: true })[0]).toContain('Keys enforced by the database.');
  });

  it('leave the licence note out when there is none (the diff database)', () => {
    expect(commentStatements(tableOf('t', [column('id', 'string')]), '')[0]).toBe(
      `COMMENT ON TABLE "t" IS 'The t table. (t表) Primary key: id. Keys checked by the build, not enforced by the database.';`,
    );
  });

  it('describe the table with its Chinese label and the licence note, and each column with its unit and label', () => {
    expect(columnComment(def.columns[0]!)).toBe('The id. (id（中文）)');
    expect(columnComment(def.columns[2]!)).toBe('The ratio. Unit: ratio. (ratio（中文）)');
    expect(
      commentStatements(
        tableOf("it's", [column('id', 'string'), column('n', 'integer', { unit: 'row' })]),
        "Licence: 'x'.",
      ),
    ).toEqual([
      `COMMENT ON TABLE "it's" IS 'The it''s table. (it''s表) Primary key: id. Keys checked by the build, not enforced by the database. Licence: ''x''.';`,
      `COMMENT ON COLUMN "it's"."id" IS 'The id. (id（中文）)';`,
      `COMMENT ON COLUMN "it's"."n" IS 'The n. Unit: row. (n（中文）)';`,
    ]);
  });
});

describe('keyChecksSql', () => {
  // Run against DuckDB in tests/emit/database-writer.test.ts; here, how a key of several columns is named.
  it('names every column of a composite key, and its values, separated by commas', () => {
    const [pk, , fk] = keyChecksSql(def, 'o');
    expect(pk).toContain(' FROM "my ""table""" GROUP BY ALL');
    expect(keyChecksSql(def, 'o', '"computed"')[0]).toContain(' FROM "computed" GROUP BY ALL');
    expect(pk).toContain(
      `'my "table" (o): ' || 'the primary key (id, no) = ' || '(' || coalesce(CAST(d."id" AS VARCHAR), 'NULL') || ', ' || coalesce(CAST(d."no" AS VARCHAR), 'NULL') || ')'`,
    );
    expect(pk).toContain('GROUP BY ALL HAVING count(*) > 1 ORDER BY ALL LIMIT 1');
    expect(fk).toContain(
      `'the foreign key (kind, no) = ' || '(' || coalesce(CAST(d."kind" AS VARCHAR), 'NULL') || ', ' || coalesce(CAST(d."no" AS VARCHAR), 'NULL') || ')' || ' has no row in other (k, n)'`,
    );
    expect(fk).toContain(
      'WHERE d."kind" IS NOT NULL AND d."no" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "other" p WHERE p."k" = d."kind" AND p."n" = d."no")',
    );
  });
});

describe('loadViews', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lme-views-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads each .sql file of the folder in name order: the first line, without --, describes the view; the rest creates it', () => {
    writeFileSync(path.join(dir, 'b_view.sql'), '--   Second view.\nCREATE VIEW b_view AS\nSELECT 2;\n\n');
    writeFileSync(path.join(dir, 'a_view.sql'), '-- First -- view.\n\nCREATE VIEW a_view AS SELECT 1;\n');
    writeFileSync(path.join(dir, 'notes.txt'), '-- not a view\n');
    expect(loadViews(dir)).toEqual([
      { name: 'a_view', comment: 'First -- view.', sql: 'CREATE VIEW a_view AS SELECT 1;' },
      { name: 'b_view', comment: 'Second view.', sql: 'CREATE VIEW b_view AS\nSELECT 2;' },
    ]);
  });

  it('reads the views of schemas/views by default', () => {
    expect(loadViews().map((v) => v.name)).toEqual(['model_annotations', 'models_flagged', 'models_with_organisation']);
  });
});
