// Columns of a DuckDB result as Arrow data, read from the bytes of DuckDB's vectors through its C API (the
// bindings @duckdb/node-api is built on) rather than value by value: a number or a flag never becomes a JS value,
// and a string's UTF-8 bytes go from DuckDB's memory into the Arrow buffer without being decoded and encoded again.
// At a million rows this was most of the time of reading a derived table back. The data are those arrow.ts makes
// from the same values (tests/emit/derived-stream.test.ts compares the files byte for byte), with one difference
// for the better: node-api's decoder drops a byte-order mark at the start of a text, which the bytes keep.

import { createRequire } from 'node:module';
import type * as Bindings from '@duckdb/node-bindings';
import { Bool, Float64, Int64, makeData, Utf8, type Data, type DataType } from 'apache-arrow';
import type { ArrowDictionary } from './arrow.ts';
import type { ColumnDef } from '../schemas.ts';

// The bindings come with the client; required from the client's own folder, wherever npm put them.
const requireClient = createRequire(createRequire(import.meta.url).resolve('@duckdb/node-api'));
const duckdb = requireClient('@duckdb/node-bindings') as typeof Bindings;

/** What a chunk of a DuckDB result (a DuckDBDataChunk) offers here: its rows, and the bindings' chunk behind it. */
export interface Chunk { rowCount: number; chunk: Bindings.DataChunk }

/** Rows from..from+rows of a chunk, in a batch being gathered. */
export interface Slice { chunk: Chunk; from: number; rows: number }

/** One column of one slice: its vector's data (as bytes and as a view) and validity (undefined: every row valid). */
interface Part { data: Uint8Array; view: DataView; validity: Uint8Array | undefined; from: number; rows: number }

const WIDTH = { integer: 8, number: 8, boolean: 1, string: 16 } as const;

function parts(slices: readonly Slice[], column: number, width: number): Part[] {
  return slices.map(({ chunk, from, rows }) => {
    const vector = duckdb.data_chunk_get_vector(chunk.chunk, column);
    const validity = duckdb.vector_get_validity(vector, Math.ceil(chunk.rowCount / 64) * 8) ?? undefined;
    const data = duckdb.vector_get_data(vector, chunk.rowCount * width);
    return { data, view: new DataView(data.buffer, data.byteOffset, data.byteLength), validity, from, rows };
  });
}

const valid = (p: Part, r: number): boolean => !p.validity || ((p.validity[r >> 3]! >> (r & 7)) & 1) === 1;

/** Every row of the parts in turn: its part and its row in the part's chunk. */
function eachRow(ps: readonly Part[], visit: (p: Part, r: number, k: number) => void): void {
  let k = 0;
  for (const p of ps) for (let r = p.from; r < p.from + p.rows; r++) visit(p, r, k++);
}

/** Arrow validity: none when every row is valid (as arrow.ts writes it), else a bit per row. */
function validityOf(ps: readonly Part[], n: number): { nullCount: number; nullBitmap?: Uint8Array } {
  let nulls = 0;
  eachRow(ps, (p, r) => { if (!valid(p, r)) nulls++; });
  if (nulls === 0) return { nullCount: 0 };
  const bitmap = new Uint8Array((n + 7) >> 3);
  eachRow(ps, (p, r, k) => { if (valid(p, r)) bitmap[k >> 3]! |= 1 << (k & 7); });
  return { nullCount: nulls, nullBitmap: bitmap };
}

/** Fixed-width values copied as bytes (BIGINT as Int64, DOUBLE as Float64), a NULL's slot zero. */
function fixedBytes(ps: readonly Part[], n: number, width: number): Uint8Array {
  const out = new Uint8Array(n * width);
  let k = 0;
  for (const p of ps) {
    out.set(p.data.subarray(p.from * width, (p.from + p.rows) * width), k * width);
    for (let r = p.from; r < p.from + p.rows; r++) if (!valid(p, r)) out.fill(0, (k + r - p.from) * width, (k + r - p.from + 1) * width);
    k += p.rows;
  }
  return out;
}

/**
 * A VARCHAR's bytes: DuckDB's string_t is 16 bytes, its length first, then the string itself when it is 12 bytes
 * or fewer, else a 4-byte prefix and a pointer.
 */
function stringBytes(p: Part, r: number, length: number): Uint8Array {
  const at = r * 16;
  return length <= 12
    ? p.data.subarray(at + 4, at + 4 + length)
    : duckdb.get_data_from_pointer(p.data.buffer as ArrayBuffer, p.data.byteOffset + at + 8, length);
}

function utf8(ps: readonly Part[], n: number, v: ReturnType<typeof validityOf>): Data<Utf8> {
  const offsets = new Int32Array(n + 1);
  const lengthOf = (p: Part, r: number) => (valid(p, r) ? p.view.getUint32(r * 16, true) : 0);
  eachRow(ps, (p, r, k) => { offsets[k + 1] = offsets[k]! + lengthOf(p, r); });
  const bytes = new Uint8Array(offsets[n]!);
  eachRow(ps, (p, r, k) => {
    const length = offsets[k + 1]! - offsets[k]!;
    if (length > 0) bytes.set(stringBytes(p, r, length), offsets[k]!);
  });
  return makeData({ type: new Utf8(), length: n, ...v, valueOffsets: offsets, data: bytes });
}

/** Bytes of an ENUM's index in DuckDB's dictionary: 1, 2 or 4, as many as its values need. */
function enumWidth(type: Bindings.LogicalType): number {
  const internal = duckdb.enum_internal_type(type);
  return internal === duckdb.Type.UTINYINT ? 1 : internal === duckdb.Type.USMALLINT ? 2 : 4;
}

/** An ENUM's indexes in DuckDB's dictionary mapped to the column's codes (arrow.ts's dictionary), a NULL's code 0. */
function enumCodes(ps: readonly Part[], n: number, c: ColumnDef, type: Bindings.LogicalType, width: number): Int16Array {
  const ours = new Map(c.enumValues!.map((x, i) => [x, i]));
  const mapped = Array.from({ length: duckdb.enum_dictionary_size(type) }, (_, i) => ours.get(duckdb.enum_dictionary_value(type, i)));
  const codes = new Int16Array(n);
  let k = 0;
  for (const p of ps) {
    for (let r = p.from; r < p.from + p.rows; r++, k++) {
      if (!valid(p, r)) continue;
      const index = width === 1 ? p.data[r]! : width === 2 ? p.view.getUint16(r * 2, true) : p.view.getUint32(r * 4, true);
      const code = mapped[index];
      // Cannot happen in a build (the database's ENUMs are the schemas' own); a bug if it does.
      if (code === undefined) throw new Error(`${c.name}: ${JSON.stringify(duckdb.enum_dictionary_value(type, index))} is not one of the column's values`);
      codes[k] = code;
    }
  }
  return codes;
}

/** Column `column` (of definition c) of the slices, n rows in all, as Arrow data; dictionary for a closed set. */
export function columnFromSlices(c: ColumnDef, column: number, slices: readonly Slice[], n: number, dictionary: ArrowDictionary | undefined): Data<DataType> {
  if (dictionary) {
    if (slices.length === 0) return makeData({ type: dictionary.type, length: 0, nullCount: 0, data: new Int16Array(0), dictionary: dictionary.vector });
    const type = duckdb.vector_get_column_type(duckdb.data_chunk_get_vector(slices[0]!.chunk.chunk, column));
    const width = enumWidth(type);
    const ps = parts(slices, column, width);
    return makeData({ type: dictionary.type, length: n, ...validityOf(ps, n), data: enumCodes(ps, n, c, type, width), dictionary: dictionary.vector });
  }
  const ps = parts(slices, column, WIDTH[c.base]);
  const v = validityOf(ps, n);
  if (c.base === 'string') return utf8(ps, n, v);
  if (c.base === 'integer') return makeData({ type: new Int64(), length: n, ...v, data: new BigInt64Array(fixedBytes(ps, n, 8).buffer) });
  if (c.base === 'number') return makeData({ type: new Float64(), length: n, ...v, data: new Float64Array(fixedBytes(ps, n, 8).buffer) });
  const data = new Uint8Array((n + 7) >> 3);
  eachRow(ps, (p, r, k) => { if (valid(p, r) && p.data[r] !== 0) data[k >> 3]! |= 1 << (k & 7); });
  return makeData({ type: new Bool(), length: n, ...v, data });
}
