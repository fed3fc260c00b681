// Stage 6, emit, in a staging folder that is swapped into out/ only when everything is complete:
//   1. each table read from the sources, parents first: its Arrow record batches → the Arrow file and the Parquet
//      file, then CSV; beside them, on DuckDB's thread, the database (lib/emit/duckdb.ts): tables with their keys and
//      comments, and views, created at once, each table loaded from its Parquet file as soon as that is written;
//   2. the database finished: the derived tables computed from schemas/derived/*.sql, the commit;
//   3. each derived table, read back from the database, written as files like any other table;
//   4. datapackage.json and croissant.json, with the size and SHA-256 of every table's file, while DuckDB writes its
//      file (the checkpoint).

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { progress, plural } from '../lib/cli.ts';
import { Database } from '../lib/emit/duckdb.ts';
import { aboutFile } from '../lib/environment.ts';
import { writeTableFiles } from '../lib/emit/files.ts';
import { rowOrder } from '../lib/emit/order.ts';
import { failpoint, pausepoint } from '../lib/failpoint.ts';
import type { Written } from '../lib/hash.ts';
import { dataPackage, type FileStat, type PackageInfo } from '../lib/metadata/datapackage.ts';
import { croissantJson } from '../lib/metadata/croissant.ts';
import { DATABASE_FILE } from '../lib/paths.ts';
import { creationOrder, type TableDef } from '../lib/schemas.ts';
import type { Dataset } from '../lib/table-data.ts';

export interface EmitInfo {
  package: PackageInfo;
  licenceId: string;
  licenceUrl: string;
  attributions: string[];
}

export interface EmitOptions {
  /** Keep each table's rows in `dataset` (false: a table is deleted from it once its files are written). */
  keepRows: boolean;
}

export async function emit(
  dataset: Dataset,
  defs: readonly TableDef[],
  dir: string,
  info: EmitInfo,
  { keepRows }: EmitOptions = { keepRows: true },
): Promise<void> {
  for (const sub of ['csv', 'parquet', 'arrow']) mkdirSync(path.join(dir, sub), { recursive: true });
  const written = new Map<string, Written>();
  const fileInfo = { licence: info.licenceId, attributions: info.attributions };
  // Parents first: each table is loaded into the database as soon as its Parquet file is written (Database).
  const loaded = creationOrder(defs.filter((d) => !d.derivedFrom));
  const rows = new Map(loaded.map((d) => [d.name, dataset.get(d.name)!.rowCount]));
  const db = new Database(path.join(dir, DATABASE_FILE), defs, {
    name: info.package.name,
    version: info.package.version,
    licence: info.licenceId,
    licenceUrl: info.licenceUrl,
    attributions: info.attributions,
  });
  try {
    let t0 = performance.now();
    for (const d of loaded) {
      const t = dataset.get(d.name)!;
      for (const [f, w] of await writeTableFiles(dir, t, rowOrder(t), fileInfo)) written.set(f, w);
      db.load(d, path.join(dir, 'parquet', `${d.name}.parquet`));
      await pausepoint('after-table-files');
      // The database is loaded from the Parquet file: nothing needs the rows in JavaScript any more.
      if (!keepRows) dataset.delete(d.name);
    }
    progress('files', `${plural(loaded.length, 'table')} as Arrow IPC, Parquet (zstd) and CSV`, performance.now() - t0);

    t0 = performance.now();
    const done = await db.finish();
    for (const d of loaded) {
      if (done.rows.get(d.name) !== rows.get(d.name))
        throw new Error(`${d.name}: DuckDB holds ${done.rows.get(d.name)} rows of ${rows.get(d.name)}`);
    }
    failpoint('after-duckdb');
    progress(
      'duckdb',
      `${plural(defs.length, 'table')} with their keys and comments, ${plural(done.derived.length, 'derived table')} computed`,
      performance.now() - t0,
    );

    t0 = performance.now();
    // DuckDB writes its file while the derived tables' files and the metadata are written.
    const checkpoint = db.checkpoint();
    for (const t of done.derived) {
      // In the order DuckDB stores them, which is the table's (derivedTableSql).
      for (const [f, w] of await writeTableFiles(
        dir,
        t,
        Uint32Array.from({ length: t.rowCount }, (_, i) => i),
        fileInfo,
      ))
        written.set(f, w);
      rows.set(t.name, t.rowCount);
      if (keepRows) dataset.set(t.name, t);
    }
    failpoint('after-csv');
    const totalRows = [...rows.values()].reduce((n, r) => n + r, 0);
    progress(
      'derived',
      `${plural(done.derived.length, 'table')} read back as Arrow IPC, Parquet and CSV; ${plural(totalRows, 'row')} in all`,
      performance.now() - t0,
    );
    writeMetadata(dir, info, defs, written);
    await checkpoint;
  } finally {
    await db.close();
  }
}

/** datapackage.json and croissant.json, with the size and SHA-256 of every table's files (the database has neither). */
function writeMetadata(dir: string, info: EmitInfo, defs: readonly TableDef[], written: Map<string, Written>): void {
  const t0 = performance.now();
  const stat = (rel: string): FileStat => ({ path: rel, ...written.get(rel)! });
  const pkg = dataPackage(
    info.package,
    defs,
    (t) => ({
      csv: stat(`csv/${t}.csv`),
      parquet: stat(`parquet/${t}.parquet`),
      arrow: stat(`arrow/${t}.arrow`),
    }),
    DATABASE_FILE,
  );
  writeNamed(path.join(dir, 'datapackage.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  writeNamed(path.join(dir, 'croissant.json'), croissantJson(info.package, defs, written));
  progress('package', `datapackage.json with ${plural(defs.length * 3, 'file')} hashed`, performance.now() - t0);
}

/** writeFileSync, its error naming the file: Node names none when the write fails after the open, as on a full disk. */
function writeNamed(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (e) {
    throw aboutFile(e, file);
  }
}
