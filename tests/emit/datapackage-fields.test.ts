// datapackage.json as pipelines/lib/metadata/datapackage.ts makes it, in process (no build): every table's fields,
// keys and missing values against its JSON Schema, and the package around them: each resource's CSV path, bytes and
// hash, its dialect, its Parquet and Arrow files beside it, the database, the licence and the sources.

import { describe, expect, it } from 'vitest';
import {
  dataPackage,
  relocate,
  tableSchema,
  type FileStat,
  type PackageInfo,
} from '../../pipelines/lib/metadata/datapackage.ts';
import { createdDate } from '../../pipelines/lib/metadata/describe.ts';
import { loadTableDefs } from '../../pipelines/lib/schemas.ts';
import type { Source } from '../../pipelines/lib/source.ts';
import { column, tableOf } from '../helpers/tiny-dataset.ts';
import { expectFieldsAsSchemas, type Field } from '../helpers/table-schema-fields.ts';

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON walked path by path; a wrong path fails the test's expectation
type Doc = Record<string, any>;
const defs = loadTableDefs();
const PROFILE = 'https://datapackage.org/profiles/2.0';

describe('tableSchema', () => {
  it('gives every field of every table the type, constraints, format, unit and description its JSON Schema states', () => {
    for (const d of defs) expectFieldsAsSchemas(d.name, tableSchema(d).fields as Field[]);
  });

  it("gives the primary key, the foreign keys by resource, '' as the missing value and the profile", () => {
    for (const d of defs) {
      const s = tableSchema(d);
      expect(s.$schema).toBe(`${PROFILE}/tableschema.json`);
      expect(s.primaryKey, d.name).toEqual(d.primaryKey);
      expect(s.missingValues).toEqual(['']);
      if (d.foreignKeys.length === 0) expect('foreignKeys' in s, d.name).toBe(false);
      else
        expect(s.foreignKeys, d.name).toEqual(
          d.foreignKeys.map((fk) => ({
            fields: fk.fields,
            reference: { resource: fk.reference.table, fields: fk.reference.fields },
          })),
        );
    }
    const cells = tableSchema(defs.find((d) => d.name === 'cells')!);
    expect(cells.foreignKeys).toEqual([
      {
        fields: ['source_id', 'table_no'],
        reference: { resource: 'source_tables', fields: ['source_id', 'table_no'] },
      },
    ]);
  });

  it('writes booleans as true and false, and only booleans', () => {
    const def = tableOf('flags', [
      column('id', 'string'),
      column('flag', 'boolean', { nullable: true }),
      column('n', 'integer', { nullable: true }),
    ]);
    expect(tableSchema(def).fields).toEqual([
      { name: 'id', type: 'string', title: 'id（中文）', description: 'The id.', constraints: { required: true } },
      {
        name: 'flag',
        type: 'boolean',
        title: 'flag（中文）',
        description: 'The flag.',
        trueValues: ['true'],
        falseValues: ['false'],
      },
      { name: 'n', type: 'integer', title: 'n（中文）', description: 'The n.' },
    ]);
  });

  it('gives a minimum of 0 and a minLength of 0 too', () => {
    const def = tableOf('zeros', [
      column('n', 'integer', { minimum: 0 }),
      column('s', 'string', { minLength: 0, nullable: true }),
    ]);
    expect((tableSchema(def).fields as { constraints: unknown }[]).map((f) => f.constraints)).toEqual([
      { required: true, minimum: 0 },
      { minLength: 0 },
    ]);
  });

  it('refuses a JSON Schema format that Table Schema names otherwise, naming the column', () => {
    expect(() => tableSchema(tableOf('t', [column('when', 'string', { format: 'date-time' })]))).toThrow(
      'when: no Table Schema format for JSON Schema format date-time',
    );
    expect(() => tableSchema(tableOf('t', [column('n', 'integer', { format: 'uri' })]))).toThrow(
      'n: no Table Schema format for JSON Schema format uri',
    );
    expect(
      (tableSchema(tableOf('t', [column('u', 'string', { format: 'email' })])).fields as { format: string }[])[0]!
        .format,
    ).toBe('email');
  });
});

describe('dataPackage', () => {
  const by = { name: 'CC-BY-4.0', path: 'https://creativecommons.org/licenses/by/4.0/', title: 'CC BY 4.0' };
  const info: PackageInfo = {
    name: 'pkg',
    id: 'https://example.org/releases/tag/v1.2.3',
    title: 'Title',
    description: 'About it.',
    version: '1.2.3',
    created: '2026-01-26T00:00:00Z',
    homepage: 'https://example.org/',
    keywords: ['a', '大模型'],
    licence: by,
    contributors: [{ title: 'Us', path: 'https://example.org/', roles: ['creator'] }],
    attribution: 'first\nsecond',
    sources: [
      { title: 'The paper', path: 'https://doi.org/10.1/x', licence: by },
      {
        title: 'The dataset',
        path: 'https://example.org/data',
        licence: { ...by, name: 'CC0-1.0' },
        table: 'epoch_ai_models',
      },
    ],
  };
  const stat = (p: string, bytes: number): FileStat => ({ path: p, bytes, sha256: `${p.length}`.padStart(64, '0') });
  const files = (t: string) => ({
    csv: stat(`csv/${t}.csv`, 1),
    parquet: stat(`parquet/${t}.parquet`, 2),
    arrow: stat(`arrow/${t}.arrow`, 3),
  });
  const pkg = dataPackage(info, defs, files, 'db.duckdb') as Doc;

  it("carries the package's information, the licence, the sources and the database", () => {
    const { resources, database, ...rest } = pkg;
    expect(rest).toEqual({
      $schema: `${PROFILE}/datapackage.json`,
      name: 'pkg',
      id: info.id,
      title: 'Title',
      description: 'About it.',
      version: '1.2.3',
      created: '2026-01-26T00:00:00Z',
      homepage: 'https://example.org/',
      keywords: ['a', '大模型'],
      contributors: info.contributors,
      licenses: [info.licence],
      attribution: 'first\nsecond',
      sources: info.sources.map(({ title, path }) => ({ title, path })),
    });
    expect(database).toEqual({
      path: 'db.duckdb',
      format: 'duckdb',
      description: expect.stringContaining('no hash is given'),
    });
    expect(resources.map((r: Doc) => r.name)).toEqual(defs.map((d) => d.name));
  });

  it('names the sources and licences of the tables drawn from a CSV dataset: its own table, and a derived table whose SQL reads it', () => {
    const own = (t: string) => pkg.resources.find((x: Doc) => x.name === t);
    expect(own('epoch_ai_models').sources).toEqual([{ title: 'The dataset', path: 'https://example.org/data' }]);
    expect(own('epoch_ai_models').licenses).toEqual([{ ...by, name: 'CC0-1.0' }]);
    expect(own('models_vs_epoch_ai').sources).toEqual([
      { title: 'The paper', path: 'https://doi.org/10.1/x' },
      { title: 'The dataset', path: 'https://example.org/data' },
    ]);
    expect(own('models_vs_epoch_ai').licenses).toEqual([by, { ...by, name: 'CC0-1.0' }]);
    for (const d of defs.filter((x) => !['epoch_ai_models', 'models_vs_epoch_ai'].includes(x.name))) {
      expect('sources' in own(d.name), d.name).toBe(false);
      expect('licenses' in own(d.name), d.name).toBe(false);
    }
  });

  it('moves every path to a release layout and drops the files the layout does not hold', () => {
    const top = relocate(pkg, {
      csv: (t) => `${t}.csv`,
      parquet: (t) => `${t}.parquet`,
      database: 'db.duckdb',
    }) as Doc;
    const models = top.resources.find((x: Doc) => x.name === 'models');
    expect(models.path).toBe('models.csv');
    expect(models.alternates).toEqual([
      expect.objectContaining({ path: 'models.parquet', format: 'parquet', bytes: 2 }),
    ]);
    expect(top.database.path).toBe('db.duckdb');
    const zipped = relocate(pkg, { csv: (t) => `${t}.csv` }) as Doc;
    expect('database' in zipped).toBe(false);
    expect(zipped.resources.every((r: Doc) => !('alternates' in r))).toBe(true);
    const { resources: _a, database: _b, ...rest } = zipped;
    const { resources: _c, database: _d, ...before } = pkg;
    expect(rest).toEqual(before);
  });

  it('gives each table its CSV with bytes, hash and dialect, its schema, and its Parquet and Arrow files', () => {
    for (const d of defs) {
      const r = pkg.resources.find((x: Doc) => x.name === d.name);
      const f = files(d.name);
      const hash = (s: FileStat) => `sha256:${s.sha256}`;
      const { sources: _s, licenses: _l, ...rest } = r;
      expect(rest).toEqual({
        name: d.name,
        type: 'table',
        title: d.labelZh,
        description: d.description,
        path: f.csv.path,
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        bytes: 1,
        hash: hash(f.csv),
        dialect: {
          $schema: `${PROFILE}/tabledialect.json`,
          header: true,
          delimiter: ',',
          lineTerminator: '\n',
          quoteChar: '"',
          doubleQuote: true,
        },
        schema: tableSchema(d),
        alternates: [
          {
            path: f.parquet.path,
            format: 'parquet',
            mediatype: 'application/vnd.apache.parquet',
            bytes: 2,
            hash: hash(f.parquet),
          },
          {
            path: f.arrow.path,
            format: 'arrow',
            mediatype: 'application/vnd.apache.arrow.file',
            bytes: 3,
            hash: hash(f.arrow),
          },
        ],
      });
    }
  });
});

describe('createdDate', () => {
  const source = (citation: { year: number; accessed?: string }) => ({ json: { citation } }) as unknown as Source;
  const sources = [source({ year: 2024 }), source({ year: 2026, accessed: '2026-01-26' })];

  it('is the newest date of the sources, so that a rebuild gives the same text', () => {
    expect(createdDate(sources, {})).toBe('2026-01-26T00:00:00Z');
    expect(createdDate([source({ year: 2024 })], {})).toBe('2024-01-01T00:00:00Z');
  });

  it('is SOURCE_DATE_EPOCH when set, and refuses one that is not a number of seconds', () => {
    expect(createdDate(sources, { SOURCE_DATE_EPOCH: '1767225600' })).toBe('2026-01-01T00:00:00Z');
    expect(createdDate(sources, { SOURCE_DATE_EPOCH: '' })).toBe('2026-01-26T00:00:00Z');
    expect(() => createdDate(sources, { SOURCE_DATE_EPOCH: 'yesterday' })).toThrow(
      'SOURCE_DATE_EPOCH: is not a number of seconds since 1970: "yesterday"',
    );
  });
});
