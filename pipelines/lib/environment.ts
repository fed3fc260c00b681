// The machine, not the data or the code: a full disk, a permission, a read-only file system. Such an error is
// the user's to fix, so it becomes one located problem (the path, the cause, the fix) and exit 1, not a stack.
// Node reports these with an errno code and a path; DuckDB with the operating system's words in its message.

import { shown } from './paths.ts';
import { problem, type Problem } from './problems.ts';

interface Cause {
  code: string;
  words: RegExp;
  cause: string;
  fix: (where: string) => string;
}

const CAUSES: Cause[] = [
  {
    code: 'ENOSPC',
    words: /No space left on device/i,
    cause: 'the disk is full (ENOSPC)',
    fix: (w) => `Free space on the disk that holds ${w} (or build elsewhere with --out), then run the command again.`,
  },
  {
    code: 'EDQUOT',
    words: /Disk quota exceeded/i,
    cause: 'the disk quota is exceeded (EDQUOT)',
    fix: (w) => `Free space within your quota on the disk that holds ${w}, then run the command again.`,
  },
  {
    code: 'EROFS',
    words: /Read-only file system/i,
    cause: 'the file system is read-only (EROFS)',
    fix: () => 'Run from a writable copy of the project, or build elsewhere with --out <folder>.',
  },
  {
    code: 'EACCES',
    words: /Permission denied/i,
    cause: 'permission denied (EACCES)',
    fix: (w) => `Make ${w} and its folder writable by you (e.g. \`chmod -R u+w\`), or run from a copy you own.`,
  },
  {
    code: 'EPERM',
    words: /Operation not permitted/i,
    cause: 'operation not permitted (EPERM)',
    fix: (w) => `Make ${w} and its folder writable by you, or run from a copy you own.`,
  },
];

const QUOTED_PATH = /["']((?:\/|\.{1,2}\/)[^"']+)["']/;

/** The path an error is about: Node's `path`, else the first quoted path in DuckDB's message. */
function errorPath(e: { path?: string; message?: string }): string {
  if (e.path) return shown(e.path);
  const m = QUOTED_PATH.exec(e.message ?? '');
  return m ? shown(m[1]!) : '(unknown path)';
}

/**
 * An error made about `file` where it names no path of its own: on a full disk, Node's error of a write (unlike an
 * open's) names no file, nor does DuckDB's of writing its own database.
 */
export function aboutFile(e: unknown, file: string): unknown {
  if (e instanceof Error && !('path' in e) && !QUOTED_PATH.test(e.message)) Object.assign(e, { path: file });
  return e;
}

export function environmentProblem(e: unknown): Problem | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const err = e as { code?: string; path?: string; message?: string };
  const c = CAUSES.find((x) => err.code === x.code || (err.code === undefined && x.words.test(err.message ?? '')));
  if (!c) return undefined;
  const where = errorPath(err);
  return problem({ file: where }, `cannot be written: ${c.cause}`, c.fix(where));
}
