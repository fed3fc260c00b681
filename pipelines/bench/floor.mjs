// The floor of this stack: a Node process that opens DuckDB and writes one Parquet file. `make all` from clean is
// measured against it (pipelines/bench/run.ts).
import { DuckDBInstance } from '@duckdb/node-api';

const out = process.argv[2] ?? 'floor.parquet';
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run(`COPY (SELECT 1 AS x) TO '${out.replace(/'/g, "''")}' (FORMAT parquet)`);
connection.closeSync();
instance.closeSync();
