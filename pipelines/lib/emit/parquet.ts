// The Parquet files, written by arrow-rs (parquet-wasm) from the Arrow files' record batches, so that the Parquet
// schema says what the Arrow schema knows: a column that is not nullable is REQUIRED (DuckDB's COPY writes every
// column OPTIONAL), closed sets stay dictionaries, and the Arrow schema is embedded (`ARROW:schema`) beside the
// key-value metadata. A batch at a time goes in and bytes come out, so a table is never held whole.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { compileFunction } from 'node:vm';
import { RecordBatchStreamWriter, type RecordBatch } from 'apache-arrow';
import type * as ParquetWasm from 'parquet-wasm';
import type { TableDef } from '../schemas.ts';
import { HashingFile, type Written } from './file-sink.ts';
import { letSignalsIn } from '../interrupt.ts';

/** The writer named in every file: fixed, for the same bytes on a rebuild (parquet.test.ts checks the version). */
export const CREATED_BY = 'parquet-wasm 0.8.0 (arrow-rs), large-model-ecosystem';

/** Rows per row group: two Arrow batches; bounds the writer's memory (it holds a row group until it is complete). */
export const ROW_GROUP_ROWS = 1 << 17;

/** A compiled WebAssembly module (the project's TypeScript library, ES2023 without the DOM, does not declare it). */
type WasmModule = object;
type WasmApi = { compile: (bytes: Uint8Array) => Promise<WasmModule>; Instance: unknown };
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
type ArrowRs = typeof ParquetWasm;
const load = createRequire(import.meta.url);

/**
 * A new parquet-wasm instance, for one file. The key-value metadata go through Rust HashMaps, whose order comes from
 * a seed fixed in WebAssembly but counted up with every map the instance makes: in a shared instance, a file's bytes
 * would depend on what was written before it. Running the glue again makes a new instance, with its own memory and
 * seed, freed once the file is written. It costs a few milliseconds a file.
 */
async function freshArrowRs(): Promise<ArrowRs> {
  glue ??= compileGlue(await compileParquetWriter());
  return glue();
}

let compiling: Promise<WasmModule> | undefined;

/** Compiles parquet-wasm's 5 MB of WebAssembly on V8's threads: the build starts it before its first stage. */
export function compileParquetWriter(): Promise<WasmModule> {
  const wasm = path.join(path.dirname(load.resolve('parquet-wasm')), 'parquet_wasm_bg.wasm');
  compiling ??= wasmApi.compile(readFileSync(wasm));
  compiling.catch(() => {}); // the first Parquet file reports it
  return compiling;
}

/**
 * parquet-wasm's Node glue (a CommonJS module) and its WebAssembly module, each compiled once per process (V8 keeps
 * the optimised code of both), as a function that runs the glue, giving a new instance. The glue runs with a
 * WebAssembly of its own in scope, whose Module hands back the module compiled once, and a require whose fs gives it
 * no bytes to read (it would read the 5 MB file again for every Parquet file).
 */
let glue: (() => ArrowRs) | undefined;

function compileGlue(compiled: WasmModule): () => ArrowRs {
  const file = load.resolve('parquet-wasm');
  const webAssembly = {
    Module: function compiledOnce() {
      return compiled;
    },
    Instance: wasmApi.Instance,
  };
  const run = compileFunction(readFileSync(file, 'utf8'), ['exports', 'require', 'module', '__filename', '__dirname'], {
    filename: file,
    contextExtensions: [{ WebAssembly: webAssembly }],
  });
  const requireInGlue = createRequire(file); // anything else it requires comes from its own folder
  const noBytes = { readFileSync: () => new Uint8Array(0) };
  return () => {
    const module = { exports: {} };
    run(module.exports, (id: string) => (id === 'fs' ? noBytes : requireInGlue(id)), module, file, path.dirname(file));
    return module.exports as ArrowRs;
  };
}

/** The licence, and the attribution texts of all sources in source order. */
export type ParquetInfo = { licence: string; attributions: readonly string[] };

/**
 * Key-value metadata for readers that do not read the embedded Arrow schema: the licence and attribution, the
 * table's description and Chinese label, and each column's description, Chinese label, unit and nullability.
 */
export function parquetKeyValues(def: TableDef, info: ParquetInfo): Map<string, string> {
  const columns = def.columns.map((c) => ({
    name: c.name,
    description: c.description,
    label_zh: c.labelZh,
    ...(c.unit ? { unit: c.unit } : {}),
    nullable: c.nullable,
  }));
  return new Map([
    ['licence', info.licence],
    ['attribution', info.attributions.join('\n')],
    ['description', def.description],
    ['label_zh', def.labelZh],
    ['columns', JSON.stringify(columns)],
  ]);
}

/**
 * zstd, a fixed writer name, bounded row groups, and dictionary pages for the closed sets only: for the other columns
 * zstd alone gives files about as small, and a dictionary per column chunk took half the writer's time.
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

/** A record batch as an arrow-rs batch in wasm memory (through its IPC stream, copied there). */
function toWasm(arrowRs: ArrowRs, batch: RecordBatch): ParquetWasm.RecordBatch {
  const table = arrowRs.Table.fromIPCStream(RecordBatchStreamWriter.writeAll([batch]).toUint8Array(true));
  const inWasm = table.recordBatch(0)!;
  table.free(); // on a failure, the instance goes with all it holds
  return inWasm;
}

/**
 * Writes record batches (all of one schema, at least one) as the Parquet file `file`, hashing the bytes as they are
 * written. Each batch is made and read into arrow-rs when it asks for the next (which takes ownership and frees it).
 */
export async function writeParquet(
  file: string,
  def: TableDef,
  batches: Iterable<RecordBatch>,
  info: ParquetInfo,
): Promise<Written> {
  const arrowRs = await freshArrowRs();
  const it = batches[Symbol.iterator]();
  let count = 0;
  // parquet-wasm 0.8.0 ends its output as if complete when its input fails (and reports an input error as "Dyn
  // casting error"), so the failure is kept here and thrown once the output has ended.
  let failure: unknown;
  const input = new ReadableStream<ParquetWasm.RecordBatch>(
    {
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
    },
    { highWaterMark: 0 },
  );
  const out = new HashingFile(file);
  try {
    const bytes = await arrowRs.transformParquetStream(input, writerProperties(arrowRs, def, info));
    for await (const chunk of bytes as unknown as AsyncIterable<Uint8Array>) out.write(chunk);
    if (failure) throw failure;
    return out.close();
  } catch (e) {
    out.abandon();
    throw failure ?? e;
  }
}
