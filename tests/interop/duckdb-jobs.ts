// Child process of runClient (duckdb-clients.ts): one DuckDB client runs a list of jobs one after another, each in a
// session of its own, and prints their results as one JSON array: a dump of every table and view of a database file,
// or a README recipe's SQL, statement by statement, in a given folder (in an in-memory database, or in a database
// file opened directly). A job that fails gives its error in its place, and the next one still runs.
// Arguments: one JSON object { module, jobs }.

import {
  closeClient,
  withSession,
  type ClientModule,
  type DatabaseDump,
  type Job,
  type JobResult,
  type RelationDump,
  type ScriptResult,
  type SessionOptions,
} from './duckdb-clients.ts';
import { canon } from './shape.ts';

const { module, jobs } = JSON.parse(process.argv[2]!) as { module: ClientModule; jobs: Job[] };

/** Every table and view of `dbFile`, with each table's columns as the catalog describes them. */
function dump(dbFile: string, opts: SessionOptions): Promise<DatabaseDump> {
  return withSession(module, dbFile, opts, async (q) => {
    const version = String((await q.query('SELECT version()')).rows[0]![0]);
    const relations: RelationDump[] = [];
    for (const rel of await q.relations()) {
      const d: RelationDump = { ...rel };
      try {
        d.read = await q.read(rel.name);
      } catch (e) {
        d.error = (e as Error).message;
      }
      if (rel.kind === 'table') {
        const cols = await q.query(
          `SELECT column_name, is_nullable, comment FROM duckdb_columns() ` +
            `WHERE database_name = '${q.catalog}' AND table_name = '${rel.name}' ORDER BY column_index`,
        );
        d.columns = cols.rows.map(([name, nullable, comment]) => ({
          name: String(name),
          nullable: Boolean(nullable),
          comment: comment === null ? null : String(comment),
        }));
      }
      relations.push(d);
    }
    return { version, relations };
  });
}

/** A recipe's statements run from `cwd`, as a user's DuckDB started there runs them. */
async function script(cwd: string, sql: string, open?: string): Promise<ScriptResult> {
  process.chdir(cwd);
  const { DuckDBInstance } = (await import(module)) as typeof import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(open ?? ':memory:', open ? { access_mode: 'READ_ONLY' } : {});
  const c = await instance.connect();
  try {
    const version = String((await c.runAndReadAll('SELECT version()')).getRows()[0]![0]);
    const results: ScriptResult['results'] = [];
    for (const statement of sql.split(/;[ \t]*(?:\n|$)/).map((x) => x.trim())) {
      if (statement.split('\n').every((line) => line.trim() === '' || line.trim().startsWith('--'))) continue;
      const r = await c.runAndReadAll(statement);
      results.push({ statement, names: r.columnNames(), rows: r.getRows().map((row) => row.map(canon)) });
    }
    return { version, results };
  } finally {
    await closeClient(c);
    await closeClient(instance);
  }
}

const results: JobResult[] = [];
for (const job of jobs) {
  try {
    results.push(job.kind === 'dump' ? await dump(job.dbFile, job.opts) : await script(job.cwd, job.sql, job.open));
  } catch (e) {
    results.push({ error: (e as Error).message });
  }
}
process.stdout.write(JSON.stringify(results));
