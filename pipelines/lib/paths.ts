// Where the project's own files are, independent of the working directory.

import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = path.resolve(fileURLToPath(new URL('../../', import.meta.url)));
export const SCHEMA_DIR = path.join(ROOT, 'schemas');
export const SOURCES_DIR = path.join(ROOT, 'sources');
export const OUT_DIR = path.join(ROOT, 'out');

/** A path as messages show it: relative to the project when inside it. */
export function shown(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
}
