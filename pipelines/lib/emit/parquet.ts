// The Parquet files, written by arrow-rs (parquet-wasm) from the Arrow record batches of the Arrow files: the
// Parquet schema then says what the Arrow schema knows. A column that is not nullable is REQUIRED (DuckDB's COPY
// wrote every column OPTIONAL), closed sets stay dictionary-encoded strings, and arrow-rs embeds the Arrow schema
// (`ARROW:schema`: field metadata, dictionaries) beside the key-value metadata any Parquet reader can see.
// Batches go through one at a time (a stream of record batches in, a stream of bytes out), so a table is never
// held whole, as Parquet or as IPC.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { RecordBatch, Table, tableToIPC } from 'apache-arrow';
import type * as ParquetWasm from 'parquet-wasm';
import type { TableDef } from '../schemas.ts';
import { ArrowFileSink, tableBatches } from './arrow.ts';
import { HashingFile, type Written } from './file-sink.ts';
import { letSignalsIn } from '../interrupt.ts';
import type { TableData } from '../table-data.ts';

/**
 * The writer named in every file, fixed so that a rebuild gives the same bytes. It names the pinned parquet-wasm
 * (tests/emit/parquet.test.ts checks it against the installed one).
 */
export const CREATED_BY = 'parquet-wasm 0.8.0 (arrow-rs), large-model-ecosystem';

/** Rows per row group: two Arrow batches; bounds the writer's memory (it holds a row group until it is complete). */
export const ROW_GROUP_ROWS = 1 << 17;

/** A compiled WebAssembly module (the project's TypeScript library, ES2023 without the DOM, does not declare it). */
type WasmModule = object;
const { Module: WasmModule } = (globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => WasmModule } }).WebAssembly;
type ArrowRs = typeof ParquetWasm & { initSync(module: { module: WasmModule }): unknown };
const load = createRequire(import.meta.url);

/** parquet-wasm's code, compiled once per process (V8 compiles each function on its first call, for every instance). */
let compiled: WasmModule | undefined;
let instances = 0;

/**
 * A new parquet-wasm instance, for one file. parquet-wasm passes the key-value metadata through a Rust HashMap,
 * whose order of keys comes from a seed that is fixed in WebAssembly but counted up with every map the instance
 * makes: in a shared instance, a file's bytes would depend on what was written before it (e.g. a second build in
 * the same process). A new instance (its own memory, so its own seed) of the one compiled module makes them depend
 * on the file alone, for about 15 ms: the package's web glue, imported under a URL of its own (so its module state
 * is new too), is handed the compiled module. (Requiring the Node glue afresh read and compiled 5 MB each time,
 * about 60 ms a file.)
 */
async function freshArrowRs(): Promise<ArrowRs> {
  compiled ??= new WasmModule(readFileSync(load.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm')));
  const glue = `${pathToFileURL(load.resolve('parquet-wasm/esm/parquet_wasm.js')).href}?instance=${++instances}`;
  const arrowRs = await import(glue) as ArrowRs;
  arrowRs.initSync({ module: compiled });
  return arrowRs;
}

export interface ParquetInfo {
  licence: string;
  /** Attribution texts of all sources, in source order. */
  attributions: readonly string[];
}

/**
 * Key-value metadata for readers that do not read the embedded Arrow schema: the licence and attribution, the
 * table's description and Chinese label, and each column's description, Chinese label, unit and nullability.
 */
export function parquetKeyValues(def: TableDef, info: ParquetInfo): Map<string, string> {
  const columns = def.columns.map((c) => ({ name: c.name, description: c.description, label_zh: c.labelZh, ...(c.unit ? { unit: c.unit } : {}), nullable: c.nullable }));
  return new Map([
    ['licence', info.licence], ['attribution', info.attributions.join('\n')], ['description', def.description],
    ['label_zh', def.labelZh], ['columns', JSON.stringify(columns)],
  ]);
}

/**
 * zstd, a fixed writer name, bounded row groups, and dictionary pages for the closed sets only (ENUMs): for the
 * other columns zstd alone gives files about as small, and building a dictionary per column chunk took half the
 * writer's time.
 */
function writerProperties(arrowRs: ArrowRs, def: TableDef, info: ParquetInfo): ParquetWasm.WriterProperties {
  let b = new arrowRs.WriterPropertiesBuilder()
    .setCompression(arrowRs.Compression.ZSTD)
    .setCreatedBy(CREATED_BY)
    .setMaxRowGroupSize(ROW_GROUP_ROWS)
    .setKeyValueMetadata(parquetKeyValues(def, info))
    .setDictionaryEnabled(false);
  for (const c of def.columns) if (c.enumValues) b = b.setColumnDictionaryEnabled(c.name, true);
  return b.build();
}

/** One apache-arrow batch as an arrow-rs batch in wasm memory, through an IPC stream of that batch alone. */
function toWasm(arrowRs: ArrowRs, batch: RecordBatch): ParquetWasm.RecordBatch {
  const table = arrowRs.Table.fromIPCStream(tableToIPC(new Table([batch]), 'stream'));
  try {
    return table.recordBatch(0)!;
  } finally {
    table.free();
  }
}

/**
 * Writes `batches` (all of one schema, at least one) as the Parquet file `file`, hashing the bytes as they are
 * written. Each batch is handed to arrow-rs when it asks for the next (which takes ownership and frees it).
 */
export async function writeParquet(file: string, def: TableDef, batches: Iterable<RecordBatch>, info: ParquetInfo): Promise<Written> {
  const arrowRs = await freshArrowRs();
  const it = batches[Symbol.iterator]();
  let count = 0;
  // parquet-wasm 0.8.0 ends its output as if complete when its input fails (and reports an input error as "Dyn
  // casting error"), so the failure is kept here and thrown once the output has ended.
  let failure: unknown;
  const input = new ReadableStream<ParquetWasm.RecordBatch>({
    async pull(controller) {
      await letSignalsIn();
      try {
        const next = it.next();
        if (next.done && count === 0) throw new Error(`${def.name}: no record batch to write as Parquet`);
        if (next.done) controller.close();
        else {
          count++;
          controller.enqueue(toWasm(arrowRs, next.value));
        }
      } catch (e) {
        failure ??= e;
        controller.error(e);
      }
    },
  }, { highWaterMark: 0 });
  const out = new HashingFile(file);
  try {
    try {
      const bytes = await arrowRs.transformParquetStream(input, writerProperties(arrowRs, def, info)) as ReadableStream<Uint8Array>;
      for await (const chunk of bytes as unknown as AsyncIterable<Uint8Array>) out.write(chunk);
    } catch (e) {
      throw failure ?? e;
    }
    if (failure) throw failure;
    return out.close();
  } catch (e) {
    out.abandon();
    throw e;
  }
}

/** Writes the table, in `order`, as its Arrow IPC file and its Parquet file from the same record batches, made once. */
export async function writeArrowAndParquet(arrowFile: string, parquetFile: string, t: TableData, order: Uint32Array,
  tableMetadata: Map<string, string>, info: ParquetInfo): Promise<{ arrow: Written; parquet: Written }> {
  const { schema, batches } = tableBatches(t, order, tableMetadata);
  const arrow = new ArrowFileSink(arrowFile, schema);
  function* alsoToArrow(): Generator<RecordBatch> {
    for (const b of batches) {
      arrow.write(b);
      yield b;
    }
  }
  try {
    const parquet = await writeParquet(parquetFile, t.def, alsoToArrow(), info);
    return { arrow: arrow.close(), parquet };
  } catch (e) {
    arrow.abandon();
    throw e;
  }
}
