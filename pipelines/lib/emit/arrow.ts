// Arrow IPC files built straight from the columns: Utf8 offsets and bytes, Int64, packed booleans, and closed
// sets as dictionaries over the schema's full value list (so every file of a table shares one dictionary).
// Descriptions, Chinese labels and units go into field metadata; licence and attribution into the schema's.

import {
  Bool, Dictionary, Field, Int16, Int64, makeData, makeVector, RecordBatch, Schema, Struct, Table, tableToIPC, Utf8,
  type Data, type DataType,
} from 'apache-arrow';
import type { ColumnDef, TableDef } from '../schemas.ts';
import type { TableData, Value } from '../table-data.ts';

const encoder = new TextEncoder();

function validity(values: ArrayLike<Value>, order: Uint32Array): { bitmap: Uint8Array; nulls: number } {
  const bitmap = new Uint8Array((order.length + 7) >> 3);
  let nulls = 0;
  for (let k = 0; k < order.length; k++) {
    if (values[order[k]!] === null) nulls++;
    else bitmap[k >> 3]! |= 1 << (k & 7);
  }
  return { bitmap, nulls };
}

function utf8Data(strings: readonly (string | null)[]): Data<Utf8> {
  const n = strings.length;
  const offsets = new Int32Array(n + 1);
  let bytes = new Uint8Array(Math.max(64, n * 16));
  let at = 0;
  const nullBitmap = new Uint8Array((n + 7) >> 3);
  let nullCount = 0;
  for (let i = 0; i < n; i++) {
    const s = strings[i];
    if (s === null || s === undefined) {
      nullCount++;
    } else {
      nullBitmap[i >> 3]! |= 1 << (i & 7);
      // Three bytes per UTF-16 unit is the most UTF-8 can need.
      if (at + s.length * 3 > bytes.length) {
        const grown = new Uint8Array(Math.max(bytes.length * 2, at + s.length * 3));
        grown.set(bytes.subarray(0, at));
        bytes = grown;
      }
      at += encoder.encodeInto(s, bytes.subarray(at)).written;
    }
    offsets[i + 1] = at;
  }
  return makeData({ type: new Utf8(), length: n, nullCount, nullBitmap, valueOffsets: offsets, data: bytes.slice(0, at) });
}

function columnData(c: ColumnDef, values: ArrayLike<Value>, order: Uint32Array, dictionaryId: number): Data<DataType> {
  const n = order.length;
  if (c.enumValues) {
    const { bitmap, nulls } = validity(values, order);
    const codes = new Map(c.enumValues.map((v, i) => [v, i]));
    const indices = new Int16Array(n);
    for (let k = 0; k < n; k++) {
      const v = values[order[k]!];
      indices[k] = v === null ? 0 : codes.get(v as string)!;
    }
    const type = new Dictionary(new Utf8(), new Int16(), dictionaryId, false);
    return makeData({ type, length: n, nullCount: nulls, nullBitmap: bitmap, data: indices, dictionary: makeVector(utf8Data(c.enumValues)) });
  }
  if (c.base === 'string') {
    const ordered = new Array<string | null>(n);
    for (let k = 0; k < n; k++) ordered[k] = values[order[k]!] as string | null;
    return utf8Data(ordered);
  }
  const { bitmap, nulls } = validity(values, order);
  if (c.base === 'integer') {
    const data = new BigInt64Array(n);
    for (let k = 0; k < n; k++) {
      const v = values[order[k]!];
      if (v !== null) data[k] = typeof v === 'bigint' ? v : BigInt(v as number);
    }
    return makeData({ type: new Int64(), length: n, nullCount: nulls, nullBitmap: bitmap, data });
  }
  const data = new Uint8Array((n + 7) >> 3);
  for (let k = 0; k < n; k++) if (values[order[k]!] === true) data[k >> 3]! |= 1 << (k & 7);
  return makeData({ type: new Bool(), length: n, nullCount: nulls, nullBitmap: bitmap, data });
}

function fieldMetadata(c: ColumnDef): Map<string, string> {
  const m = new Map([['description', c.description], ['label_zh', c.labelZh]]);
  if (c.unit) m.set('unit', c.unit);
  return m;
}

export function arrowTable(t: TableData, order: Uint32Array, tableMetadata: Map<string, string>): Table {
  const def: TableDef = t.def;
  let dictionaryId = 0;
  const children = def.columns.map((c, i) => columnData(c, t.columns[i]!, order, c.enumValues ? dictionaryId++ : -1));
  const fields = def.columns.map((c, i) => new Field(c.name, children[i]!.type, c.nullable, fieldMetadata(c)));
  const schema = new Schema(fields, tableMetadata);
  const struct = makeData({ type: new Struct(fields), length: order.length, nullCount: 0, children });
  return new Table([new RecordBatch(schema, struct)]);
}

export function arrowFileBytes(t: TableData, order: Uint32Array, tableMetadata: Map<string, string>): Uint8Array {
  return tableToIPC(arrowTable(t, order, tableMetadata), 'file');
}
