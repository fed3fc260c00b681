// Stage 6, emit: Arrow, Parquet, the DuckDB database, CSV and datapackage.json, written into a staging folder
// and swapped into out/ only when all of them are complete. Arrow and Parquet are written from the same record
// batches, and a small table's CSV file from the same rows; the database is loaded from the Parquet files, computes
// the derived tables (checking their keys) and writes the CSV files of the derived and the large tables.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { progress, plural } from '../lib/cli.ts';
import { arrowTableMetadata } from '../lib/emit/arrow.ts';
import { hashFile, type Written } from '../lib/hash.ts';
import { writeArrowAndParquet } from '../lib/emit/parquet.ts';
import { DatabaseBuilder, emitOrder } from '../lib/emit/duckdb.ts';
import { dataPackage, type FileStat, type PackageInfo } from '../lib/metadata/datapackage.ts';
import { croissantJson } from '../lib/metadata/croissant.ts';
import { rowOrder } from '../lib/emit/order.ts';
import { DATABASE_FILE } from '../lib/paths.ts';
import type { TableDef } from '../lib/schemas.ts';
import type { Dataset } from '../lib/table-data.ts';
import { failpoint, pausepoint } from '../lib/failpoint.ts';
import { writeDerivedFiles } from '../lib/emit/derived.ts';
import { writeCsv } from '../lib/emit/csv.ts';

/**
 * A loaded table of at least this many rows has its CSV file written by DuckDB (copyCsv, the same bytes as csv.ts)
 * right after its load; a smaller one's by JavaScript, right after its Arrow and Parquet files. At scale JavaScript's
 * thread is the longer one, and DuckDB writes CSV about four times faster (the cells of a 1,000,000-row paper, 6 M
 * rows: 2.4 s, against 8.9 s in JavaScript); for a small table a COPY is a round trip that costs more than the writing.
 */
export const COPY_CSV_ROWS = 100_000;

export interface EmitInfo {
  package: PackageInfo;
  licenceId: string;
  licenceUrl: string;
  attributions: string[];
}

export interface EmitOptions {
  /** Keep each table's rows in `dataset` (false: a table is deleted from it once its files are written). */
  keepRows: boolean;
  /** A loaded table of at least this many rows has its CSV file written by DuckDB (default COPY_CSV_ROWS). */
  copyCsvRows?: number;
}

export async function emit(dataset: Dataset, defs: readonly TableDef[], dir: string, info: EmitInfo, { keepRows, copyCsvRows = COPY_CSV_ROWS }: EmitOptions = { keepRows: true }): Promise<void> {
  for (const sub of ['csv', 'parquet', 'arrow']) mkdirSync(path.join(dir, sub), { recursive: true });
  const written = new Map<string, Written>();
  const file = (format: string, d: TableDef) => path.join(dir, format, `${d.name}.${format}`);
  const parquetInfo = { licence: info.licenceId, attributions: info.attributions };
  const arrowMeta = (d: TableDef) => arrowTableMetadata(d, info.licenceId, info.attributions);
  // DuckDB creates the database while JavaScript writes the first table's files.
  const db = DatabaseBuilder.open(path.join(dir, DATABASE_FILE), defs, {
    name: info.package.name, version: info.package.version, licence: info.licenceId, licenceUrl: info.licenceUrl, attributions: info.attributions,
  });
  try {
    // Threads at work side by side: JavaScript writes each table's Arrow and Parquet files while DuckDB loads the
    // table written before it (from its Parquet file), parents first; derived tables are computed as soon as what
    // they read is loaded, so that JavaScript reads them back while DuckDB loads the rest (emitOrder). Each CSV file
    // is written by the thread with time for it (the same bytes either way, copyCsvSql): a small table's by
    // JavaScript, right after its other files; a large table's (COPY_CSV_ROWS) and a derived table's by DuckDB, on a
    // connection of its own beside the loads.
    let t0 = performance.now();
    const rowCount = new Map(defs.filter((d) => !d.derivedFrom).map((d) => [d.name, dataset.get(d.name)!.rowCount]));
    const order = emitOrder(defs, (name) => rowCount.get(name) ?? 0);
    const loaded = order.filter((d) => !d.derivedFrom);
    const computed = new Map<TableDef, Promise<void>>();
    // The CSV files DuckDB writes (copyCsv), each hashed once written: a large table's, queued right after its load;
    // a derived table's, right after it is computed (DuckDB copies it while JavaScript reads it back).
    const copied: Promise<void>[] = [];
    const copy = (d: TableDef) => {
      const done = db.copyCsv(d, file('csv', d)).then(async (ok) => {
        if (ok) written.set(`csv/${d.name}.csv`, await hashFile(file('csv', d)));
      });
      done.catch(() => {}); // awaited below, after DuckDB's own failures
      copied.push(done);
    };
    for (const d of order) {
      if (d.derivedFrom) {
        computed.set(d, db.load(d));
        copy(d);
        continue;
      }
      const t = dataset.get(d.name)!;
      const sorted = rowOrder(t);
      const w = await writeArrowAndParquet(file('arrow', d), file('parquet', d), t, sorted, arrowMeta(d), parquetInfo);
      written.set(`arrow/${d.name}.arrow`, w.arrow);
      written.set(`parquet/${d.name}.parquet`, w.parquet);
      db.throwIfFailed();
      db.load(d, file('parquet', d), rowCount.get(d.name));
      if (rowCount.get(d.name)! >= copyCsvRows) copy(d);
      else written.set(`csv/${d.name}.csv`, await writeCsv(file('csv', d), t, sorted));
      await pausepoint('after-table-files'); // the first table's files written, its load under way
      // DuckDB loads the table from its Parquet file: nothing needs its rows in JavaScript any more.
      if (!keepRows) dataset.delete(d.name);
    }
    const byDuckDb = loaded.filter((d) => rowCount.get(d.name)! >= copyCsvRows).length;
    progress('files', `${plural(loaded.length, 'table')} as Arrow IPC and Parquet (zstd), ${plural(loaded.length - byDuckDb, 'table')} as CSV` +
      (byDuckDb > 0 ? ` (${byDuckDb} more by DuckDB, queued)` : ''), performance.now() - t0);

    t0 = performance.now();
    const derivedRows = new Map<string, number>();
    for (const [d, done] of computed) {
      await done;
      db.throwIfFailed();
      const read = await db.read((c) => writeDerivedFiles([d], dir, c, arrowMeta, parquetInfo));
      for (const [f, w] of read.written) written.set(f, w);
      derivedRows.set(d.name, read.rows.get(d.name)!);
    }
    progress('derived', `${plural(computed.size, 'table')} computed by DuckDB, read back as Arrow and Parquet`, performance.now() - t0);

    t0 = performance.now();
    await db.settle();
    // Every row in the database: a loaded table's as many as the build made, a derived table's as many as were read.
    const rows = (d: TableDef) => (d.derivedFrom ? derivedRows.get(d.name)! : rowCount.get(d.name)!);
    for (const d of defs) {
      if (db.counts.get(d.name) !== rows(d)) throw new Error(`${d.name}: DuckDB holds ${db.counts.get(d.name)} rows of ${rows(d)}`);
    }
    failpoint('after-duckdb');
    progress('duckdb', `${plural(defs.length, 'table')} with comments (keys stated, checked by validate)`, performance.now() - t0);

    // The views and the final checkpoint (DuckDB's CSV files are written by now), while the last of them are hashed.
    t0 = performance.now();
    db.finish();
    await db.settle();
    await Promise.all(copied);
    const totalRows = defs.reduce((n, d) => n + rows(d), 0);
    const bytes = defs.reduce((n, d) => n + written.get(`csv/${d.name}.csv`)!.bytes, 0);
    failpoint('after-csv');
    progress('csv', `${plural(defs.length, 'table')}, ${plural(totalRows, 'row')}, ${(bytes / 1e6).toFixed(1)} MB of CSV (${copied.length} written by DuckDB)`, performance.now() - t0);
  } catch (e) {
    db.interrupt(); // nothing DuckDB is doing is wanted any more: no waiting for it before the failure is reported
    throw e;
  } finally {
    await db.close();
  }

  const t0 = performance.now();
  const stat = (rel: string): FileStat => ({ path: rel, ...written.get(rel)! });
  const pkg = dataPackage(info.package, defs, (t) => ({
    csv: stat(`csv/${t}.csv`),
    parquet: stat(`parquet/${t}.parquet`),
    arrow: stat(`arrow/${t}.arrow`),
  }), DATABASE_FILE);
  writeFileSync(path.join(dir, 'datapackage.json'), JSON.stringify(pkg, null, 2) + '\n');
  writeFileSync(path.join(dir, 'croissant.json'), croissantJson(info.package, defs, written));
  progress('package', `datapackage.json with ${plural(defs.length * 3, 'file')} hashed`, performance.now() - t0);
}
