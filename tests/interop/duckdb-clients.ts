// The oldest and the newest native DuckDB clients on the registry (@duckdb/node-api 1.1.3-alpha.12 under the alias
// duckdb-node-api-1-1, and 1.5.6), opening the database directly or ATTACHing it under an alias of the caller's
// choosing, brought to the shape of shape.ts.
//
// Each client runs in a process of its own (duckdb-dump.ts): both load a library named libduckdb.so, and in one
// process the second client's calls resolve to the first one's library, so "1.1" would silently be 1.5.

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
async function close(x: Closable): Promise<void> {
  if (x.closeSync) x.closeSync();
  else await x.close?.();
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
    await close(c as Closable);
    await close(instance as Closable);
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

/** Runs tests/interop/<script> in a child process with one JSON argument; returns the JSON it prints. */
function child<T>(script: string, arg: object, failure: string): T {
  const r = spawnSync(process.execPath, [...testScript(`tests/interop/${script}`), JSON.stringify(arg)], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`${failure}:\n${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** Every table and view of `dbFile` as the client in `module` reads it, in a child process. */
export function dumpDatabase(module: ClientModule, dbFile: string, opts: SessionOptions): DatabaseDump {
  return child('duckdb-dump.ts', { module, dbFile, opts }, `${module} could not read ${dbFile}`);
}

export interface ScriptResult {
  version: string;
  results: { statement: string; names: string[]; rows: (string | null)[][] }[];
}

/**
 * Runs SQL (a README recipe) with the client in `module`, in a child process whose working folder is `cwd`, in an
 * in-memory database or in the database file `open` opened directly.
 */
export function runDuckDBScript(module: ClientModule, cwd: string, sql: string, open?: string): ScriptResult {
  return child('duckdb-script.ts', { module, cwd, sql, open }, `${module} failed on the recipe\n${sql}`);
}
