// Arrow IPC files built straight from the columns, in record batches written as they are made (so memory stays
// bounded however long the table): Utf8 offsets and bytes, Int64, packed booleans, and closed sets as
// dictionaries over the schema's full value list (one dictionary per column, shared by all batches and files).
// Descriptions, Chinese labels and units go into field metadata; licence and attribution into the schema's. Each
// batch is serialised once: its bytes in the file are also its IPC stream for the Parquet writer (ArrowFileSink).

import {
  AsyncByteQueue, Bool, Dictionary, Field, Float64, Int16, Int64, makeData, makeVector, Message, RecordBatch, RecordBatchFileWriter, Schema, Struct, Utf8,
  type Data, type DataType, type Vector,
} from 'apache-arrow';
import type { ColumnDef, TableDef } from '../schemas.ts';
import type { Column, TableData } from '../table-data.ts';
import { HashingFile, type Written } from './file-sink.ts';

/** Rows per record batch: large enough to amortise per-batch costs, small enough to bound memory. */
export const BATCH_ROWS = 1 << 16;

interface Validity { nullCount: number; nullBitmap?: Uint8Array }

function validity(col: Column, order: Uint32Array, from: number, to: number): Validity {
  if (!Array.isArray(col)) return { nullCount: 0 };
  let nulls = 0;
  for (let k = from; k < to; k++) if (col[order[k]!] === null) nulls++;
  if (nulls === 0) return { nullCount: 0 };
  const bitmap = new Uint8Array((to - from + 7) >> 3);
  for (let k = from; k < to; k++) if (col[order[k]!] !== null) bitmap[(k - from) >> 3]! |= 1 << ((k - from) & 7);
  return { nullCount: nulls, nullBitmap: bitmap };
}

/** Strings at most this long are tried as ASCII first (see writeUtf8). */
const SHORT = 32;

/**
 * Writes `s` as UTF-8 into `buffer` at `at`; returns the bytes written. A short ASCII string (ids, numbers, English
 * names: most of a table's strings) is copied a character at a time in JavaScript, which is twice as fast as
 * Buffer#write's call into C++ for such strings (57 → 30 ns a string); anything else goes to Buffer#write.
 */
export function writeUtf8(buffer: Buffer, s: string, at: number): number {
  const n = s.length;
  if (n <= SHORT) {
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
 * Utf8 data: each string encoded straight into one buffer sized for the worst case (3 bytes a UTF-16 unit), its
 * offset being where the write ended. Measured faster than counting bytes in JS and encoding a joined string, which
 * walked every string twice and built the joined copy. Only the written bytes are kept.
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
  return makeData({ type: new Utf8(), length: n, ...v, valueOffsets: offsets, data: new Uint8Array(buffer.buffer, buffer.byteOffset, at) });
}

/** Builds the data of one column for rows order[from..to). */
function columnData(c: ColumnDef, col: Column, order: Uint32Array, from: number, to: number, dictionary: ArrowDictionary | undefined): Data<DataType> {
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
  const m = new Map([['description', c.description], ['label_zh', c.labelZh]]);
  if (c.unit) m.set('unit', c.unit);
  return m;
}

/**
 * Hands each piece of the IPC stream to the file as the writer produces it, instead of queueing it; the pieces of
 * the current record batch are also kept, to make its IPC stream (ArrowFileSink.write).
 */
class FileQueue extends AsyncByteQueue {
  readonly pieces: Uint8Array[] = [];
  constructor(private readonly file: HashingFile) { super(); }
  override write(value: Uint8Array): void {
    if (value.byteLength === 0) return;
    this.file.write(value);
    this.pieces.push(value);
  }
}

/**
 * The IPC file format is the magic, then a whole IPC stream (Schema message first, dictionaries after it, EOS), then
 * the footer. apache-arrow's file writer leaves the Schema message out of the stream (its footer carries the schema),
 * so a stream reader such as arrow-rs refuses the embedded stream; this writer puts it back after the magic. It also
 * counts the bytes of the dictionary messages each record batch brings (the first batch brings them all).
 */
class IpcFileWriter extends RecordBatchFileWriter {
  dictionaryBytes = 0;
  protected override _writeSchema(schema: Schema): this {
    return super._writeSchema(schema)._writeMessage(Message.from(schema));
  }
  protected override _writeDictionaries(batch: RecordBatch): this {
    const before = this._position;
    super._writeDictionaries(batch);
    this.dictionaryBytes = this._position - before;
    return this;
  }
}

/** The end-of-stream marker of an IPC stream. */
const EOS = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

/** The magic and its padding at the start of an IPC file: the Schema message follows them. */
const MAGIC_BYTES = 8;

/** Bytes laid end to end in one buffer, kept and grown as needed, so that each batch's stream needs no new memory. */
class Scratch {
  private buffer = new Uint8Array(1 << 16);
  private length = 0;
  clear(): this {
    this.length = 0;
    return this;
  }
  add(parts: readonly Uint8Array[]): this {
    const more = parts.reduce((n, p) => n + p.byteLength, 0);
    if (this.length + more > this.buffer.byteLength) {
      const grown = new Uint8Array(Math.max(2 * this.buffer.byteLength, this.length + more));
      grown.set(this.bytes());
      this.buffer = grown;
    }
    for (const p of parts) {
      this.buffer.set(p, this.length);
      this.length += p.byteLength;
    }
    return this;
  }
  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}

/** Schema-level metadata of a table's Arrow file (and of the Arrow schema embedded in its Parquet file). */
export function arrowTableMetadata(def: TableDef, licence: string, attributions: readonly string[]): Map<string, string> {
  return new Map([['description', def.description], ['label_zh', def.labelZh], ['licence', licence], ['attribution', attributions.join('\n')]]);
}

interface ArrowLayout { schema: Schema; fields: Field[]; dictionaries: (ArrowDictionary | undefined)[] }

/** The Arrow schema of a table: one dictionary per closed set, non-null columns not nullable, field metadata. */
function arrowLayout(def: TableDef, tableMetadata: Map<string, string>): ArrowLayout {
  const cols = def.columns;
  let id = 0;
  const dictionaries = cols.map((c) => {
    if (!c.enumValues) return undefined;
    const type = new Dictionary(new Utf8(), new Int16(), id++, false);
    return { type, vector: makeVector(utf8(c.enumValues.length, (i) => c.enumValues![i]!, { nullCount: 0 })) };
  });
  const types: DataType[] = cols.map((c, i) => dictionaries[i]?.type ?? (c.base === 'string' ? new Utf8() : c.base === 'integer' ? new Int64() : c.base === 'number' ? new Float64() : new Bool()));
  const fields = cols.map((c, i) => new Field(c.name, types[i]!, c.nullable, fieldMetadata(c)));
  return { schema: new Schema(fields, tableMetadata), fields, dictionaries };
}

/** A closed set's Arrow dictionary: its type and its values. */
export type ArrowDictionary = { type: Dictionary; vector: Vector };

/** Makes a table's record batches, all of one schema, from rows of its columns. */
export interface BatchMaker {
  schema: Schema;
  /** Rows order[from..to) of `t` (a table of the same definition) as one record batch. */
  batch(t: TableData, order: Uint32Array, from: number, to: number): RecordBatch;
  /** A record batch of `length` rows, each column's data made by `column` (with the column's dictionary, if any). */
  fromColumns(length: number, column: (c: ColumnDef, i: number, dictionary: ArrowDictionary | undefined) => Data<DataType>): RecordBatch;
}

export function batchMaker(def: TableDef, tableMetadata: Map<string, string>): BatchMaker {
  const { schema, fields, dictionaries } = arrowLayout(def, tableMetadata);
  const fromColumns: BatchMaker['fromColumns'] = (length, column) => {
    const children = def.columns.map((c, i) => column(c, i, dictionaries[i]));
    return new RecordBatch(schema, makeData({ type: new Struct(fields), length, nullCount: 0, children }));
  };
  return {
    schema,
    fromColumns,
    batch: (t, order, from, to) => fromColumns(to - from, (c, i, dictionary) => columnData(c, t.columns[i]!, order, from, to, dictionary)),
  };
}

/** The table, in `order`, as Arrow record batches of BATCH_ROWS rows (at least one, empty for an empty table), made as they are read. */
export function tableBatches(t: TableData, order: Uint32Array, tableMetadata: Map<string, string>): { schema: Schema; batches: Iterable<RecordBatch> } {
  const maker = batchMaker(t.def, tableMetadata);
  function* batches(): Generator<RecordBatch> {
    const count = Math.max(1, Math.ceil(order.length / BATCH_ROWS));
    for (let b = 0; b < count; b++) yield maker.batch(t, order, b * BATCH_ROWS, Math.min(order.length, (b + 1) * BATCH_ROWS));
  }
  return { schema: maker.schema, batches: batches() };
}

/**
 * An Arrow IPC file written batch by batch, hashed as it is written. Each batch is serialised once: the same
 * bytes, with the Schema message and the dictionaries put before them, are the IPC stream of that batch alone,
 * which arrow-rs reads to write the Parquet file (before, a second serialisation cost ~1.8 s at 1,000,000 rows).
 */
export class ArrowFileSink {
  private readonly out: HashingFile;
  private readonly queue: FileQueue;
  private readonly writer = new IpcFileWriter();
  /** The Schema message, then (once the first batch is written) the dictionaries: the head of every batch's stream. */
  private readonly head = new Scratch();
  private headDone = false;
  private readonly stream = new Scratch();

  constructor(file: string, schema: Schema) {
    this.out = new HashingFile(file);
    this.queue = new FileQueue(this.out);
    try {
      this.writer.reset(this.queue, schema);
    } catch (e) {
      // The header is written at once: a full disk fails it here, before any caller could abandon the file.
      this.out.abandon();
      throw e;
    }
    this.head.add([concatenated(this.queue.pieces.splice(0)).subarray(MAGIC_BYTES)]);
  }

  /**
   * Writes the batch; returns its IPC stream (Schema message, dictionaries, the batch, EOS), valid until the next
   * write (one buffer, reused).
   */
  write(batch: RecordBatch): Uint8Array {
    this.writer.write(batch);
    const pieces = this.queue.pieces.splice(0);
    let own = pieces;
    if (!this.headDone) {
      // The first batch's pieces start with every dictionary message: they join the head of each stream.
      const all = concatenated(pieces);
      this.head.add([all.subarray(0, this.writer.dictionaryBytes)]);
      own = [all.subarray(this.writer.dictionaryBytes)];
      this.headDone = true;
    }
    return this.stream.clear().add([this.head.bytes(), ...own, EOS]).bytes();
  }

  close(): Written {
    this.writer.finish();
    return this.out.close();
  }

  abandon(): void {
    this.out.abandon();
  }
}

/** Pieces as one array (a copy unless there is one piece). */
function concatenated(pieces: readonly Uint8Array[]): Uint8Array {
  return pieces.length === 1 ? pieces[0]! : new Scratch().add(pieces).bytes();
}
