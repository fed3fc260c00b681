// The DuckDB database: the ENUM types, every table read from the sources created with its keys and loaded from its
// Parquet file, each derived table computed from its SQL file (its keys checked) and stored, comments and views; the
// derived tables then read back as plain values, to be written as files like any other.

import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDBInstance } from '../duckdb-client.ts';
import { aboutFile } from '../environment.ts';
import { onInterrupt } from '../interrupt.ts';
import { DataError, problem } from '../problems.ts';
import { creationOrder, type TableDef } from '../schemas.ts';
import type { TableData } from '../table-data.ts';
import { commentStatements, createEnums, createTable, ident, literal, loadViews, type ViewSql } from './ddl.ts';
import { derivedTableSql, readTable } from './derived.ts';
import type { ParquetInfo } from './parquet.ts';

/**
 * DuckDB's settings while building. memory_limit: it spills to a folder beside the file rather than grow past it.
 * threads: one, so that it compresses each table's row groups as it inserts them; with two, its ordered insert left
 * that to the commit, and the keys' indexes cost more (100,000 rows: 4.7 s of CPU with one thread, 7.2 s with two).
 * disabled_compression_methods: analysing each column for FSST and ALP took 45 of the checkpoint's 80 ms of CPU on
 * the paper, whose file they leave the same size (9.2 MB); at 300,000 rows the file is 16 % larger without them.
 */
const SETTINGS = { memory_limit: '1GB', threads: '1', disabled_compression_methods: 'fsst,alp,alprd' };

/** What the about view and the comments say of the dataset. */
export type DatabaseInfo = ParquetInfo & { name: string; version: string; licenceUrl: string };

/** The rows of a table's Parquet file, columns in the schema's order. */
export function readParquetSql(def: TableDef, parquetFile: string): string {
  return `SELECT ${def.columns.map((c) => ident(c.name)).join(', ')} FROM read_parquet(${literal(parquetFile)})`;
}

function aboutView(info: DatabaseInfo): ViewSql {
  const attribution = info.attributions.join('\n');
  return {
    name: 'about',
    comment: `The dataset: name, version, licence and the attribution every use must carry. ${attribution}`,
    sql:
      `CREATE VIEW about AS SELECT ${literal(info.name)} AS dataset, ${literal(info.version)} AS version, ` +
      `${literal(info.licence)} AS licence, ${literal(info.licenceUrl)} AS licence_url, ${literal(attribution)} AS attribution;`,
  };
}

/**
 * The database, built while the files are written, DuckDB working on its own thread beside JavaScript: at once, in
 * one transaction, every table with its keys and comments (cheaper on empty tables), in creationOrder, a foreign
 * key's table first, and the views; `load`, called in that order, loads one from its Parquet file; `finish` computes
 * the derived tables and reads them back. A load commits on its own, while the files are written, not all at the end.
 * Statements run one at a time, a failure reported by the next awaited; Ctrl-C or SIGTERM interrupts the running one
 * (a load of seconds at scale). A failed build's database is discarded with its staging folder.
 */
export class Database {
  private readonly opening: Promise<DuckDBInstance>;
  private connection?: DuckDBConnection;
  private queue: Promise<unknown>;
  private noMoreInterrupt = () => {};
  private readonly comments: (d: TableDef) => string[];

  constructor(
    private readonly dbFile: string,
    private readonly defs: readonly TableDef[],
    info: DatabaseInfo,
    views: readonly ViewSql[] = loadViews(),
  ) {
    const licenceNote = `Licence: ${info.licence} (${info.licenceUrl}); attribution in the about view and the sources table.`;
    this.comments = (d) => commentStatements(d, licenceNote, { enforced: true });
    this.opening = DuckDBInstance.create(dbFile);
    this.queue = this.opening.then(async (instance) => {
      this.connection = await instance.connect();
      this.noMoreInterrupt = onInterrupt(() => this.connection?.interrupt());
    });
    this.run([
      ...Object.entries(SETTINGS).map(([k, v]) => `SET ${k} = ${literal(v)};`),
      'BEGIN TRANSACTION;',
      ...createEnums(defs),
      ...creationOrder(defs).flatMap((d) => [createTable(d, { keys: true }), ...this.comments(d)]),
      ...[...views, aboutView(info)].map((v) => `${v.sql}\nCOMMENT ON VIEW ${ident(v.name)} IS ${literal(v.comment)};`),
      'COMMIT;',
    ]);
  }

  private run(statements: string[]): Promise<unknown> {
    this.queue = this.queue
      .then(() => this.connection!.run(statements.join('\n')))
      .catch((e: unknown) => Promise.reject(aboutFile(e, this.dbFile)));
    this.queue.catch(() => {}); // reported by the next statement awaited
    return this.queue;
  }

  /** DuckDB's bulk reader, not row-by-row inserts. */
  load(def: TableDef, parquetFile: string): void {
    this.run([`INSERT INTO ${ident(def.name)} ${readParquetSql(def, parquetFile)};`]);
  }

  /** The rows of each table and the derived tables read back. */
  async finish(): Promise<{ rows: Map<string, number>; derived: TableData[] }> {
    await this.run(this.defs.filter((d) => d.derivedFrom).flatMap((d) => derivedTableSql(d))).catch((e: unknown) => {
      throw keyCheckProblem(e) ?? e;
    });
    const c = this.connection!;
    const counted = await c.runAndReadAll(
      this.defs.map((d) => `SELECT ${literal(d.name)}, count(*)::BIGINT FROM ${ident(d.name)}`).join(' UNION ALL '),
    );
    const rows = new Map(counted.getRows().map(([name, n]) => [name as string, Number(n)]));
    const derived: TableData[] = [];
    for (const d of this.defs.filter((x) => x.derivedFrom)) derived.push(await readTable(c, d));
    return { rows, derived };
  }

  /**
   * Writes the file now, interruptible, not at the (synchronous) close. The queue's own promise, handled: a derived
   * file that fails leaves it unawaited while close() interrupts it (tests/emit/unawaited-checkpoint.test.ts).
   */
  checkpoint(): Promise<unknown> {
    return this.run(['CHECKPOINT']);
  }

  /** Whatever happened: a statement still running is interrupted first. */
  async close(): Promise<void> {
    this.connection?.interrupt();
    await this.queue.catch(() => {});
    this.noMoreInterrupt();
    this.connection?.closeSync();
    (await this.opening.catch(() => undefined))?.closeSync();
  }
}

/**
 * A derived table's failed key check (keyChecksSql) as a problem located in its SQL file: a source added or a curated
 * entry given twice can break a key, which is bad input (one message, exit 1), not a bug. Otherwise undefined.
 */
export function keyCheckProblem(e: unknown): DataError | undefined {
  const m = /^Invalid Input Error: (\S+ \(computed by (\S+)\): the (?:primary|foreign) key .*)$/s.exec(
    e instanceof Error ? e.message : '',
  );
  if (!m) return undefined;
  return new DataError([
    problem(
      { file: m[2]! },
      m[1]!,
      'The table is computed from the other tables by this SQL file: check the rows it joins (a source or a curated entry given twice?) and its join conditions.',
    ),
  ]);
}
