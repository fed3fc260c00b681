// The write-path anchor of the scale benchmark: DuckDB's own COPY … TO parquet of the same rows, from the
// database the pipeline built. Prints the milliseconds as JSON.
//
//   node --import tsx pipelines/bench/anchor.ts <out dir>

import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DATABASE_FILE } from '../lib/paths.ts';

const out = process.argv[2]!;
const instance = await DuckDBInstance.create(path.join(out, DATABASE_FILE), { access_mode: 'READ_ONLY' });
const c = await instance.connect();
const t0 = performance.now();
for (const table of ['models', 'cells']) {
  await c.run(`COPY ${table} TO '${path.join(out, `anchor-${table}.parquet`)}' (FORMAT parquet, COMPRESSION zstd)`);
}
process.stdout.write(`${JSON.stringify({ copyParquetMs: performance.now() - t0 })}\n`);
c.closeSync();
instance.closeSync();
