// A copy of the project (sharing node_modules) in a temporary folder, to run `make` on as a user would, and to
// kill it at will, without touching this checkout's out/. Its node_modules is a link to this checkout's, so it never
// installs: a make there that would run npm ci refuses instead (pipelines/install.sh; copy-never-installs.test.ts).

import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './project.ts';

export { make } from './commands.ts';

const PARTS = ['Makefile', 'package.json', 'package-lock.json', 'tsconfig.json', 'pipelines', 'schemas', 'sources'];
/** What `make all` made here, for a copy that starts built. */
const BUILT = ['.build', 'out'];

export interface RepoCopy {
  dir: string;
  out: string;
  remove(): void;
}

/**
 * A copy of the project. `built`: with this checkout's build too (its bundle and out/, not out/site/), timestamps
 * kept, so that the copy's first `make all` has nothing to do when this checkout is built (as `make test` leaves it)
 * and builds as usual when it is not or is out of date: a test that needs a built copy pays for no build of its own.
 */
export function repoCopy({ built = false } = {}): RepoCopy {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lme-repo-'));
  // Timestamps are kept, so that Make sees node_modules as installed after package-lock.json, as it is here.
  for (const p of [...PARTS, ...(built ? BUILT : [])]) {
    if (!existsSync(path.join(ROOT, p))) continue;
    cpSync(path.join(ROOT, p), path.join(dir, p), {
      recursive: true,
      preserveTimestamps: true,
      filter: (from) => from !== path.join(ROOT, 'out', 'site'),
    });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return { dir, out: path.join(dir, 'out'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every file under a folder with the SHA-256 of its bytes, by relative path (hashes compare fast; buffers don't). */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const f of readdirSync(d).sort()) {
      const p = path.join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(path.relative(dir, p), createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

/**
 * The files a rebuild must reproduce byte for byte: all but the DuckDB database, whose bytes vary between
 * builds of the same content (the determinism test compares its content).
 */
export function rebuildable(m: Map<string, string>): Map<string, string> {
  return new Map([...m].filter(([k]) => !k.endsWith('.duckdb')));
}

export function mtimes(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const rel of snapshot(dir).keys()) out.set(rel, statSync(path.join(dir, rel)).mtimeMs);
  return out;
}
