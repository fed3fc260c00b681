import { DuckDBInstance } from '@duckdb/node-api';
import { loadTableDefs, creationOrder } from '/work/main/pipelines/lib/schemas.ts';
import { createEnums, createTable, addPrimaryKey, ident } from '/work/main/pipelines/lib/emit/ddl.ts';
import { readCsvSql } from '/work/main/pipelines/lib/emit/duckdb.ts';
const defs = loadTableDefs();
const db = await DuckDBInstance.create('/tmp/fl/prof.duckdb');
const c = await db.connect();
const t = async (label: string, sql: string) => { const t0 = performance.now(); await c.run(sql); const ms = performance.now() - t0; if (ms > 20) console.log(label.padEnd(40), ms.toFixed(0), 'ms'); };
await t('memory', "SET memory_limit = '512MB'");
for (const s of createEnums(defs)) await t('enum', s);
for (const d of creationOrder(defs)) {
  await t('create ' + d.name, createTable(d, false));
  await t('insert ' + d.name, 'INSERT INTO ' + ident(d.name) + ' ' + readCsvSql(d, '/tmp/lme-bench-MRcd1Q/out/csv/' + d.name + '.csv'));
  await t('pk ' + d.name, addPrimaryKey(d));
}
for (const d of defs) await t('parquet ' + d.name, "COPY " + ident(d.name) + " TO '/tmp/fl/p_" + d.name + ".parquet' (FORMAT parquet, COMPRESSION zstd)");
await t('checkpoint', 'CHECKPOINT');
