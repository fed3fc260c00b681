// Where the project's own files are, independent of the working directory.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The project root: the nearest folder above this module with a package.json (this file may run from a bundle). */
function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

export const ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));
export const SCHEMA_DIR = path.join(ROOT, 'schemas');
export const SOURCES_DIR = path.join(ROOT, 'sources');
export const OUT_DIR = path.join(ROOT, 'out');
/** Where `make release` puts a release's files, and `make diff` its diff: each replaced whole by its command. */
export const DIST_DIR = path.join(ROOT, 'dist');
export const DIFF_DIR = path.join(ROOT, 'diff');
/** The DuckDB database's file name, in out/ and in a release. */
export const DATABASE_FILE = 'large_model_ecosystem.duckdb';

/** A path as messages show it: relative to the project when inside it. */
export function shown(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
}
