// A table's rows as Arrow record batches built straight from its columns, and the Arrow IPC file written from them
// batch by batch (memory bounded however long the table); closed sets are dictionaries over the schema's full value
// list, shared by all batches and files. Descriptions, Chinese labels and units go into field metadata, licence and
// attribution into the schema's. The same batches are written as Parquet (parquet.ts).

import {
  AsyncByteQueue,
  Bool,
  Dictionary,
  Field,
  Float64,
  Int16,
  Int64,
  makeData,
  makeVector,
  Message,
  RecordBatch,
  RecordBatchFileWriter,
  Schema,
  Struct,
  Utf8,
  type Data,
  type DataType,
  type Vector,
} from 'apache-arrow';
import type { ColumnDef, TableDef } from '../schemas.ts';
import type { Column, TableData } from '../table-data.ts';
import { HashingFile, type Written } from './file-sink.ts';

/** Rows per record batch: large enough to amortise per-batch costs, small enough to bound memory. */
export const BATCH_ROWS = 1 << 16;

type Validity = { nullCount: number; nullBitmap?: Uint8Array };

function validity(col: Column, order: Uint32Array, from: number, to: number): Validity {
  if (!Array.isArray(col)) return { nullCount: 0 };
  let nulls = 0;
  for (let k = from; k < to; k++) if (col[order[k]!] === null) nulls++;
  if (nulls === 0) return { nullCount: 0 };
  const bitmap = new Uint8Array((to - from + 7) >> 3);
  for (let k = from; k < to; k++) if (col[order[k]!] !== null) bitmap[(k - from) >> 3]! |= 1 << ((k - from) & 7);
  return { nullCount: nulls, nullBitmap: bitmap };
}

/**
 * Writes `s` as UTF-8 into `buffer` at `at`; returns the bytes written. An ASCII string of at most 32 units (most of a
 * table's) is copied a character at a time, twice as fast as Buffer#write's call into C++ (57 → 30 ns a string).
 */
export function writeUtf8(buffer: Buffer, s: string, at: number): number {
  const n = s.length;
  if (n <= 32) {
    let i = 0;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      buffer[at + i++] = c;
    }
    if (i === n) return n;
  }
  return buffer.write(s, at, 'utf8');
}

/**
 * Utf8 data: each string encoded straight into one buffer sized for the worst case (3 bytes a UTF-16 unit): faster
 * than counting bytes first or encoding a joined string. Only the written bytes are kept.
 */
function utf8(n: number, valueAt: (i: number) => string | null, v: Validity): Data<Utf8> {
  const offsets = new Int32Array(n + 1);
  let units = 0;
  for (let i = 0; i < n; i++) units += valueAt(i)?.length ?? 0;
  const buffer = Buffer.allocUnsafe(units * 3);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const s = valueAt(i);
    if (s) at += writeUtf8(buffer, s, at);
    offsets[i + 1] = at;
  }
  return makeData({
    type: new Utf8(),
    length: n,
    ...v,
    valueOffsets: offsets,
    data: new Uint8Array(buffer.buffer, buffer.byteOffset, at),
  });
}

/** Builds the data of one column for rows order[from..to). */
function columnData(
  c: ColumnDef,
  col: Column,
  order: Uint32Array,
  from: number,
  to: number,
  dictionary: ArrowDictionary | undefined,
): Data<DataType> {
  const n = to - from;
  const v = validity(col, order, from, to);
  if (dictionary) {
    const codes = new Map(c.enumValues!.map((x, i) => [x, i]));
    const indices = new Int16Array(n);
    for (let k = 0; k < n; k++) {
      const x = col[order[from + k]!];
      indices[k] = x === null ? 0 : codes.get(x as string)!;
    }
    return makeData({ type: dictionary.type, length: n, ...v, data: indices, dictionary: dictionary.vector });
  }
  // Read through the order, not gathered into an array first: a plain array of a batch's 65,536 values cost more to
  // fill than the encoding itself (V8 gives an array that large no fast backing store).
  if (c.base === 'string') return utf8(n, (k) => col[order[from + k]!] as string | null, v);
  if (c.base === 'integer') {
    const data = new BigInt64Array(n);
    // Small integers are written as two 32-bit words (little-endian), with no BigInt made per value.
    const words = new Int32Array(data.buffer);
    for (let k = 0; k < n; k++) {
      const x = col[order[from + k]!];
      if (typeof x === 'number' && (x | 0) === x) {
        words[2 * k] = x;
        words[2 * k + 1] = x < 0 ? -1 : 0;
      } else if (x !== null) data[k] = typeof x === 'bigint' ? x : BigInt(x as number);
    }
    return makeData({ type: new Int64(), length: n, ...v, data });
  }
  if (c.base === 'number') {
    const data = new Float64Array(n);
    for (let k = 0; k < n; k++) data[k] = (col[order[from + k]!] as number | null) ?? 0;
    return makeData({ type: new Float64(), length: n, ...v, data });
  }
  const data = new Uint8Array((n + 7) >> 3);
  for (let k = 0; k < n; k++) if (col[order[from + k]!] === true) data[k >> 3]! |= 1 << (k & 7);
  return makeData({ type: new Bool(), length: n, ...v, data });
}

function fieldMetadata(c: ColumnDef): Map<string, string> {
  const m = new Map([
    ['description', c.description],
    ['label_zh', c.labelZh],
  ]);
  if (c.unit) m.set('unit', c.unit);
  return m;
}

/** Schema-level metadata of a table's Arrow file (and of the Arrow schema embedded in its Parquet file). */
export function arrowTableMetadata(
  def: TableDef,
  licence: string,
  attributions: readonly string[],
): Map<string, string> {
  return new Map([
    ['description', def.description],
    ['label_zh', def.labelZh],
    ['licence', licence],
    ['attribution', attributions.join('\n')],
  ]);
}

const ARROW_TYPES = { string: Utf8, integer: Int64, number: Float64, boolean: Bool };
type ArrowDictionary = { type: Dictionary; vector: Vector };

/**
 * The table, in `order`, as record batches of BATCH_ROWS rows (at least one, empty for an empty table), each made
 * when it is asked for, all of one schema (non-null columns not nullable).
 */
export function recordBatches(
  t: TableData,
  order: Uint32Array,
  tableMetadata: Map<string, string>,
): { schema: Schema; batches: Iterable<RecordBatch> } {
  const cols = t.def.columns;
  let id = 0;
  const dictionaries = cols.map((c) => {
    if (!c.enumValues) return undefined;
    const type = new Dictionary(new Utf8(), new Int16(), id++, false);
    return { type, vector: makeVector(utf8(c.enumValues.length, (i) => c.enumValues![i]!, { nullCount: 0 })) };
  });
  const type = (c: ColumnDef, i: number): DataType => dictionaries[i]?.type ?? new ARROW_TYPES[c.base]();
  const fields = cols.map((c, i) => new Field(c.name, type(c, i), c.nullable, fieldMetadata(c)));
  const schema = new Schema(fields, tableMetadata);
  function* batches(): Generator<RecordBatch> {
    const count = Math.max(1, Math.ceil(order.length / BATCH_ROWS));
    for (let b = 0; b < count; b++) {
      const from = b * BATCH_ROWS;
      const to = Math.min(order.length, from + BATCH_ROWS);
      const children = cols.map((c, i) => columnData(c, t.columns[i]!, order, from, to, dictionaries[i]));
      yield new RecordBatch(schema, makeData({ type: new Struct(fields), length: to - from, nullCount: 0, children }));
    }
  }
  return { schema, batches: batches() };
}

/** Hands each piece of the IPC stream to the file as the writer produces it, instead of queueing it. */
class FileQueue extends AsyncByteQueue {
  constructor(private readonly file: HashingFile) {
    super();
  }
  override write(value: Uint8Array): void {
    if (value.byteLength > 0) this.file.write(value);
  }
}

/**
 * An IPC file is the magic, a whole IPC stream (Schema message first), then the footer. apache-arrow's writer leaves
 * the Schema message out (the footer has it), and arrow-rs refuses such a stream: this writer puts it back.
 */
class IpcFileWriter extends RecordBatchFileWriter {
  protected override _writeSchema(schema: Schema): this {
    return super._writeSchema(schema)._writeMessage(Message.from(schema));
  }
}

/** An Arrow IPC file written batch by batch, hashed as it is written. */
export class ArrowFile {
  private readonly out: HashingFile;
  private readonly writer = new IpcFileWriter();

  constructor(file: string, schema: Schema) {
    this.out = new HashingFile(file);
    try {
      this.writer.reset(new FileQueue(this.out), schema);
    } catch (e) {
      // The header is written at once: a full disk fails it here, before any caller could abandon the file.
      this.out.abandon();
      throw e;
    }
  }

  write(batch: RecordBatch): void {
    this.writer.write(batch);
  }

  close(): Written {
    this.writer.finish();
    return this.out.close();
  }

  abandon(): void {
    this.out.abandon();
  }
}
