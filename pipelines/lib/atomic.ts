// Outputs appear all at once or not at all. A build writes into a staging folder beside out/ and, only when
// every file is written, swaps it in with two renames. A failed or killed run leaves the previous out/ as it was
// (or, if killed between the two renames, restored on the next run), and never a half-written file in out/.
// Folders carry the pid of the run that made them: a run removes only its own, or those of runs that are dead,
// so that one build never deletes another's staging folder. A leftover that cannot be removed is reported once
// and skipped: names are unique per run, so it never stands in a later build's way.

import { accessSync, constants, existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { failpoint } from './failpoint.ts';
import { shown } from './paths.ts';
import { alive } from './process-alive.ts';

const STAGING = '.staging-';
const PREVIOUS = '.previous-';

function siblings(out: string, marker: string): string[] {
  const dir = path.dirname(out);
  const base = path.basename(out);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.startsWith(base + marker))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Whether `name` (a file name beside `base`) is one of the folders a swap of `base` makes or leaves. */
export function isSwapFolder(name: string, base: string): boolean {
  return name.startsWith(base + STAGING) || name.startsWith(base + PREVIOUS);
}

/** The pid in a leftover's name (out.staging-1234 → 1234). */
function ownerPid(folder: string): number {
  return Number(/-(\d+)$/.exec(folder)?.[1] ?? NaN);
}

/** Leftovers of runs that are not running any more (or of this one). */
function abandoned(out: string, marker: string): string[] {
  return siblings(out, marker).filter((f) => ownerPid(f) === process.pid || !alive(ownerPid(f)));
}

/** Removes a leftover; one that cannot be removed is named with the fix and left alone. */
function tidy(folder: string): void {
  try {
    rmSync(folder, { recursive: true, force: true });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    process.stderr.write(
      `warning: ${shown(err.path ?? folder)}: cannot remove a leftover of an earlier run (${err.code ?? err.message}); ` +
        `it is ignored. Remove it yourself when convenient (e.g. \`chmod -R u+w ${shown(folder)} && rm -rf ${shown(folder)}\`, ` +
        'with sudo if another user owns it).\n',
    );
  }
}

/** Clears what killed runs left behind; puts back an out/ that a killed swap had moved aside. */
export function recover(out: string): void {
  for (const s of abandoned(out, STAGING)) tidy(s);
  const previous = abandoned(out, PREVIOUS);
  if (!existsSync(out) && previous.length > 0) renameSync(previous[0]!, out);
  for (const p of abandoned(out, PREVIOUS)) tidy(p);
}

/**
 * Throws the file system's EACCES, naming the folder, unless out/ can be replaced: the swap moves it aside and then
 * removes it, which needs every folder in it writable. Checked before the build, so that a read-only out/ is refused
 * as it is, rather than replaced and left beside the new one as a leftover no build can remove (which would also make
 * every later `make all` run, since a leftover forces a build).
 */
export function checkReplaceable(out: string): void {
  // Only a folder is removed through what it holds: a file, or a symbolic link (to a folder or not), is removed
  // itself, which needs only its parent writable (as the lock does).
  if (!lstatSync(out, { throwIfNoEntry: false })?.isDirectory()) return;
  const walk = (dir: string): void => {
    accessSync(dir, constants.W_OK | constants.X_OK);
    for (const d of readdirSync(dir, { withFileTypes: true })) if (d.isDirectory()) walk(path.join(dir, d.name));
  };
  walk(out);
}

export function stagingDir(out: string): string {
  const s = `${out}${STAGING}${process.pid}`;
  rmSync(s, { recursive: true, force: true });
  mkdirSync(s, { recursive: true });
  return s;
}

/**
 * Two renames; a kill between them leaves out/ moved aside, which `recover` puts back. A failure between them
 * (the second rename refused) puts it back at once, so that the failed run leaves out/ as it was.
 */
export function swapIn(staging: string, out: string): void {
  const previous = `${out}${PREVIOUS}${process.pid}`;
  if (existsSync(out)) renameSync(out, previous);
  try {
    failpoint('swap-moved-aside');
    renameSync(staging, out);
  } catch (e) {
    if (existsSync(previous)) renameSync(previous, out);
    throw e;
  }
  failpoint('swap-renamed');
  tidy(previous);
}

/**
 * Removes a staging folder. It is renamed first: on an interrupt DuckDB's threads may still be writing, and a
 * folder they can no longer find by name gets no new file while it is being removed.
 */
export function discard(staging: string): void {
  const doomed = staging.replace(/-(\d+)$/, '-discarded-$1');
  try {
    renameSync(staging, doomed);
  } catch {
    tidy(staging);
    return;
  }
  tidy(doomed);
}
