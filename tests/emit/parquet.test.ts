// The Parquet writer (pipelines/lib/emit/parquet.ts): a table of two row groups written batch by batch from the
// same record batches as its Arrow file (writeTableFiles), hashed as written; its fixed created_by names the installed
// parquet-wasm; the same table gives the same bytes whatever the process wrote before; a failure while making
// batches, or no batch at all, rejects instead of leaving a file that looks whole.

import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { afterAll, expect, it } from 'vitest';
import { BATCH_ROWS, recordBatches } from '../../pipelines/lib/emit/arrow.ts';
import { writeTableFiles } from '../../pipelines/lib/emit/files.ts';
import { CREATED_BY, ROW_GROUP_ROWS, parquetKeyValues, writeParquet } from '../../pipelines/lib/emit/parquet.ts';
import { loadTableDef, type ColumnDef } from '../../pipelines/lib/schemas.ts';
import { TableData, type Value } from '../../pipelines/lib/table-data.ts';
import { ROOT } from '../helpers/project.ts';
import { rejection } from '../helpers/rejection.ts';
import { openFiles } from '../helpers/tiny-dataset.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lme-parquet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const info = { licence: 'CC-BY-4.0', attributions: ['test'] };
const def = loadTableDef('organisations.schema.json');

/**
 * A synthetic value of a column for row i: every type, NULL in every third row of a nullable column. Only the value
 * of the column's type is made (the tables reach 132,000 rows: less CPU than making all four).
 */
function value(c: ColumnDef, i: number): Value {
  if (c.nullable && i % 3 === 0) return null;
  if (c.enumValues) return c.enumValues[i % c.enumValues.length]!;
  switch (c.base) {
    case 'string':
      return `${c.name} ${i}`;
    case 'integer':
      return BigInt(i) * 1_000_000_007n;
    case 'number':
      return i / 7;
    case 'boolean':
      return i % 2 === 0;
  }
}

function table(rows: number, d = def): TableData {
  const t = new TableData(d);
  for (let i = 0; i < rows; i++) {
    const row: Record<string, Value> = {};
    for (const c of d.columns) row[c.name] = value(c, i);
    t.push(row);
  }
  return t;
}

const order = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);
const buffer = (f: string) => {
  const b = readFileSync(f);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};

it('names the installed parquet-wasm in created_by', () => {
  const installed = JSON.parse(
    readFileSync(path.join(ROOT, 'node_modules', 'parquet-wasm', 'package.json'), 'utf8'),
  ) as { version: string };
  expect(CREATED_BY).toContain(`parquet-wasm ${installed.version} `);
});

/** A folder for writeTableFiles, with its csv/, parquet/ and arrow/ folders. */
function filesDir(name: string): string {
  const d = path.join(dir, name);
  for (const sub of ['csv', 'parquet', 'arrow']) mkdirSync(path.join(d, sub), { recursive: true });
  return d;
}

// One full row group and part of a second (three of the Arrow file's record batches). The writer has nothing of its
// own per row group (arrow-rs ends a group at ROW_GROUP_ROWS; only a table with no batch is special here), so a third
// group, which doubled the rows to make and read back, showed nothing more.
it("writes its row groups from the Arrow file's batches, with the hash of the bytes written", async () => {
  const n = ROW_GROUP_ROWS + 1234;
  const t = table(n);
  const d = filesDir('row-groups');
  const [arrowFile, parquetFile] = [
    path.join(d, 'arrow', 'organisations.arrow'),
    path.join(d, 'parquet', 'organisations.parquet'),
  ];
  const w = await writeTableFiles(d, t, order(n), info);
  const bytes = readFileSync(parquetFile);
  expect(w.get('parquet/organisations.parquet')).toEqual({
    bytes: bytes.byteLength,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  });
  const meta = parquetMetadata(buffer(parquetFile));
  expect(meta.created_by).toBe(CREATED_BY);
  expect(meta.row_groups.map((g) => Number(g.num_rows))).toEqual([ROW_GROUP_ROWS, 1234]);
  expect(meta.schema.slice(1).map((e) => e.repetition_type)).toEqual(
    def.columns.map((c) => (c.nullable ? 'OPTIONAL' : 'REQUIRED')),
  );
  // Every value of every row, as hyparquet reads it, is the Arrow file's.
  const arrow = tableFromIPC(readFileSync(arrowFile));
  // The batches this test is about: two in the first row group, the third after its end (one, were BATCH_ROWS raised).
  expect(arrow.batches.map((b) => b.numRows)).toEqual([BATCH_ROWS, BATCH_ROWS, 1234]);
  const rows = await parquetReadObjects({ file: buffer(parquetFile), compressors });
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  for (const c of def.columns) {
    const v = arrow.getChild(c.name)!;
    expect(
      rows.findIndex((r, i) => text(r[c.name]) !== text(v.get(i))),
      c.name,
    ).toBe(-1);
  }
}, 120_000);

it('writes the same bytes for the same table, whatever was written before it in the process', async () => {
  const write = async (f: string) => {
    await writeParquet(path.join(dir, f), def, recordBatches(table(100), order(100), new Map()).batches, info);
    return readFileSync(path.join(dir, f));
  };
  const first = await write('same-1.parquet');
  // Each later file, after maps made for the files before it (what used to reorder the metadata), is compared, not
  // only the last: in a shared instance the order comes back now and then (the fourth file here once it followed this
  // file's row groups test), so a single comparison passed or not by what the process wrote before.
  const later: boolean[] = [];
  for (let i = 0; i < 4; i++) later.push((await write(`same-${i + 2}.parquet`)).equals(first));
  expect(later).toEqual([true, true, true, true]);
});

it('rejects with the error of a batch that could not be made', async () => {
  const { batches } = recordBatches(table(10), order(10), new Map());
  function* failing() {
    yield* batches;
    throw new Error('no more batches: disk gone');
  }
  expect((await rejection(writeParquet(path.join(dir, 'failing.parquet'), def, failing(), info))).message).toMatch(
    /disk gone/,
  );
});

it('rejects a table with no batch at all, naming it', async () => {
  expect((await rejection(writeParquet(path.join(dir, 'empty.parquet'), def, [], info))).message).toMatch(
    /organisations: no record batch/,
  );
});

it('writes the key-value metadata any Parquet reader sees: licence, attributions, description, Chinese label, columns', async () => {
  const f = path.join(dir, 'key-values.parquet');
  const two = { licence: 'CC-BY-4.0', attributions: ['first source', 'second source'] };
  await writeParquet(f, def, recordBatches(table(10), order(10), new Map()).batches, two);
  const kv = Object.fromEntries(parquetMetadata(buffer(f)).key_value_metadata!.map((e) => [e.key, e.value]));
  expect(kv.licence).toBe('CC-BY-4.0');
  expect(kv.attribution).toBe('first source\nsecond source');
  expect(kv.description).toBe(def.description);
  expect(kv.label_zh).toBe(def.labelZh);
  const columns = JSON.parse(kv.columns!) as { name: string; nullable: boolean }[];
  expect(columns.map((c) => [c.name, c.nullable])).toEqual(def.columns.map((c) => [c.name, c.nullable]));
});

it('describes each column by its description, Chinese label and nullability, and its unit where it has one', () => {
  const models = loadTableDef('models.schema.json');
  const columns = JSON.parse(parquetKeyValues(models, info).get('columns')!) as Record<string, unknown>[];
  for (const [i, c] of models.columns.entries()) {
    expect(columns[i], c.name).toEqual({
      name: c.name,
      description: c.description,
      label_zh: c.labelZh,
      nullable: c.nullable,
      ...(c.unit ? { unit: c.unit } : {}),
    });
  }
  expect(models.columns.some((c) => c.unit) && models.columns.some((c) => !c.unit)).toBe(true);
});

it('dictionary-encodes the closed sets (ENUMs) only', async () => {
  const models = loadTableDef('models.schema.json');
  const f = path.join(dir, 'dictionaries.parquet');
  await writeParquet(f, models, recordBatches(table(50, models), order(50), new Map()).batches, info);
  const chunks = parquetMetadata(buffer(f)).row_groups[0]!.columns;
  const dictionary = chunks.map((c) => c.meta_data!.dictionary_page_offset !== undefined);
  expect(dictionary).toEqual(models.columns.map((c) => c.enumValues !== undefined));
  expect(dictionary.includes(true) && dictionary.includes(false)).toBe(true);
});

// /dev/full takes the file but refuses every byte (ENOSPC), as a full disk does while the bytes come out.
it('rejects with the write error when the disk is full, rather than return a short file as written', async () => {
  expect(
    (await rejection(writeParquet('/dev/full', def, recordBatches(table(10), order(10), new Map()).batches, info)))
      .message,
  ).toMatch(/ENOSPC/);
  // And so does a table's writing of all its files, its Arrow file abandoned (no file left open).
  const d = filesDir('full');
  symlinkSync('/dev/full', path.join(d, 'parquet', 'organisations.parquet'));
  const before = openFiles(d, '/dev/full');
  expect((await rejection(writeTableFiles(d, table(10), order(10), info))).message).toMatch(/ENOSPC/);
  expect(openFiles(d, '/dev/full')).toBe(before);
});

// Each file gets a parquet-wasm instance of its own (for its bytes), which must be freed once the file is written:
// kept (by Node's module cache, or by the require that loaded it), every file's wasm memory stayed. That memory is
// outside V8's heap (`external`): an instance kept for this table holds about 10 MB of it, and the whole process's
// memory (RSS, what this test once measured) needed 200,000-row tables for a leak to stand out.
it("frees each file's parquet-wasm instance once the file is written", async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const n = 20_000;
  const t = table(n);
  const external: number[] = [];
  for (let k = 0; k < 4; k++) {
    await writeParquet(path.join(dir, 'memory.parquet'), def, recordBatches(t, order(n), new Map()).batches, info);
    gc();
    external.push(process.memoryUsage().external / 1e6);
  }
  // From the second file on it stays where it was: each file's instance is let go when the next replaces it (until the
  // event loop turns it is still reachable, hence the step after the first file).
  expect(
    external[3]! - external[1]!,
    `memory outside V8's heap in MB after each file: ${external.map(Math.round).join(', ')}`,
  ).toBeLessThan(5);
}, 120_000);

// The Node glue gets a WebAssembly of its own whose Module hands back the module compiled once; the process's own
// must stay the real constructor, or any other WebAssembly code of the process would get parquet-wasm's module.
it("leaves the process's WebAssembly.Module alone", async () => {
  const wasm = (globalThis as unknown as { WebAssembly: { Module: unknown } }).WebAssembly;
  const real = wasm.Module;
  await writeParquet(
    path.join(dir, 'module-back.parquet'),
    def,
    recordBatches(table(5), order(5), new Map()).batches,
    info,
  );
  expect(wasm.Module).toBe(real);
});
