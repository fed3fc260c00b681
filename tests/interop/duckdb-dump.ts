// Child process of dumpDatabase (duckdb-clients.ts): one DuckDB client reads every table and view of a database
// file and prints them as JSON. Arguments: one JSON object { module, dbFile, opts }.

import {
  withSession,
  type ClientModule,
  type DatabaseDump,
  type RelationDump,
  type SessionOptions,
} from './duckdb-clients.ts';

const { module, dbFile, opts } = JSON.parse(process.argv[2]!) as {
  module: ClientModule;
  dbFile: string;
  opts: SessionOptions;
};

const dump: DatabaseDump = await withSession(module, dbFile, opts, async (q) => {
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
process.stdout.write(JSON.stringify(dump));
