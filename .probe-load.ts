import { DuckDBInstance } from './pipelines/lib/duckdb-client.ts';
import { loadTableDefs } from './pipelines/lib/schemas.ts';
import { createEnums, createTable, addPrimaryKey, ident } from './pipelines/lib/emit/ddl.ts';
import { readParquetSql } from './pipelines/lib/emit/duckdb.ts';
import { rmSync } from 'node:fs';
const defs = loadTableDefs();
const pq = (n: string) => `/tmp/s1m/out/parquet/${n}.parquet`;
const variant = process.argv[2]!;
const f = '/tmp/probe.duckdb'; rmSync(f, { force: true }); rmSync(f + '.wal', { force: true });
const inst = await DuckDBInstance.create(f, { checkpoint_threshold: '1GB' });
const c = await inst.connect();
await c.run(["SET memory_limit='512MB';", 'SET threads=1;', ...createEnums(defs)].join('\n'));
const t = async (label: string, sql: string) => { const t0 = performance.now(); await c.run(sql); console.log(label, ((performance.now() - t0) / 1000).toFixed(2)); };
for (const n of ['sources', 'organisations', 'source_tables', 'epoch_ai_models']) { const d = defs.find((x) => x.name === n)!; await t(n, `${createTable(d, false)}\nINSERT INTO ${ident(n)} ${readParquetSql(d, pq(n))};\n${addPrimaryKey(d)}`); }
for (const n of ['models', 'cells']) {
  const d = defs.find((x) => x.name === n)!;
  let ddl = createTable(d, false);
  if (variant === 'nofk' || variant === 'none') ddl = ddl.split('\n').filter((l) => !l.startsWith('  FOREIGN KEY')).join('\n').replace(/,\n\);/, '\n);');
  await t(`${n} create+insert`, `BEGIN; ${ddl}\nINSERT INTO ${ident(n)} ${readParquetSql(d, pq(n))};`);
  if (variant !== 'nopk' && variant !== 'none') await t(`${n} pk`, addPrimaryKey(d));
  await t(`${n} commit`, 'COMMIT');
  await t(`${n} checkpoint`, 'CHECKPOINT');
}
