// Interrupting `make all` never changes out/: SIGINT and SIGTERM to make's process group (a terminal's Ctrl-C, a
// cancelled CI job) at several moments of the build, and SIGKILL of the build process alone, leave every file of
// out/ with its bytes, inode and mtime (not even rewritten in place), no staging folder and no lock; Make deletes
// nothing; the build exits 130 or 143 without a stack; and the next `make all` rebuilds the same bytes.
// The moments are failpoints that pause the build, or its progress lines, never timers; and a signal the build sends
// itself just before the swap (it stops the build) and during it (the swap completes).

import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { make, rebuildable, repoCopy, snapshot, type RepoCopy } from '../helpers/repo-copy.ts';
import { identities } from '../helpers/identity.ts';
import { startMakeAll, touchSource } from '../helpers/make-process.ts';

let repo: RepoCopy;
let clean: Map<string, string>;
const byproducts = () => readdirSync(repo.dir).filter((f) => f.startsWith('out.'));

beforeAll(async () => {
  repo = repoCopy({ built: true });
  await make(repo.dir, 'all');
  clean = snapshot(repo.out);
});
afterAll(() => repo.remove());

const SIGNALS = [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const;
/**
 * Make's report of the build's exit status. Under heavy load GNU make, signalled with its child, sometimes finds
 * the child already reaped and says "wait: No child processes.  Stop." instead (make's own race, seen once beside
 * a mutation run): the build's message, checked beside this, still says how it ended.
 */
const makeSawExit = (code: number) => new RegExp(`Error ${code}\\b|wait: No child processes\\. +Stop\\.`);
// Paused at the end of a stage, just before writing, after the first table's files (its load into the database
// under way), with every file staged; on the progress line that says the loaded tables' files are written, while
// the database is being loaded and the derived table computed; and on the line that says the database holds every
// table, its CSV files written, as DuckDB makes the views and the final checkpoint. Each moment meets a signal, and
// those where DuckDB may be at work meet both: the build's handler is one function for every signal (onSignal in
// pipelines/lib/interrupt.ts names it and exits 128 + its number) and Make ends on either alike, so both signals at
// the three other moments took three builds more (about 2.5 s of CPU) for no other path.
const MOMENTS: [string, readonly string[]][] = [
  ['after-extract', ['SIGTERM']],
  ['before-emit', ['SIGINT']],
  ['after-table-files', ['SIGINT', 'SIGTERM']],
  ['before-swap', ['SIGTERM']],
  ['progress:files', ['SIGINT', 'SIGTERM']],
  ['progress:duckdb', ['SIGINT', 'SIGTERM']],
];

describe.each(SIGNALS)("%s to make's process group", (signal, code) => {
  it.each(MOMENTS.filter(([, signals]) => signals.includes(signal)).map(([moment]) => moment))(
    `at %s leaves out/ untouched, deletes nothing, and the build exits ${code} without a stack`,
    async (moment) => {
      const [before, ids] = [snapshot(repo.out), identities(repo.out)];
      touchSource(repo.dir);
      const paused = !moment.startsWith('progress:');
      const m = startMakeAll(repo.dir, paused ? { LME_FAILPOINT: `${moment}=pause` } : {});
      const seen = await m.waitFor(
        paused
          ? /failpoint \S+ paused \(pid (\d+)\)/
          : new RegExp(`^${moment.slice(9).replaceAll('+', '\\+')} +\\d`, 'm'),
      );
      expect(seen.index, seen[0]).toBeGreaterThanOrEqual(0);
      process.kill(-m.pid, signal);
      const r = await m.exited;
      // Make is in the process group too: it reports the build's exit, then ends by the same signal (a shell shows
      // 130/143); in its own race (makeSawExit) it stops with status 2 instead. What the build did is checked below.
      const raced = /wait: No child processes/.test(r.stderr);
      expect([r.status, r.signal], r.stderr).toEqual(raced ? [2, null] : [null, signal]);
      expect(r.stderr).toContain(`Interrupted (${signal}). Nothing in out/ was changed.`);
      expect(r.stderr).toMatch(makeSawExit(code));
      expect(r.stderr).not.toContain('Deleting file');
      expect(r.stderr).not.toContain('Bug:');
      expect(snapshot(repo.out)).toEqual(before);
      expect(identities(repo.out)).toEqual(ids);
      expect(byproducts()).toEqual([]);
    },
  );
});

describe('a signal that arrives during synchronous work just before the swap', () => {
  // The build sends itself SIGTERM at the last failpoint and goes straight on: its handler runs at the next turn of
  // the event loop, which must come before out/ is replaced (closing the database and writing datapackage.json are
  // synchronous; a signal then was seen only after the swap).
  it('stops the build before out/ is replaced: exit 143, out/ untouched', async () => {
    const [before, ids] = [snapshot(repo.out), identities(repo.out)];
    touchSource(repo.dir);
    const r = await startMakeAll(repo.dir, { LME_FAILPOINT: 'before-swap=sigterm' }).exited;
    expect(r.stderr).toContain('Interrupted (SIGTERM). Nothing in out/ was changed.');
    expect(r.stderr).toContain('Error 143');
    expect(r.stderr).not.toContain(' replaced');
    expect(snapshot(repo.out)).toEqual(before);
    expect(identities(repo.out)).toEqual(ids);
    expect(byproducts()).toEqual([]);
  });

  // The swap is synchronous: out/ is moved aside, the staging folder renamed to out/, the old one removed, and the
  // handlers let go before the event loop turns again. A signal that arrives in the middle of it, with out/ moved
  // aside, therefore finds the swap done and no handler: the build ends as it would have, out/ is the new build
  // whole, and it never says "Nothing in out/ was changed" about an out/ it replaced.
  it('during the swap itself, with out/ moved aside: the swap completes, exit 0, out/ is the new build', async () => {
    const ids = identities(repo.out);
    touchSource(repo.dir);
    const r = await startMakeAll(repo.dir, { LME_FAILPOINT: 'swap-moved-aside=sigterm' }).exited;
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('Interrupted');
    expect(identities(repo.out), 'out/ is the new build, not the old one left in place').not.toEqual(ids);
    expect(rebuildable(snapshot(repo.out))).toEqual(rebuildable(clean));
    expect(byproducts()).toEqual([]);
    expect(existsSync(`${repo.out}.lock`)).toBe(false);
  });
});

describe('a signal just after the swap, before the summary', () => {
  // No handler is left once out/ is replaced: the signal ends the build as signals do by default, without a word
  // of its own (no "Nothing in out/ was changed" about an out/ it replaced), and out/ is the new build, whole.
  it("ends the build by the signal (make exits 2), no message of the build's, out/ the new build", async () => {
    const ids = identities(repo.out);
    touchSource(repo.dir);
    const r = await startMakeAll(repo.dir, { LME_FAILPOINT: 'after-swap=sigterm' }).exited;
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/\] (Terminated|Error 143)\b/);
    expect(r.stderr).not.toContain('Interrupted');
    expect(r.stderr).not.toContain('Deleting file');
    expect(identities(repo.out), 'out/ is the new build').not.toEqual(ids);
    expect(rebuildable(snapshot(repo.out))).toEqual(rebuildable(clean));
    expect(byproducts()).toEqual([]);
    expect(existsSync(`${repo.out}.lock`)).toBe(false);
  });
});

// In order even under --sequence.shuffle: the last case reads the rebuild the case before it made.
describe('SIGKILL of the build process alone (make survives it)', { shuffle: false }, () => {
  it.each(['after-normalise', 'before-swap'])(
    'at %s leaves out/ untouched; the next make all clears the leftovers and rebuilds the same bytes',
    async (point) => {
      const [before, ids] = [snapshot(repo.out), identities(repo.out)];
      touchSource(repo.dir);
      const m = startMakeAll(repo.dir, { LME_FAILPOINT: `${point}=pause` });
      const seen = await m.waitFor(/failpoint \S+ paused \(pid (\d+)\)/);
      process.kill(Number(seen[1]), 'SIGKILL');
      const r = await m.exited;
      expect(r.status).not.toBe(0);
      expect(r.stderr).not.toContain('Deleting file');
      expect(snapshot(repo.out)).toEqual(before);
      expect(identities(repo.out)).toEqual(ids);
      // The killed run could clean nothing: its lock and staging folder stay until the next run takes them over.
      expect(existsSync(`${repo.out}.lock`)).toBe(true);
      await make(repo.dir, 'all');
      expect(rebuildable(snapshot(repo.out))).toEqual(rebuildable(clean));
      expect(byproducts()).toEqual([]);
    },
  );

  // After any of these: the last case's make all rebuilt after every interruption of this file (its source touched,
  // its leftovers cleared): its out/ is the rebuild checked here, rather than one more build of the same sources.
  it('make all rebuilds the same bytes, then has nothing to do', async () => {
    expect(rebuildable(snapshot(repo.out))).toEqual(rebuildable(clean));
    expect(byproducts()).toEqual([]);
    expect((await make(repo.dir, 'all')).stdout).toContain('Nothing to be done');
  });
});
