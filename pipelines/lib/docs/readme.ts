// The generated sections of README.md: the tables with their row counts, the example queries with their
// output, and the known issues of the source. `make docs` writes them; a test checks they are current.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TableDef } from '../schemas.ts';
import { readOutputTable } from '../read-output.ts';
import { formatTable } from '../sql/format.ts';
import { query } from '../sql/run.ts';
import { knownIssues } from './known-issues.ts';
import { mdTable } from './markdown.ts';

export async function querySection(dbFile: string, queryDir: string): Promise<string> {
  const parts: string[] = [];
  for (const f of readdirSync(queryDir).filter((x) => x.endsWith('.sql')).sort()) {
    const sql = readFileSync(path.join(queryDir, f), 'utf8').trim();
    const result = await query(dbFile, sql);
    parts.push(`#### \`queries/${f}\``, '', '```sql', sql, '```', '', '```text', formatTable(result), '```', '');
  }
  return parts.join('\n');
}

export function tablesSection(outDir: string, defs: readonly TableDef[]): string {
  return mdTable(['table', 'rows', 'what it holds'], defs.map((d) => [`[\`${d.name}\`](docs/data-dictionary.md#${d.name})`, String(readOutputTable(outDir, d).rowCount), d.description]));
}

export function knownIssuesSection(outDir: string, defs: readonly TableDef[]): string {
  const def = (n: string) => defs.find((d) => d.name === n)!;
  return knownIssues(readOutputTable(outDir, def('models')), readOutputTable(outDir, def('annotations')));
}
