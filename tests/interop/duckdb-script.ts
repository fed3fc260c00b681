// Child process of runDuckDBScript (duckdb-clients.ts): runs a README recipe's SQL, statement by statement, with
// one DuckDB client in a given folder, and prints each statement's rows as JSON.
// Arguments: one JSON object { module, cwd, sql, open? } (open: a database file to open directly, read-only).

import type { ClientModule } from './duckdb-clients.ts';
import { canon } from './shape.ts';

const { module, cwd, sql, open } = JSON.parse(process.argv[2]!) as {
  module: ClientModule;
  cwd: string;
  sql: string;
  open?: string;
};
process.chdir(cwd);
const { DuckDBInstance } = (await import(module)) as typeof import('@duckdb/node-api');
const instance = await DuckDBInstance.create(open ?? ':memory:', open ? { access_mode: 'READ_ONLY' } : {});
const c = await instance.connect();
const version = String((await c.runAndReadAll('SELECT version()')).getRows()[0]![0]);
const results: { statement: string; names: string[]; rows: (string | null)[][] }[] = [];
for (const statement of sql.split(/;[ \t]*(?:\n|$)/).map((x) => x.trim())) {
  if (statement.split('\n').every((line) => line.trim() === '' || line.trim().startsWith('--'))) continue;
  const r = await c.runAndReadAll(statement);
  results.push({ statement, names: r.columnNames(), rows: r.getRows().map((row) => row.map(canon)) });
}
process.stdout.write(JSON.stringify({ version, results }));
