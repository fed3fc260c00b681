// Before a release: out/ must be exactly what the build made. Every file datapackage.json lists must have the
// bytes and SHA-256 it records; no other file may be there; and the DuckDB file (not byte-stable, so not hashed)
// must hold exactly the tables listed, each with the rows of its verified CSV. A file changed after the build
// (by hand, a tool, a query) is named, and nothing is released.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isSwapFolder } from '../atomic.ts';
import { DuckDBInstance } from '../duckdb-client.ts';
import { ident } from '../emit/ddl.ts';
import { readCsvSql } from '../read-output.ts';
import { shown } from '../paths.ts';
import { DataError, fail, problem, type Problem } from '../problems.ts';
import type { TableDef } from '../schemas.ts';
import { hashFile } from '../hash.ts';

interface Listed {
  path: string;
  bytes: number;
  hash: string;
}
interface Resource extends Listed {
  name: string;
  alternates?: Listed[];
}

const REBUILD =
  'Rebuild with `make clean all` (nothing may change out/ after the build), then run `make release` again.';

function listedFiles(out: string): { resources: Resource[]; database?: string } {
  const file = path.join(out, 'datapackage.json');
  try {
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { resources: Resource[]; database?: { path: string } };
    return { resources: pkg.resources, database: pkg.database?.path };
  } catch (e) {
    fail({ file: shown(file) }, `cannot be read: ${(e as Error).message}`, REBUILD);
  }
}

function allFiles(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? allFiles(dir, path.posix.join(rel, d.name)) : [path.posix.join(rel, d.name)],
  );
}

async function checkFile(out: string, f: Listed): Promise<Problem | undefined> {
  const file = path.join(out, f.path);
  const where = { file: shown(file) };
  if (!existsSync(file)) return problem(where, 'is listed in datapackage.json but missing', REBUILD);
  const size = statSync(file).size;
  if (size !== f.bytes)
    return problem(
      where,
      `has ${size} bytes, but datapackage.json records ${f.bytes}: it was changed after the build`,
      REBUILD,
    );
  const digest = `sha256:${(await hashFile(file)).sha256}`;
  if (digest !== f.hash)
    return problem(
      where,
      `has SHA-256 ${digest.slice(7)}, but datapackage.json records ${f.hash.slice(7)}: it was changed after the build`,
      REBUILD,
    );
  return undefined;
}

/** The database's tables against the verified CSVs: same tables, and the same rows both ways. */
async function checkDatabase(
  out: string,
  database: string,
  defs: readonly TableDef[],
  listed: ReadonlySet<string>,
): Promise<Problem[]> {
  const file = path.join(out, database);
  const where = { file: shown(file) };
  if (!existsSync(file)) return [problem(where, 'is listed in datapackage.json but missing', REBUILD)];
  const db = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const c = await db.connect();
  const problems: Problem[] = [];
  try {
    const tables = (await c.runAndReadAll(`SELECT table_name FROM duckdb_tables() ORDER BY 1`))
      .getRows()
      .map((r) => String(r[0]));
    for (const t of tables.filter((t) => !listed.has(t)))
      problems.push(
        problem(where, `holds a table ${t} that the build did not make: it was changed after the build`, REBUILD),
      );
    for (const d of defs.filter((d) => listed.has(d.name))) {
      if (!tables.includes(d.name)) {
        problems.push(problem(where, `lacks the table ${d.name}`, REBUILD));
        continue;
      }
      const csv = readCsvSql(d, path.join(out, 'csv', `${d.name}.csv`));
      const differ = (
        await c.runAndReadAll(
          `SELECT count(*)::INTEGER FROM ((SELECT * FROM ${ident(d.name)} EXCEPT ALL ${csv}) UNION ALL (${csv} EXCEPT ALL SELECT * FROM ${ident(d.name)}))`,
        )
      ).getRows()[0]![0];
      if (differ !== 0)
        problems.push(
          problem(
            where,
            `table ${d.name} differs from csv/${d.name}.csv in ${differ} rows: it was changed after the build`,
            REBUILD,
          ),
        );
    }
  } finally {
    c.closeSync();
    db.closeSync();
  }
  return problems;
}

/**
 * The explorer, which `make site` builds into out/site/ from a finished build (and `make test` with it, just before
 * the release workflow's `make release`), with the leftovers of its own swap (site.staging-<pid>). It is no file of
 * the build's and no release file: `make site-zip` packs it on its own.
 */
function isExplorer(f: string): boolean {
  const top = f.split('/')[0]!;
  return top === 'site' || isSwapFolder(top, 'site');
}

export async function verifyBuild(out: string, defs: readonly TableDef[]): Promise<void> {
  const { resources, database } = listedFiles(out);
  const files = resources.flatMap((r) => [r, ...(r.alternates ?? [])]);
  const problems = (await Promise.all(files.map((f) => checkFile(out, f)))).filter(
    (p): p is Problem => p !== undefined,
  );
  const expected = new Set([
    ...files.map((f) => f.path),
    'datapackage.json',
    'croissant.json',
    ...(database ? [database] : []),
  ]);
  for (const f of allFiles(out).filter((f) => !expected.has(f) && !isExplorer(f))) {
    problems.push(
      problem(
        { file: shown(path.join(out, f)) },
        'is not part of the build (datapackage.json does not list it)',
        REBUILD,
      ),
    );
  }
  if (database) problems.push(...(await checkDatabase(out, database, defs, new Set(resources.map((r) => r.name)))));
  if (problems.length > 0) throw new DataError(problems);
}
