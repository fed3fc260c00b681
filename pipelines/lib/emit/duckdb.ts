// The DuckDB database, created from the generated DDL and loaded from the Parquet files just written (DuckDB's
// bulk reader, not row-by-row inserts). The Parquet files are not DuckDB's (parquet.ts): its COPY writes every
// column OPTIONAL, NOT NULL or not.

import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDBInstance } from '../duckdb-client.ts';
import { DataError, problem } from '../problems.ts';
import { onInterrupt } from '../interrupt.ts';
import { creationOrder, type TableDef } from '../schemas.ts';
import { derivedInsertSql, derivedReads } from './derived.ts';
import { commentStatements, createEnums, createTable, ident, keyChecksSql, literal, loadViews, sqlType, type ViewSql } from './ddl.ts';

/** DuckDB's memory budget while building; the rest of the pipeline stays well below the 1 GB the scale benchmark allows. */
export const MEMORY_LIMIT = '512MB';

/** A table of at least this many rows is checkpointed once loaded, unless a reader is open (see DatabaseBuilder.load); smaller ones share a script. */
const CHECKPOINT_ROWS = 100_000;

export interface DatabaseInfo {
  name: string;
  version: string;
  licence: string;
  licenceUrl: string;
  /** Attribution texts of all sources, in source order. */
  attributions: string[];
}

async function run(c: DuckDBConnection, sql: string): Promise<void> {
  await c.run(sql);
}

/**
 * The rows of a table's Parquet file, columns in the schema's order. The database is loaded from the Parquet files
 * (written first, from the Arrow batches): DuckDB reads them in about 70 % of the CPU time its CSV reader takes.
 */
export function readParquetSql(def: TableDef, parquetFile: string): string {
  return `SELECT ${def.columns.map((c) => ident(c.name)).join(', ')} FROM read_parquet(${literal(parquetFile)})`;
}

export function readCsvSql(def: TableDef, csvFile: string): string {
  const cols = def.columns.map((c) => `${literal(c.name)}: ${literal(sqlType(c))}`).join(', ');
  return `SELECT * FROM read_csv(${literal(csvFile)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', ` +
    `new_line = '\\n', nullstr = '', allow_quoted_nulls = false, columns = {${cols}})`;
}

function aboutView(info: DatabaseInfo): ViewSql {
  const attribution = info.attributions.join('\n');
  return {
    name: 'about',
    comment: `The dataset: name, version, licence and the attribution every use must carry. ${attribution}`,
    sql: `CREATE VIEW about AS SELECT ${literal(info.name)} AS dataset, ${literal(info.version)} AS version, ` +
      `${literal(info.licence)} AS licence, ${literal(info.licenceUrl)} AS licence_url, ${literal(attribution)} AS attribution;`,
  };
}

const INTERRUPTED = 'The database was interrupted: the jobs queued after the interruption were skipped';

/**
 * The database being built, with a queue of work that DuckDB does on its own thread while JavaScript goes on (the
 * emit stage writes the next table's Arrow and Parquet files while DuckDB loads the last one), and a second queue
 * for the COPYs to CSV, which only read and so run beside the loads (copyCsv). A job that fails stops both queues:
 * later jobs are skipped, and `settle` (or `throwIfFailed`) gives the first failure.
 */
export class DatabaseBuilder {
  readonly counts = new Map<string, number>();
  private queue: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | undefined;
  /** Set by interrupt(): no job starts after it, even one whose turn had come while nothing was running. */
  private stopped = false;
  private closed = false;
  /** Readers open (read), a promise of their end, and a checkpoint under way (see checkpoint). */
  private readers = 0;
  private readersDone: Promise<void> = Promise.resolve();
  private readersLeft: () => void = () => {};
  private checkpointing: Promise<void> | undefined;
  /** Every open connection (the loader's and the readers'), so that an interruption can stop what they run. */
  private readonly connections = new Set<DuckDBConnection>();
  private readonly noMoreInterrupt: () => void;
  /** The database and the loader's connection, made by the queue's first job (see open). */
  private instance: DuckDBInstance | undefined;
  private c: DuckDBConnection | undefined;

  private constructor(private readonly info: DatabaseInfo) {
    // Ctrl-C or SIGTERM: the process can only exit once the statement DuckDB is running ends (at scale, a load of
    // many seconds), so the statement is interrupted first.
    this.noMoreInterrupt = onInterrupt(() => this.interrupt());
  }

  /**
   * Starts creating `dbFile` with the ENUM types of `defs` and returns at once: the creation is the queue's first
   * job, so that DuckDB makes the database (some 50–80 ms) while JavaScript writes the first table's files. Its
   * failure is reported as any job's is (settle, throwIfFailed).
   */
  static open(dbFile: string, defs: readonly TableDef[], info: DatabaseInfo): DatabaseBuilder {
    const builder = new DatabaseBuilder(info);
    builder.enqueue(async () => {
      // The default block size (256 KiB): DuckDB 1.0 and older refuse a file of any other (default_block_size saved
      // kilobytes per table, but the file must open in every DuckDB from 1.1 on; see the README's "Load it").
      // One checkpoint at the end instead of one whenever the write-ahead log passes 16 MB during a large load.
      builder.instance = await DuckDBInstance.create(dbFile, { checkpoint_threshold: '1GB' });
      builder.c = await builder.instance.connect();
      builder.connections.add(builder.c);
      // Bounded memory: DuckDB spills to the database file rather than growing past this. Statements are sent in
      // a few scripts rather than one by one: for a small dataset the round trips would cost more than the work.
      // One thread: DuckDB then writes each table's row groups to the file, compressed, as it inserts them; with
      // two, its ordered insert left much of that to the checkpoints, which compressed them again. Measured: the
      // load of a 100,000-row paper took half the CPU time (4.2 s instead of 8.3 s); 6 M cells alone, without keys,
      // 6.8 s instead of 16 s. Rows stay in the files' order either way. One thread each: the loads, a COPY on its
      // connection (copyCsv), and JavaScript's.
      await run(builder.c, [`SET memory_limit = ${literal(MEMORY_LIMIT)};`, 'SET threads = 1;', ...createEnums(defs)].join('\n'));
    });
    return builder;
  }

  /** Creates `dbFile` with the ENUM types of `defs`, ready to load tables (open, waited for). */
  static async create(dbFile: string, defs: readonly TableDef[], info: DatabaseInfo): Promise<DatabaseBuilder> {
    const builder = DatabaseBuilder.open(dbFile, defs, info);
    try {
      await builder.settle();
    } catch (e) {
      builder.closeNow();
      throw e;
    }
    return builder;
  }

  /** The loader's connection; jobs run after the first (open), which made it. */
  private get loader(): DuckDBConnection {
    return this.c!;
  }

  /** Queues a job; the promise returned settles when it is done (or skipped), never rejects. */
  private enqueue(job: () => Promise<void>): Promise<void> {
    this.openBatch = undefined; // a job queued after a batch of small tables: later ones go after it
    this.queue = this.queue.then(async () => {
      if (this.failure || this.stopped) return;
      try {
        await job();
      } catch (error) {
        this.failure ??= { error };
      }
    });
    return this.queue;
  }

  /**
   * A CHECKPOINT once no reader (read) is left: DuckDB refuses one while another connection's transaction is open.
   * A reader in turn waits for a checkpoint under way. Each side checks the other and starts with no await between.
   */
  private async checkpoint(): Promise<void> {
    while (this.readers > 0) await this.readersDone;
    const done = run(this.loader, 'CHECKPOINT');
    this.checkpointing = done.then(() => {}, () => {}).finally(() => { this.checkpointing = undefined; });
    await done;
  }

  /**
   * Reads on a connection of its own while the queue goes on (e.g. a derived table, while DuckDB loads the next
   * table; a COPY); a checkpoint after a load is left out while it is open, and the final one waits for it to end.
   */
  async read<T>(use: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    while (this.checkpointing) await this.checkpointing;
    if (this.readers++ === 0) this.readersDone = new Promise((resolve) => { this.readersLeft = resolve; });
    try {
      const c = await this.instance!.connect();
      this.connections.add(c);
      try {
        if (this.stopped) throw new Error(INTERRUPTED);
        return await use(c);
      } finally {
        // A result left unfinished (a reader that failed half-way) keeps its transaction open after the connection
        // is closed, until the garbage collector frees it; a statement after it ends that query and its transaction.
        await c.run('SELECT 1').catch(() => {});
        this.connections.delete(c);
        c.closeSync();
      }
    } finally {
      if (--this.readers === 0) this.readersLeft();
    }
  }

  /**
   * Queues the load of a table: created, filled (from its Parquet file, or for a derived table by its SELECT over
   * the tables loaded before it) and commented, in one transaction (one commit, so one sync of the write-ahead log).
   * The keys are stated in the comments, not enforced (ddl.ts), so only a derived table needs what it reads queued
   * before it. `rows`, the rows of the Parquet file if known, lets small tables share a round trip (see loadSmall).
   */
  load(def: TableDef, parquetFile?: string, rows?: number): Promise<void> {
    if (rows !== undefined && rows < CHECKPOINT_ROWS && parquetFile !== undefined) return this.loadSmall(def, parquetFile);
    return this.enqueue(async () => {
      const loaded = await this.loadTables([{ def, parquetFile }]);
      // Written to the file now rather than all at the end: the final checkpoint, which JavaScript waits for, is then
      // short. (It was needed while the keys were enforced: their indexes stayed in memory until a checkpoint. Without
      // them, at 1,000,000 rows, leaving it out made no difference measurable on this machine.) Not while a reader is
      // open: the queue would wait for it (at 1,000,000 rows, 4 s of JavaScript reading a derived table back).
      if (loaded.get(def.name)! >= CHECKPOINT_ROWS && this.readers === 0) await this.checkpoint();
    });
  }

  /** The last job queued, if it loads small tables and has not started: a small table queued next joins it. */
  private openBatch: { def: TableDef; parquetFile: string }[] | undefined;

  /**
   * Small tables queued back to back go to DuckDB as one script: each round trip waits for JavaScript's thread,
   * which is busy writing the next files, so one load a round trip left DuckDB idle most of the time.
   */
  private loadSmall(def: TableDef, parquetFile: string): Promise<void> {
    if (this.openBatch) {
      this.openBatch.push({ def, parquetFile });
      return this.queue;
    }
    const batch = [{ def, parquetFile }];
    const done = this.enqueue(async () => {
      if (this.openBatch === batch) this.openBatch = undefined; // sent: no more joins it
      await this.loadTables(batch);
    });
    this.openBatch = batch;
    return done;
  }

  /** Loads tables in one script, each in its own transaction, and counts their rows (set in counts, returned). */
  private async loadTables(tables: readonly { def: TableDef; parquetFile?: string }[]): Promise<Map<string, number>> {
    const licenceNote = `Licence: ${this.info.licence} (${this.info.licenceUrl}); attribution in the about view and the sources table.`;
    await run(this.loader, [
      ...tables.flatMap(({ def, parquetFile }) => [
        'BEGIN TRANSACTION;',
        createTable(def),
        ...(def.derivedFrom
          // The validate stage never sees a derived table's rows: its keys are checked here, once it is computed.
          ? [derivedInsertSql(def), ...keyChecksSql(def, `computed by schemas/${def.derivedFrom}`)]
          : [`INSERT INTO ${ident(def.name)} ${readParquetSql(def, parquetFile!)};`]),
        ...commentStatements(def, licenceNote),
        'COMMIT;',
      ]),
    ].join('\n')).catch((e: unknown) => {
      throw keyCheckProblem(e) ?? e;
    });
    // Counted apart: of a script, node-api returns the result of the first statement that gives one (the key checks').
    const loaded = await this.loader.runAndReadAll(`${tables.map(({ def }) => `SELECT ${literal(def.name)}, count(*)::INTEGER FROM ${ident(def.name)}`).join(' UNION ALL ')};`);
    const counts = new Map(loaded.getRows().map(([name, rows]) => [name as string, Number(rows)]));
    for (const [name, rows] of counts) this.counts.set(name, rows);
    return counts;
  }

  /** The COPY jobs (copyCsv), one after another on a connection of their own, beside the loader's queue. */
  private copies: Promise<void> = Promise.resolve();

  /**
   * Queues a COPY of a table in the database to a CSV file, in its stored order (the order of its other files); the
   * emit stage copies the derived and the large tables. The COPY starts once everything queued before it is done
   * (the table's load among it), on a reader's connection of its own: it only reads, so it runs beside the loads
   * that follow (each connection's statement runs on a thread of its own, one thread each). At 1,000,000 rows the
   * COPYs were ~8 s of the loader's queue, which is the emit stage's longest chain. The promise returned says, once
   * the job is over, whether the file was written (false: this or another job failed).
   */
  copyCsv(def: TableDef, csvFile: string): Promise<boolean> {
    let written = false;
    const loaded = this.queue;
    this.copies = this.copies.then(async () => {
      await loaded;
      if (this.failure || this.stopped) return;
      try {
        await this.read((c) => run(c, copyCsvSql(def, csvFile)));
        written = true;
      } catch (error) {
        this.failure ??= { error };
      }
    });
    return this.copies.then(() => written);
  }

  /** Queues the views (schemas/views and the about view) and the final checkpoint. */
  finish(): void {
    this.enqueue(async () => {
      await run(this.loader, [...loadViews(), aboutView(this.info)].map((v) => `${v.sql}\nCOMMENT ON VIEW ${ident(v.name)} IS ${literal(v.comment)};`).join('\n'));
      await this.checkpoint();
    });
  }

  /** The first failure so far, thrown, without waiting for the queue (checked between tables). */
  throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
    if (this.stopped) throw new Error(INTERRUPTED);
  }

  /**
   * Stops the statements running now (each fails with DuckDB's "Interrupted"), e.g. on Ctrl-C or when JavaScript
   * failed, and every job not started yet: a COPY whose connection was still opening would otherwise run whole
   * before the build could report its failure and exit.
   */
  interrupt(): void {
    this.stopped = true;
    for (const c of this.connections) c.interrupt();
  }

  /** Waits for every job queued so far (loads and COPYs); throws the first failure. */
  async settle(): Promise<void> {
    await Promise.all([this.queue, this.copies]);
    this.throwIfFailed();
  }

  /** Waits for the queues (their failures are the caller's to have seen) and closes the database. */
  async close(): Promise<void> {
    await Promise.all([this.queue, this.copies]);
    this.closeNow();
  }

  private closeNow(): void {
    if (this.closed) return;
    this.closed = true;
    this.noMoreInterrupt();
    this.c?.closeSync();
    this.instance?.closeSync();
  }
}

/**
 * A derived table's failed key check (keyChecksSql) as a problem located in its SQL file: its rows come from the
 * sources' data, so a source added or a curated entry given twice can break a key, which is bad input (one message,
 * exit 1), not a bug. Any other failure: undefined.
 */
export function keyCheckProblem(e: unknown): DataError | undefined {
  const m = /^Invalid Input Error: (\S+ \(computed by (\S+)\): the (?:primary|foreign) key .*)$/s.exec(e instanceof Error ? e.message : '');
  if (!m) return undefined;
  return new DataError([problem({ file: m[2]! }, m[1]!,
    'The table is computed from the other tables by this SQL file: check the rows it joins (a source or a curated entry given twice?) and its join conditions.')]);
}

/**
 * A DOUBLE as JavaScript prints it (Number.prototype.toString) where DuckDB's own text differs: whole numbers in
 * full below 1e21 (1, not 1.0; 10000000000000000, not 1e+16), exponents from 1e-7 down without a leading zero
 * (1e-7, not 1e-07), and none between 1e-7 and 1e-4 (0.000015, not 1.5e-05). Both print the fewest digits that read
 * back as the same number, so only the notation is rewritten. tests/emit/csv-by-database.test.ts checks it against
 * JavaScript on random doubles.
 */
export function jsNumberSql(x: string): string {
  const text = `CAST(${x} AS VARCHAR)`;
  const sign = `(CASE WHEN ${x} < 0 THEN '-' ELSE '' END)`;
  const digits = `replace(regexp_extract(${text}, '^-?([0-9.]+)e', 1), '.', '')`;
  const exponent = `CAST(regexp_extract(${text}, 'e([-+][0-9]+)$', 1) AS INTEGER)`;
  return `CASE WHEN ${x} = trunc(${x}) AND abs(${x}) < 9007199254740992 THEN CAST(CAST(${x} AS BIGINT) AS VARCHAR) ` +
    `WHEN abs(${x}) >= 1e21 THEN ${text} ` +
    `WHEN ${text} LIKE '%e+%' THEN ${sign} || rpad(${digits}, ${exponent} + 1, '0') ` +
    `WHEN abs(${x}) < 1e-6 THEN replace(${text}, 'e-0', 'e-') ` +
    `WHEN ${text} LIKE '%e-%' THEN ${sign} || '0.' || repeat('0', -${exponent} - 1) || ${digits} ` +
    `ELSE regexp_replace(${text}, '\\.0$', '') END`;
}

/**
 * A text field as csv.ts writes it (csvField): quoted, its quotes doubled, when it holds a quote, a comma, \n or \r,
 * or is the empty string (so that it stays apart from NULL, an empty field). DuckDB's own quoting also quotes
 * fields holding its comment character (#), so COPY is told to quote nothing and gets the fields quoted here.
 */
export function csvTextSql(x: string): string {
  const text = `CAST(${x} AS VARCHAR)`;
  const holds = (c: string) => `contains(${text}, ${c})`;
  return `CASE WHEN ${text} = '' OR ${holds(`'"'`)} OR ${holds(`','`)} OR ${holds('chr(10)')} OR ${holds('chr(13)')} ` +
    `THEN '"' || replace(${text}, '"', '""') || '"' ELSE ${text} END`;
}

/**
 * The CSV of a table as DuckDB's COPY writes it, byte for byte what csv.ts writes: text quoted as csvTextSql says,
 * NULL as an empty field, booleans as true/false, integers in full, DOUBLE as JavaScript prints it (jsNumberSql),
 * \n line ends, rows in the table's stored order (the order of its files).
 */
export function copyCsvSql(def: TableDef, csvFile: string): string {
  const field = (c: TableDef['columns'][number]) => (c.base === 'number' ? jsNumberSql(ident(c.name)) : c.base === 'string' ? csvTextSql(ident(c.name)) : ident(c.name));
  const columns = def.columns.map((c) => (c.base === 'number' || c.base === 'string' ? `${field(c)} AS ${ident(c.name)}` : ident(c.name)));
  return `COPY (SELECT ${columns.join(', ')} FROM ${ident(def.name)}) TO ${literal(csvFile)} ` +
    `(FORMAT csv, HEADER true, DELIMITER ',', QUOTE '', ESCAPE '', NULLSTR '', NEW_LINE '\\n');`;
}

/**
 * Creates `dbFile` from the Parquet files in `parquetDir`, all tables at once (the emit stage instead loads each
 * table as soon as its Parquet file is written). Returns the number of rows loaded per table.
 */
export async function writeDatabase(
  dbFile: string, defs: readonly TableDef[], parquetDir: string, info: DatabaseInfo,
): Promise<Map<string, number>> {
  const db = await DatabaseBuilder.create(dbFile, defs, info);
  try {
    for (const def of loadOrder(defs)) db.load(def, path.join(parquetDir, `${def.name}.parquet`));
    db.finish();
    await db.settle();
  } finally {
    await db.close();
  }
  return db.counts;
}

/** Parents before children; derived tables last (their SELECT reads the tables loaded before them). */
export function loadOrder(defs: readonly TableDef[]): TableDef[] {
  return [...creationOrder(defs.filter((d) => !d.derivedFrom)), ...defs.filter((d) => d.derivedFrom)];
}

/**
 * The order in which the emit stage writes and loads tables, parents before children: first what the derived tables
 * read (derivedReads and their foreign keys, with their parents, smallest first), then the derived tables, so that
 * JavaScript can read them back while DuckDB loads the rest; then the rest, the largest first (its parents before
 * it), so that the longest loads start while JavaScript still has files to write.
 */
export function emitOrder(defs: readonly TableDef[], rows: (name: string) => number, reads = derivedReads): TableDef[] {
  const loaded = creationOrder(defs.filter((d) => !d.derivedFrom)); // also refuses a cycle
  const derived = defs.filter((d) => d.derivedFrom);
  const placed = new Set<string>();
  const ordered: TableDef[] = [];
  const place = (d: TableDef): void => {
    if (placed.has(d.name)) return;
    for (const fk of d.foreignKeys) if (fk.reference.table !== d.name) place(loaded.find((p) => p.name === fk.reference.table)!);
    placed.add(d.name);
    ordered.push(d);
  };
  const names = loaded.map((d) => d.name);
  // What a derived table reads, smallest first: DuckDB loads the largest last, and computes the derived table next.
  for (const d of derived) {
    const parents = [...reads(d, names), ...d.foreignKeys.map((fk) => fk.reference.table)];
    // (A foreign key to another derived table names none of the loaded ones: derived tables keep their own order.)
    const loadedParents = loaded.filter((p) => parents.includes(p.name));
    for (const p of loadedParents.sort((a, b) => rows(a.name) - rows(b.name))) place(p);
  }
  ordered.push(...derived);
  while (placed.size < loaded.length) place(loaded.filter((d) => !placed.has(d.name)).reduce((best, d) => (rows(d.name) > rows(best.name) ? d : best)));
  return ordered;
}
