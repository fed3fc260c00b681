// Stage 6, emit: CSV, Arrow, Parquet, the DuckDB database and datapackage.json, written into a staging folder
// and swapped into out/ only when all of them are complete. Arrow and Parquet are written from the same record
// batches; the database is loaded from the Parquet files.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { progress, plural } from '../lib/cli.ts';
import { writeCsv } from '../lib/emit/csv.ts';
import { arrowTableMetadata } from '../lib/emit/arrow.ts';
import type { Written } from '../lib/emit/file-sink.ts';
import { writeArrowAndParquet } from '../lib/emit/parquet.ts';
import { writeDatabase } from '../lib/emit/duckdb.ts';
import { dataPackage, type FileStat, type PackageInfo } from '../lib/emit/datapackage.ts';
import { rowOrder } from '../lib/emit/order.ts';
import type { TableDef } from '../lib/schemas.ts';
import type { Dataset } from './normalise.ts';
import { failpoint } from '../lib/failpoint.ts';
import { writeDerivedFiles } from '../lib/emit/derived.ts';

export const DATABASE_FILE = 'large_model_ecosystem.duckdb';

export interface EmitInfo {
  package: PackageInfo;
  licenceId: string;
  licenceUrl: string;
  attributions: string[];
}

export async function emit(dataset: Dataset, defs: readonly TableDef[], dir: string, info: EmitInfo): Promise<void> {
  for (const sub of ['csv', 'parquet', 'arrow']) mkdirSync(path.join(dir, sub), { recursive: true });
  const orders = new Map(defs.map((d) => [d.name, rowOrder(dataset.get(d.name)!)]));
  const totalRows = defs.reduce((n, d) => n + dataset.get(d.name)!.rowCount, 0);
  const written = new Map<string, Written>();

  let t0 = performance.now();
  let bytes = 0;
  // Derived tables are computed in DuckDB; their CSV and Arrow files are written after it (writeDerivedFiles).
  const loaded = defs.filter((d) => !d.derivedFrom);
  for (const d of loaded) {
    const w = await writeCsv(path.join(dir, 'csv', `${d.name}.csv`), dataset.get(d.name)!, orders.get(d.name)!);
    written.set(`csv/${d.name}.csv`, w);
    bytes += w.bytes;
  }
  progress('csv', `${plural(defs.length, 'table')}, ${plural(totalRows, 'row')}, ${(bytes / 1e6).toFixed(1)} MB`, performance.now() - t0);
  failpoint('after-csv');

  t0 = performance.now();
  const parquetInfo = { licence: info.licenceId, attributions: info.attributions };
  for (const d of loaded) {
    const meta = arrowTableMetadata(d, info.licenceId, info.attributions);
    const w = await writeArrowAndParquet(path.join(dir, 'arrow', `${d.name}.arrow`), path.join(dir, 'parquet', `${d.name}.parquet`),
      dataset.get(d.name)!, orders.get(d.name)!, meta, parquetInfo);
    written.set(`arrow/${d.name}.arrow`, w.arrow);
    written.set(`parquet/${d.name}.parquet`, w.parquet);
  }
  progress('arrow+parquet', `${plural(loaded.length, 'table')}, Arrow IPC and Parquet (zstd) files from the same record batches`, performance.now() - t0);

  t0 = performance.now();
  const counts = await writeDatabase(path.join(dir, DATABASE_FILE), defs, path.join(dir, 'parquet'), {
    name: info.package.name, version: info.package.version, licence: info.licenceId, licenceUrl: info.licenceUrl, attributions: info.attributions,
  });
  const derived = await writeDerivedFiles(dataset, defs, dir, path.join(dir, DATABASE_FILE), (d) => arrowTableMetadata(d, info.licenceId, info.attributions), parquetInfo);
  for (const [f, w] of derived) written.set(f, w);
  for (const d of defs) {
    if (counts.get(d.name) !== dataset.get(d.name)!.rowCount) {
      throw new Error(`${d.name}: DuckDB loaded ${counts.get(d.name)} rows of ${dataset.get(d.name)!.rowCount}`);
    }
  }
  failpoint('after-duckdb');
  progress('duckdb', `${plural(defs.length, 'table')} with keys and comments; derived tables' CSV, Arrow and Parquet`, performance.now() - t0);

  t0 = performance.now();
  const stat = (rel: string): FileStat => ({ path: rel, ...written.get(rel)! });
  const pkg = dataPackage(info.package, defs, (t) => ({
    csv: stat(`csv/${t}.csv`),
    parquet: stat(`parquet/${t}.parquet`),
    arrow: stat(`arrow/${t}.arrow`),
  }), DATABASE_FILE);
  writeFileSync(path.join(dir, 'datapackage.json'), JSON.stringify(pkg, null, 2) + '\n');
  progress('package', `datapackage.json with ${plural(defs.length * 3, 'file')} hashed`, performance.now() - t0);
}
