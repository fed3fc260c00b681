// The oldest and the newest native DuckDB clients on the registry (@duckdb/node-api 1.1.3-alpha.12 under the alias
// duckdb-node-api-1-1, and 1.5.6), opening the database directly or ATTACHing it under an alias of the caller's
// choosing, brought to the shape of shape.ts.
//
// Each client runs in a process of its own (duckdb-jobs.ts): both load a library named libduckdb.so, and in one
// process the second client's calls resolve to the first one's library, so "1.1" would silently be 1.5. A test file
// gives each client all its jobs at once (runClient): one process a client, not one a job, since loading DuckDB in a
// fresh process costs about 0.5 s of CPU.

import { spawnSync } from 'node:child_process';
import { testScript } from '../helpers/commands.ts';
import { ROOT } from '../helpers/project.ts';
import { canon, type Kind, type Read } from './shape.ts';

export const CLIENTS = [
  { name: 'DuckDB 1.1.3', module: 'duckdb-node-api-1-1', version: 'v1.1.3' },
  { name: 'DuckDB 1.5.6', module: '@duckdb/node-api', version: 'v1.5.6' },
] as const;
export type ClientModule = (typeof CLIENTS)[number]['module'];

export interface Relation {
  name: string;
  kind: 'table' | 'view';
}

export interface Session {
  /** The name of the file's database in this session: the file's stem, or the alias. */
  catalog: string;
  /** How a relation of the file is named in SQL: bare when opened directly, `"alias".name` when ATTACHed. */
  qualified(name: string): string;
  query(sql: string): Promise<{ names: string[]; types: string[]; rows: unknown[][] }>;
  read(name: string): Promise<Read>;
  /** The file's own tables and views, from DuckDB's catalog. */
  relations(): Promise<Relation[]>;
}

const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;
const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;

export function duckdbKind(type: string): Kind | string {
  if (type.startsWith('ENUM(')) return 'enum';
  return (
    ({ VARCHAR: 'string', BIGINT: 'integer', DOUBLE: 'number', BOOLEAN: 'boolean' } as Record<string, Kind>)[type] ??
    `duckdb ${type}`
  );
}

interface Closable {
  closeSync?: () => void;
  close?: () => unknown;
}
/** Closes a connection or an instance of either client (1.1 has no closeSync on some). */
export async function closeClient(x: unknown): Promise<void> {
  const c = x as Closable;
  if (c.closeSync) c.closeSync();
  else await c.close?.();
}

/**
 * Opens `dbFile` read-only with the client in `module`: directly, or (with `attach`) from an in-memory database
 * that ATTACHes it under that alias; `setup` runs first (e.g. DuckDB 1.1's search path for views).
 */
export async function withSession<T>(
  module: ClientModule,
  dbFile: string,
  opts: SessionOptions,
  fn: (s: Session) => Promise<T>,
): Promise<T> {
  const { DuckDBInstance } = (await import(module)) as typeof import('@duckdb/node-api');
  const instance =
    opts.attach === undefined
      ? await DuckDBInstance.create(dbFile, dbFile === ':memory:' ? {} : { access_mode: 'READ_ONLY' })
      : await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  const query = async (sql: string) => {
    const r = await c.runAndReadAll(sql);
    return { names: r.columnNames(), types: r.columnTypes().map(String), rows: r.getRows() as unknown[][] };
  };
  try {
    if (opts.attach !== undefined) await c.run(`ATTACH ${literal(dbFile)} AS ${quote(opts.attach)} (READ_ONLY)`);
    for (const sql of opts.setup ?? []) await c.run(sql);
    const catalog = opts.attach ?? String((await query('SELECT current_database()')).rows[0]![0]);
    const qualified = (name: string) =>
      opts.attach === undefined ? quote(name) : `${quote(opts.attach)}.${quote(name)}`;
    return await fn({
      catalog,
      qualified,
      query,
      async read(name) {
        const r = await query(`SELECT * FROM ${qualified(name)}`);
        return {
          columns: r.names.map((n, i) => ({ name: n, kind: duckdbKind(r.types[i]!) as Kind })),
          rows: r.rows.map((row) => row.map(canon)),
        };
      },
      async relations() {
        const r = await query(
          `SELECT table_name, 'table' FROM duckdb_tables() WHERE database_name = ${literal(catalog)} AND NOT internal ` +
            `UNION ALL SELECT view_name, 'view' FROM duckdb_views() WHERE database_name = ${literal(catalog)} AND NOT internal ORDER BY 2, 1`,
        );
        return r.rows.map(([name, kind]) => ({ name: String(name), kind: kind as Relation['kind'] }));
      },
    });
  } finally {
    await closeClient(c);
    await closeClient(instance);
  }
}

export interface SessionOptions {
  attach?: string;
  setup?: string[];
}

export interface RelationDump extends Relation {
  read?: Read;
  /** The error of reading it, when it could not be read. */
  error?: string;
  /** For tables: each column's nullability and comment, from duckdb_columns(). */
  columns?: { name: string; nullable: boolean; comment: string | null }[];
}

export interface DatabaseDump {
  version: string;
  relations: RelationDump[];
}

/** What a client is asked to do: read every table and view of a database file, or run a recipe's SQL from a folder. */
export type Job =
  | { kind: 'dump'; dbFile: string; opts: SessionOptions }
  /** In an in-memory database, or in the database file `open` opened directly (read-only), from `cwd`. */
  | { kind: 'script'; cwd: string; sql: string; open?: string };
export type JobResult = DatabaseDump | ScriptResult | { error: string };

/** A client's results, by the names its jobs were given; a job that failed throws its error where it is read. */
export interface ClientRun {
  dump(name: string): DatabaseDump;
  script(name: string): ScriptResult;
}

/** Runs named jobs with the client in `module`, one after another, in one child process (duckdb-jobs.ts). */
export function runClient(module: ClientModule, jobs: Record<string, Job>): ClientRun {
  const r = spawnSync(
    process.execPath,
    [...testScript('tests/interop/duckdb-jobs.ts'), JSON.stringify({ module, jobs: Object.values(jobs) })],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  if (r.status !== 0) throw new Error(`${module} failed:\n${r.stderr}`);
  const parsed = JSON.parse(r.stdout) as JobResult[];
  const results = new Map(Object.keys(jobs).map((name, i) => [name, parsed[i]!]));
  const result = (name: string): JobResult => {
    const got = results.get(name);
    if (!got) throw new Error(`no job named ${name}`);
    if ('error' in got) {
      const job = jobs[name]!;
      const what = job.kind === 'dump' ? `could not read ${job.dbFile}` : `failed on the recipe\n${job.sql}`;
      throw new Error(`${module} ${what}:\n${got.error}`);
    }
    return got;
  };
  return { dump: (name) => result(name) as DatabaseDump, script: (name) => result(name) as ScriptResult };
}

export interface ScriptResult {
  version: string;
  results: { statement: string; names: string[]; rows: (string | null)[][] }[];
}
