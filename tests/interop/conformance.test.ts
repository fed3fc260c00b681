// Every published file, read by readers this project did not write, gives the values and types of the CSV and
// the schemas: hyparquet and parquet-wasm (Parquet, and the Arrow files' embedded streams), apache-arrow, the
// oldest and newest DuckDB clients (the database opened directly and ATTACHed, every table and view, and every
// Parquet file through read_parquet),
// nodejs-polars, DuckDB's CSV auto-detection, Frictionless JS, and pandas (from Debian's python3-pandas).
// Tables and views are whatever datapackage.json and the database hold, not a fixed list.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MessageHeader, MessageReader } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableDef } from '../../pipelines/lib/schemas.ts';
import { columnComment } from '../../pipelines/lib/emit/ddl.ts';
import { DATABASE_FILE } from '../../pipelines/lib/paths.ts';
import { builtSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { CLIENTS, duckdbKind, runClient, withSession, type ClientModule, type ClientRun } from './duckdb-clients.ts';
import { pandasMissing, readWithPandasRecipe } from './pandas.ts';
import {
  arrowEmbeddedStream,
  arrowFile,
  frictionless,
  hyparquet,
  ipcFileParts,
  parquetWasm,
  polars,
} from './readers.ts';
import {
  canon,
  csvKinds,
  expectedRead,
  publishedTables,
  sorted,
  withoutGuessed,
  type Kind,
  type Read,
} from './shape.ts';

let s: Sandbox;
let tables: TableDef[];
const expected = new Map<string, Read>();
beforeAll(async () => {
  s = await builtSandbox();
  tables = publishedTables(s.out);
  for (const def of tables) expected.set(def.name, expectedRead(s.out, def));
}, 120_000);
afterAll(() => s?.remove());

/** Compares a reader's result with the CSV read by its schema, naming the table and reader on failure. */
function expectSame(actual: Read, want: Read, what: string): void {
  expect(actual.columns, `${what}: columns and types`).toEqual(want.columns);
  expect(actual.rows.length, `${what}: row count`).toBe(want.rows.length);
  expect(actual.rows, `${what}: values`).toEqual(want.rows);
}

const fieldMetadata = (def: TableDef) =>
  def.columns.map((c) => ({ name: c.name, description: c.description, label_zh: c.labelZh, unit: c.unit }));
/** The same, as a reader found it in a file's field metadata. */
const metadataOf = (fields: { name: string; metadata: Map<string, string> }[]) =>
  fields.map((f) => ({
    name: f.name,
    description: f.metadata.get('description'),
    label_zh: f.metadata.get('label_zh'),
    unit: f.metadata.get('unit'),
  }));

it('reads a schema for every table datapackage.json lists', () => {
  expect(tables.length).toBeGreaterThan(0);
  for (const def of tables) expect(expected.get(def.name)!.rows.length, def.name).toBeGreaterThan(0);
});

describe('Parquet', () => {
  it('hyparquet (+ hyparquet-compressors for zstd) reads every value with its type', async () => {
    for (const def of tables)
      expectSame(await hyparquet(s.out, def.name), csvKinds(expected.get(def.name)!), `${def.name}.parquet`);
  });

  it('keeps ENUM columns as dictionary-encoded strings', async () => {
    for (const def of tables) {
      const { metadata } = await hyparquet(s.out, def.name);
      for (const c of def.columns.filter((x) => x.enumValues)) {
        for (const rg of metadata.row_groups) {
          const chunk = rg.columns.find((x) => x.meta_data!.path_in_schema.join('.') === c.name)!.meta_data!;
          expect(chunk.encodings, `${def.name}.${c.name}`).toContain('RLE_DICTIONARY');
          expect(chunk.dictionary_page_offset, `${def.name}.${c.name}`).toBeDefined();
        }
      }
    }
  });

  it("carries each column's description, Chinese label, unit and nullability as key-value metadata", async () => {
    for (const def of tables) {
      const { kv } = await hyparquet(s.out, def.name);
      const columns = JSON.parse(kv.get('columns') ?? '[]') as Record<string, unknown>[];
      expect(columns, def.name).toEqual(
        def.columns.map((c) => ({
          name: c.name,
          description: c.description,
          label_zh: c.labelZh,
          ...(c.unit ? { unit: c.unit } : {}),
          nullable: c.nullable,
        })),
      );
      expect(kv.get('description'), def.name).toBe(def.description);
      expect(kv.get('label_zh'), def.name).toBe(def.labelZh);
      expect(kv.get('licence'), def.name).toBe('CC-BY-4.0');
    }
  });

  it('parquet-wasm (arrow-rs) restores ENUMs as dictionaries and the field metadata from the embedded Arrow schema', () => {
    for (const def of tables) {
      const r = parquetWasm(s.out, def.name);
      expectSame(r, expected.get(def.name)!, `${def.name}.parquet via arrow-rs`);
      expect(metadataOf(r.fields)).toEqual(fieldMetadata(def));
    }
  });

  // Nullability is in the Parquet schema itself (DuckDB's COPY wrote every column OPTIONAL; parquet.ts writes with
  // arrow-rs). hyparquet reads each column's repetition type as written; arrow-rs (parquet-wasm) derives an Arrow
  // field's nullability from it, not from the embedded Arrow schema (a file whose ARROW:schema says NOT NULL but
  // whose columns are OPTIONAL reads back nullable), so both are real readings of the repetition.
  it('marks required columns REQUIRED and the others OPTIONAL, read back by hyparquet and parquet-wasm', async () => {
    for (const def of tables) {
      const want = def.columns.map((c) => [c.name, c.nullable ? 'OPTIONAL' : 'REQUIRED']);
      expect(
        want.some(([, r]) => r === 'REQUIRED'),
        def.name,
      ).toBe(true);
      const { metadata } = await hyparquet(s.out, def.name);
      expect(
        metadata.schema.slice(1).map((e) => [e.name, e.repetition_type]),
        `${def.name} via hyparquet`,
      ).toEqual(want);
      expect(
        parquetWasm(s.out, def.name).fields.map((f) => [f.name, f.nullable ? 'OPTIONAL' : 'REQUIRED']),
        `${def.name} via parquet-wasm`,
      ).toEqual(want);
    }
  });
});

describe('Arrow IPC files', () => {
  it('follow the file format: magic, a stream that begins with its Schema message, the footer, the magic', () => {
    for (const def of tables) {
      const parts = ipcFileParts(readFileSync(path.join(s.out, 'arrow', `${def.name}.arrow`)));
      expect(parts.head, def.name).toBe('ARROW1\0\0');
      expect(parts.tail, def.name).toBe('ARROW1');
      const messages = [...new MessageReader(parts.stream)].map((m) => m.headerType);
      expect(messages[0], `${def.name}: first message of the stream`).toBe(MessageHeader.Schema);
      expect(
        messages.filter((h) => h === MessageHeader.Schema),
        def.name,
      ).toHaveLength(1);
      const firstBatch = messages.indexOf(MessageHeader.RecordBatch);
      expect(
        messages.slice(1, firstBatch).every((h) => h === MessageHeader.DictionaryBatch),
        `${def.name}: dictionaries after the schema`,
      ).toBe(true);
    }
  });

  it('apache-arrow reads every file with its types, nullability, dictionaries and field metadata', () => {
    for (const def of tables) {
      const r = arrowFile(s.out, def.name);
      expectSame(r, expected.get(def.name)!, `${def.name}.arrow`);
      expect(
        r.fields.map((f) => f.nullable),
        def.name,
      ).toEqual(def.columns.map((c) => c.nullable));
      expect(metadataOf(r.fields)).toEqual(fieldMetadata(def));
      expect(r.metadata.get('licence'), def.name).toBe('CC-BY-4.0');
    }
  });

  it("arrow-rs (parquet-wasm's IPC stream reader) reads the stream embedded in every file", () => {
    for (const def of tables) {
      const r = arrowEmbeddedStream(s.out, def.name);
      expectSame(r, expected.get(def.name)!, `${def.name}.arrow stream via arrow-rs`);
      expect(
        r.fields.map((f) => f.nullable),
        def.name,
      ).toEqual(def.columns.map((c) => c.nullable));
      expect(
        r.fields.map((f) => f.metadata.get('label_zh')),
        def.name,
      ).toEqual(def.columns.map((c) => c.labelZh));
    }
  });
});

describe('nodejs-polars', () => {
  it.each(['csv', 'parquet', 'arrow'] as const)('reads every %s file with its values and types', (format) => {
    for (const def of tables) {
      const got = polars(s.out, def.name, format);
      if (format === 'csv')
        expectSame(
          withoutGuessed(def.name, got),
          withoutGuessed(def.name, csvKinds(expected.get(def.name)!)),
          `${def.name}.csv via polars`,
        );
      else expectSame(got, expected.get(def.name)!, `${def.name}.${format} via polars`);
    }
  });
});

// DuckDB before 1.2 binds a view's tables in the session's default database, so under an alias its views need
// `USE <alias>` (the README's recipe for 1.1); 1.2 and later bind them in the view's own database.
const oldBinder = (module: ClientModule) => module === 'duckdb-node-api-1-1';
const waysOf = (module: ClientModule) => [
  { way: 'opened directly', opts: {} },
  {
    way: 'ATTACHed under an arbitrary alias',
    opts: { attach: 'any alias', ...(oldBinder(module) ? { setup: ['USE "any alias"'] } : {}) },
  },
];
const parquetFile = (d: TableDef) => `read_parquet('parquet/${d.name}.parquet')`;

/**
 * Everything a client reads for the tests below, in one child process a client (not one a read): both ways of
 * opening the database, read_parquet of every file, and for DuckDB 1.1 the alias without USE. Run when a test first
 * asks; the newest client's database opened directly is the reference of both.
 */
const clientRuns = new Map<ClientModule, ClientRun>();
function clientRun(module: ClientModule): ClientRun {
  const db = path.join(s.out, DATABASE_FILE);
  const run =
    clientRuns.get(module) ??
    runClient(module, {
      ...Object.fromEntries(waysOf(module).map(({ way, opts }) => [way, { kind: 'dump', dbFile: db, opts }])),
      read_parquet: {
        kind: 'script',
        cwd: s.out,
        sql: tables
          .map((d) => `DESCRIBE SELECT * FROM ${parquetFile(d)};\nSELECT * FROM ${parquetFile(d)};`)
          .join('\n'),
      },
      ...(oldBinder(module)
        ? { 'alias without USE': { kind: 'dump', dbFile: db, opts: { attach: 'any alias' } } }
        : {}),
    });
  clientRuns.set(module, run);
  return run;
}

describe.each(CLIENTS)('$name', ({ module, version }) => {
  const reference = () => clientRun('@duckdb/node-api').dump('opened directly');
  const ways = waysOf(module);

  it.each(ways)('reads every table and view, $way', ({ way }) => {
    const dump = clientRun(module).dump(way);
    expect(dump.version).toBe(version);
    expect(dump.relations.map((r) => [r.name, r.kind])).toEqual(reference().relations.map((r) => [r.name, r.kind]));
    expect(
      dump.relations
        .filter((r) => r.kind === 'table')
        .map((r) => r.name)
        .sort(),
    ).toEqual(tables.map((d) => d.name).sort());
    for (const def of tables) {
      const t = dump.relations.find((r) => r.name === def.name)!;
      expect(t.error, def.name).toBeUndefined();
      expectSame(t.read!, expected.get(def.name)!, `${def.name} in the database`);
      expect(
        t.columns!.map((c) => [c.name, c.nullable]),
        `${def.name}: NOT NULL`,
      ).toEqual(def.columns.map((c) => [c.name, c.nullable]));
      expect(
        t.columns!.map((c) => c.comment),
        `${def.name}: comments`,
      ).toEqual(def.columns.map((c) => columnComment(c)));
    }
    for (const v of reference().relations.filter((r) => r.kind === 'view')) {
      const got = dump.relations.find((r) => r.name === v.name)!;
      expect(got.error, `view ${v.name}`).toBeUndefined();
      expectSame(sorted(got.read!), sorted(v.read!), `view ${v.name}`);
    }
  });

  it('read_parquet reads every Parquet file with its values and types (closed sets as VARCHAR)', () => {
    const r = clientRun(module).script('read_parquet');
    expect(r.version).toBe(version);
    tables.forEach((def, i) => {
      const [described, data] = [r.results[2 * i]!, r.results[2 * i + 1]!];
      const columns = described.rows.map((row) => ({ name: row[0]!, kind: duckdbKind(row[1]!) as Kind }));
      expectSame(
        { columns, rows: data.rows },
        csvKinds(expected.get(def.name)!),
        `${def.name}.parquet via read_parquet`,
      );
    });
  });

  it.runIf(oldBinder(module))(
    'cannot bind a view under an alias without USE (why the README names 1.2 for views under ATTACH)',
    () => {
      const dump = clientRun(module).dump('alias without USE');
      expect(dump.version).toBe(version);
      const views = dump.relations.filter((r) => r.kind === 'view' && r.name !== 'about');
      expect(views.length).toBeGreaterThan(0);
      for (const v of views) expect(v.error, v.name).toMatch(/Catalog Error: Table with name \w+ does not exist/);
    },
  );
});

it('DuckDB read_csv auto-detection gives every CSV its exact types and values', async () => {
  await withSession('@duckdb/node-api', ':memory:', {}, async (q) => {
    for (const def of tables) {
      const r = await q.query(`SELECT * FROM read_csv('${path.join(s.out, 'csv', `${def.name}.csv`)}')`);
      expectSame(
        withoutGuessed(def.name, {
          columns: r.names.map((n, i) => ({ name: n, kind: duckdbKind(r.types[i]!) as Kind })),
          rows: r.rows.map((row) => row.map(canon)),
        }),
        withoutGuessed(def.name, csvKinds(expected.get(def.name)!)),
        `${def.name}.csv via read_csv`,
      );
    }
  });
});

it('Frictionless JS finds the package valid and reads every resource', async () => {
  const f = await frictionless(s.out);
  expect(f.errors).toEqual([]);
  expect(f.valid).toBe(true);
  expect([...f.tables.keys()].sort()).toEqual(tables.map((d) => d.name).sort());
  for (const def of tables)
    expectSame(f.tables.get(def.name)!, csvKinds(expected.get(def.name)!), `${def.name} via Frictionless`);
});

describe('pandas', () => {
  const missing = pandasMissing();
  // Locally a missing pandas skips with one line saying how to install it; under CI it fails.
  if (missing && !process.env.CI) console.warn(`pandas conformance skipped: ${missing}`);
  it.skipIf(missing !== undefined && !process.env.CI)(
    'the README recipe (dtypes from datapackage.json) keeps integers Int64 and empty fields NULL',
    () => {
      if (missing) throw new Error(missing);
      const read = readWithPandasRecipe(s.out);
      for (const def of tables) expectSame(read.get(def.name)!, expected.get(def.name)!, `${def.name}.csv via pandas`);
    },
  );
});
