// Independent readers of the published files, each brought to the shape of shape.ts: hyparquet and parquet-wasm
// (arrow-rs) for Parquet, apache-arrow and arrow-rs for the Arrow files, nodejs-polars for CSV, Parquet and IPC,
// Frictionless JS for the data package. One shares code with a writer: parquet-wasm also writes the Parquet files
// (pipelines/lib/emit/parquet.ts), so for Parquet the readers that share none are hyparquet, polars and DuckDB.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { tableFromIPC, type Field } from 'apache-arrow';
import { parquetMetadata, parquetReadObjects, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import * as arrowRs from 'parquet-wasm';
import pl from 'nodejs-polars';
import datapackage from 'datapackage';
import { canon, fromArrowTable, type Kind, type Read } from './shape.ts';

const file = (out: string, format: 'csv' | 'parquet' | 'arrow', table: string) =>
  path.join(out, format, `${table}.${format}`);

function arrayBuffer(f: string): ArrayBuffer {
  const b = readFileSync(f);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

// --- Parquet ------------------------------------------------------------------------------------------------

export interface HyparquetRead extends Read {
  metadata: FileMetaData;
  /** Key-value metadata of the file. */
  kv: Map<string, string>;
}

function parquetKind(e: FileMetaData['schema'][number]): Kind | string {
  if (e.type === 'BYTE_ARRAY' && e.converted_type === 'UTF8') return 'string';
  if (e.type === 'INT64') return 'integer';
  if (e.type === 'DOUBLE') return 'number';
  if (e.type === 'BOOLEAN') return 'boolean';
  return `parquet ${e.type} ${e.converted_type ?? ''}`;
}

/** hyparquet: the values, the Parquet schema as written (types, repetition) and the key-value metadata. */
export async function hyparquet(out: string, table: string): Promise<HyparquetRead> {
  const buffer = arrayBuffer(file(out, 'parquet', table));
  const metadata = parquetMetadata(buffer);
  const leaves = metadata.schema.slice(1);
  const objects = await parquetReadObjects({ file: buffer, compressors });
  return {
    metadata,
    kv: new Map((metadata.key_value_metadata ?? []).map((k) => [k.key, k.value ?? ''])),
    columns: leaves.map((e) => ({ name: e.name, kind: parquetKind(e) as Kind })),
    rows: objects.map((o) => leaves.map((e) => canon(o[e.name]))),
  };
}

/** parquet-wasm (arrow-rs): the Parquet file as an Arrow table, with what the embedded Arrow schema restores. */
export function parquetWasm(out: string, table: string): Read & { fields: Field[] } {
  const t = tableFromIPC(arrowRs.readParquet(readFileSync(file(out, 'parquet', table))).intoIPCStream());
  return { ...fromArrowTable(t), fields: t.schema.fields };
}

// --- Arrow --------------------------------------------------------------------------------------------------

/** apache-arrow: the IPC file through its footer. */
export function arrowFile(out: string, table: string): Read & { fields: Field[]; metadata: Map<string, string> } {
  const t = tableFromIPC(readFileSync(file(out, 'arrow', table)));
  return { ...fromArrowTable(t), fields: t.schema.fields, metadata: t.schema.metadata };
}

/** The IPC file's parts: leading magic (8 bytes with padding), the stream, the footer, its length, the magic. */
export function ipcFileParts(bytes: Uint8Array): { head: string; stream: Uint8Array; tail: string } {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const footerLength = b.readInt32LE(b.length - 10);
  return {
    head: b.subarray(0, 8).toString('latin1'),
    stream: b.subarray(8, b.length - 10 - footerLength),
    tail: b.subarray(b.length - 6).toString('latin1'),
  };
}

/** arrow-rs (parquet-wasm's IPC stream reader): the stream embedded in the IPC file, read without the footer. */
export function arrowEmbeddedStream(out: string, table: string): Read & { fields: Field[] } {
  const { stream } = ipcFileParts(readFileSync(file(out, 'arrow', table)));
  const t = tableFromIPC(arrowRs.Table.fromIPCStream(stream).intoIPCStream());
  return { ...fromArrowTable(t), fields: t.schema.fields };
}

// --- polars -------------------------------------------------------------------------------------------------

function polarsKind(variant: string): Kind | string {
  return (
    (
      {
        String: 'string',
        Utf8: 'string',
        Int64: 'integer',
        Float64: 'number',
        Bool: 'boolean',
        Categorical: 'enum',
        Enum: 'enum',
      } as Record<string, Kind>
    )[variant] ?? `polars ${variant}`
  );
}

export function fromPolars(df: pl.DataFrame): Read {
  const names = df.columns;
  const values = names.map((n) => df.getColumn(n).toArray());
  return {
    columns: names.map((n) => ({ name: n, kind: polarsKind(df.getColumn(n).dtype.variant) as Kind })),
    rows: Array.from({ length: df.height }, (_, r) => values.map((v) => canon(v[r]))),
  };
}

/**
 * nodejs-polars on each format, from a buffer. CSV types are inferred from every line (nodejs-polars 0.24 reads
 * `inferSchemaLength: null` as 0, every column a string, so the count of lines is given).
 */
export function polars(out: string, table: string, format: 'csv' | 'parquet' | 'arrow'): Read {
  const bytes = readFileSync(file(out, format, table));
  if (format === 'csv')
    return fromPolars(pl.readCSV(bytes, { inferSchemaLength: bytes.toString('utf8').split('\n').length }));
  return fromPolars(format === 'parquet' ? pl.readParquet(bytes) : pl.readIPC(bytes));
}

// --- Frictionless -------------------------------------------------------------------------------------------

const FRICTIONLESS_KINDS: Record<string, Kind> = {
  string: 'string',
  integer: 'integer',
  number: 'number',
  boolean: 'boolean',
};

/** Frictionless JS: whether the package is valid, and each resource read and cast by its table schema. */
export async function frictionless(
  out: string,
): Promise<{ valid: boolean; errors: string[]; tables: Map<string, Read> }> {
  const pkg = await datapackage.Package.load(path.join(out, 'datapackage.json'));
  const tables = new Map<string, Read>();
  for (const r of pkg.resources) {
    const rows = (await r.read({ cast: true })) as unknown[][];
    tables.set(r.name, {
      columns: r.schema.fields.map((f: { name: string; type: string }) => ({
        name: f.name,
        kind: FRICTIONLESS_KINDS[f.type] ?? (`frictionless ${f.type}` as Kind),
      })),
      rows: rows.map((row) => row.map(canon)),
    });
  }
  return { valid: pkg.valid, errors: pkg.errors.map(String), tables };
}
