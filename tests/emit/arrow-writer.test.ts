// The Arrow writer (pipelines/lib/emit/arrow.ts) in process, read back with apache-arrow: the types, nullability
// and metadata the schemas give, every value of every type in the order given (NULLs included, past the first byte
// of a validity bitmap and past the first record batch), dictionaries over the full closed set, the Schema message
// at the start of the embedded stream, the hash of the bytes written,
// and abandon().

import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type Dictionary,
  type Int,
  MessageHeader,
  MessageReader,
  RecordBatchStreamReader,
  type Table,
  tableFromIPC,
  Type,
} from 'apache-arrow';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ArrowFile, arrowTableMetadata, BATCH_ROWS, recordBatches, writeUtf8 } from '../../pipelines/lib/emit/arrow.ts';
import { loadTableDefs, type TableDef } from '../../pipelines/lib/schemas.ts';
import { TableData, type Value } from '../../pipelines/lib/table-data.ts';
import { column, openFiles, tableOf, tableWith, tinyTable } from '../helpers/tiny-dataset.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lme-arrow-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const defs = loadTableDefs();
const META = new Map([['licence', 'CC-BY-4.0']]);

function writeArrow(
  t: TableData,
  order: readonly number[],
  meta = META,
): { table: Table; bytes: Buffer; batches: number[] } {
  const file = path.join(dir, `${t.name}.arrow`);
  const { schema, batches } = recordBatches(t, Uint32Array.from(order), meta);
  const sink = new ArrowFile(file, schema);
  const sizes: number[] = [];
  for (const b of batches) {
    sizes.push(b.numRows);
    sink.write(b);
  }
  const w = sink.close();
  const bytes = readFileSync(file);
  expect(w).toEqual({ bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') });
  return { table: tableFromIPC(bytes), bytes, batches: sizes };
}

/** Every column's values as apache-arrow reads them, row by row. */
const columns = (t: Table, def: TableDef): Value[][] =>
  def.columns.map((c) => {
    const v = t.getChild(c.name)!;
    return Array.from({ length: t.numRows }, (_, i) => v.get(i) as Value);
  });

/** The values written, in `order`, as apache-arrow gives them back: integers as bigint. */
const expected = (t: TableData, order: readonly number[]): Value[][] =>
  t.def.columns.map((c, i) =>
    order.map((r) => {
      const v = t.columns[i]![r]!;
      return c.base === 'integer' && v !== null ? BigInt(v as number) : v;
    }),
  );

/** Buffers of a column in a record batch: validity first, then offsets and data for Utf8, data alone otherwise. */
const buffersOf = (c: TableDef['columns'][number]) => (c.base === 'string' && !c.enumValues ? 3 : 2);

/**
 * Each record batch's NULL count and validity buffer size per column, as the file records them (read from the IPC
 * messages, not recomputed by a reader): the count must be the batch's own, and a column without NULLs has no bitmap.
 */
function recordedNulls(bytes: Buffer, def: TableDef, batches: number): { nulls: number[]; validityBytes: number[] }[] {
  const out: { nulls: number[]; validityBytes: number[] }[] = [];
  const reader = new MessageReader(bytes.subarray(8));
  for (const m of reader) {
    reader.readMessageBody(m.bodyLength);
    if (m.headerType !== MessageHeader.RecordBatch) continue;
    const h = m.header() as unknown as { nodes: { nullCount: number }[]; buffers: { length: number }[] };
    let b = 0;
    out.push({
      nulls: h.nodes.map((n) => Number(n.nullCount)),
      validityBytes: def.columns.map((c) => {
        const v = Number(h.buffers[b]!.length);
        b += buffersOf(c);
        return v;
      }),
    });
    if (out.length === batches) break;
  }
  return out;
}

/** What recordedNulls must give for rows `order` of `t` in batches of `sizes`: bitmaps padded to 8 bytes. */
function expectedNulls(
  t: TableData,
  order: readonly number[],
  sizes: number[],
): { nulls: number[]; validityBytes: number[] }[] {
  let from = 0;
  return sizes.map((n) => {
    const rows = order.slice(from, from + n);
    from += n;
    const nulls = t.columns.map((col) => rows.filter((r) => col[r] === null).length);
    return { nulls, validityBytes: nulls.map((k) => (k === 0 ? 0 : Math.ceil(n / 64) * 8)) };
  });
}

describe('the Arrow schema', () => {
  it('has the promised type, nullability and metadata of every column of every table', () => {
    for (const def of defs) {
      const { table } = writeArrow(
        tinyTable(def),
        [0, 1, 2],
        arrowTableMetadata(def, 'CC-BY-4.0', ['first source', 'second source']),
      );
      expect(Object.fromEntries(table.schema.metadata), def.name).toEqual({
        description: def.description,
        label_zh: def.labelZh,
        licence: 'CC-BY-4.0',
        attribution: 'first source\nsecond source',
      });
      let dictionaries = 0;
      for (const c of def.columns) {
        const f = table.schema.fields.find((x) => x.name === c.name)!;
        const at = `${def.name}.${c.name}`;
        expect(f.nullable, at).toBe(c.nullable);
        expect(Object.fromEntries(f.metadata), at).toEqual({
          description: c.description,
          label_zh: c.labelZh,
          ...(c.unit ? { unit: c.unit } : {}),
        });
        if (c.enumValues) {
          const d = f.type as Dictionary;
          expect(
            [d.typeId, d.dictionary.typeId, d.indices.bitWidth, d.indices.isSigned, d.isOrdered, d.id],
            at,
          ).toEqual([Type.Dictionary, Type.Utf8, 16, true, false, dictionaries++]);
          // The dictionary is the closed set, whole and in the schema's order, whichever values the rows use.
          expect(table.getChild(c.name)!.data[0]!.dictionary!.toArray(), at).toEqual(c.enumValues);
        } else {
          expect(f.typeId, at).toBe(
            { string: Type.Utf8, integer: Type.Int, number: Type.Float, boolean: Type.Bool }[c.base],
          );
          if (c.base === 'integer')
            expect([(f.type as Int).bitWidth, (f.type as Int).isSigned], at).toEqual([64, true]);
          if (c.base === 'number') expect((f.type as { precision: number }).precision, at).toBe(2);
        }
      }
    }
  });

  it("starts the embedded IPC stream with the Schema message, so that a stream reader reads the file's body", () => {
    const def = defs.find((d) => d.name === 'models')!;
    const { bytes } = writeArrow(tinyTable(def), [0, 1, 2]);
    expect(bytes.subarray(0, 8).toString('latin1')).toBe('ARROW1\0\0');
    const reader = RecordBatchStreamReader.from(bytes.subarray(8)).open();
    expect(reader.isStream()).toBe(true);
    expect(reader.schema.fields.map((f) => f.name)).toEqual(def.columns.map((c) => c.name));
    expect([...reader].map((b) => b.numRows)).toEqual([3]);
  });
});

describe('the values', () => {
  it("are every table's, in the order given, NULLs and all", () => {
    for (const def of defs) {
      const t = tinyTable(def);
      expect(columns(writeArrow(t, [1, 2, 0]).table, def), def.name).toEqual(expected(t, [1, 2, 0]));
    }
  });

  const def = tableOf('kinds', [
    column('name', 'string', { nullable: true }),
    column('count', 'integer', { nullable: true }),
    column('ratio', 'number', { nullable: true }),
    column('flag', 'boolean', { nullable: true }),
    column('mode', 'string', { nullable: true, enumName: 'mode', enumValues: ['open', 'closed', 'unused'] }),
  ]);
  const row = (i: number): Value[] => [
    [`名 ${i}`, '', null, `😀 ${i}`][i % 4]!,
    [i, -i, null, 2 ** 31 + i, -(2 ** 40) - i, 2n ** 62n + BigInt(i)][i % 6]!,
    [i / 4, null, -i][i % 3]!,
    [true, false, null, false, true][i % 5]!,
    ['closed', null, 'open'][i % 3]!,
  ];

  it("keep each NULL at its row across the bytes of a validity bitmap, and every type's values beside it", () => {
    const t = tableWith(
      def,
      Array.from({ length: 29 }, (_, i) => row(i)),
    );
    const order = Array.from({ length: 29 }, (_, i) => (i * 7) % 29);
    const { table, batches, bytes } = writeArrow(t, order);
    expect(batches).toEqual([29]);
    expect(columns(table, def)).toEqual(expected(t, order));
    expect(recordedNulls(bytes, def, 1)).toEqual(expectedNulls(t, order, batches));
  });

  it('fill a first batch of 65,536 rows and go on in a second, in the order given', () => {
    const n = BATCH_ROWS + 37;
    const t = tableWith(
      def,
      Array.from({ length: n }, (_, i) => row(i)),
    );
    const order = Array.from({ length: n }, (_, i) => n - 1 - i);
    const { table, batches, bytes } = writeArrow(t, order);
    expect(batches).toEqual([BATCH_ROWS, 37]);
    expect(columns(table, def)).toEqual(expected(t, order));
    expect(recordedNulls(bytes, def, 2)).toEqual(expectedNulls(t, order, batches));
  });

  it('make one batch of a table of exactly 65,536 rows, and one empty batch of an empty table', () => {
    const packed = tableOf('packed', [column('id', 'integer')]);
    const t = new TableData(packed);
    t.setColumn(
      'id',
      Int32Array.from({ length: BATCH_ROWS }, (_, i) => i - 5),
    );
    const full = writeArrow(
      t,
      Array.from({ length: BATCH_ROWS }, (_, i) => i),
    );
    expect(full.batches).toEqual([BATCH_ROWS]);
    expect(full.table.getChild('id')!.get(BATCH_ROWS - 1)).toBe(BigInt(BATCH_ROWS - 6));
    expect(full.table.getChild('id')!.nullCount).toBe(0);
    const empty = writeArrow(new TableData(def), []);
    expect(empty.batches).toEqual([0]);
    expect(empty.table.numRows).toBe(0);
  });
});

describe('writeUtf8', () => {
  it('writes any string as Buffer#write does (ASCII, other characters, lone surrogates; short and long), and returns its bytes', () => {
    // Short strings of mostly ASCII take the JavaScript path; a character past it, or a long string, Buffer#write.
    const unit = fc.oneof(
      fc.constantFrom('a', 'Z', '0', '-', ' ', '\x7f', '\x80', 'é', '中', '😀', '\ud800', '\udfff'),
      fc.string({ unit: 'binary', maxLength: 1 }),
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 70 }), fc.nat(5), (s, at) => {
        const expected = Buffer.from(s, 'utf8');
        const buffer = Buffer.alloc(at + 3 * s.length + 4, 0xaa);
        expect(writeUtf8(buffer, s, at)).toBe(expected.byteLength);
        expect(buffer.subarray(at, at + expected.byteLength).equals(expected)).toBe(true);
        expect(
          buffer.subarray(0, at).every((b) => b === 0xaa),
          'nothing written before at',
        ).toBe(true);
        expect(
          buffer.subarray(at + expected.byteLength).every((b) => b === 0xaa),
          'nothing written after the string',
        ).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('ArrowFile', () => {
  it('closes its file when abandoned, leaving no file open', () => {
    const { schema } = recordBatches(tinyTable(defs[0]!), Uint32Array.from([0]), META);
    const before = openFiles(dir);
    const sink = new ArrowFile(path.join(dir, 'abandoned.arrow'), schema);
    expect(openFiles(dir)).toBe(before + 1);
    sink.abandon();
    expect(openFiles(dir)).toBe(before);
  });

  it('closes its file when the header cannot be written (a full disk: /dev/full), naming the file', () => {
    const { schema } = recordBatches(tinyTable(defs[0]!), Uint32Array.from([0]), META);
    const before = openFiles('/dev/full');
    expect(() => new ArrowFile('/dev/full', schema)).toThrow(
      expect.objectContaining({ code: 'ENOSPC', path: '/dev/full' }),
    );
    expect(openFiles('/dev/full')).toBe(before);
  });
});
