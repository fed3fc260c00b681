// A failed or killed run leaves out/ exactly as it was (or moved aside, put back by the next run), never a
// half-written file that looks current, nor a file rewritten in place; and the next `make all` rebuilds the same
// bytes as a clean build. Kills happen at failpoints, at every step of the build and of the swap.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseContentHash } from '../../pipelines/lib/database-content.ts';
import { DATABASE_FILE } from '../../pipelines/lib/paths.ts';
import { acceptPaper, buildCommand, builtSandbox, editPaperLine, type Sandbox } from '../helpers/sandbox.ts';
import { make, mtimes, rebuildable, repoCopy, snapshot, type RepoCopy } from '../helpers/repo-copy.ts';
import { identities } from '../helpers/identity.ts';
import { startMakeAll, touchSource } from '../helpers/make-process.ts';

/** The files whose bytes must be reproducible; the DuckDB file is compared by content. */

describe('a run that fails', () => {
  let s: Sandbox;
  beforeAll(async () => {
    s = await builtSandbox();
  });
  afterAll(() => s.remove());

  it('on bad input leaves out/ byte for byte and time for time as it was', async () => {
    const [before, times] = [snapshot(s.out), mtimes(s.out)];
    editPaperLine(s, 266, '175B', '175X');
    const r = await buildCommand(s).nothrow();
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('Nothing in out/ was changed.');
    expect(snapshot(s.out)).toEqual(before);
    expect(mtimes(s.out)).toEqual(times);
    editPaperLine(s, 266, '175X', '175B');
  });

  it.each(['after-table-files', 'after-csv', 'after-duckdb', 'before-swap'])(
    'on a crash (%s) leaves out/ as it was and no staging folder',
    async (point) => {
      const [before, ids] = [snapshot(s.out), identities(s.out)];
      const r = await buildCommand(s, { LME_FAILPOINT: point }).nothrow();
      expect(r.exitCode).toBe(70);
      expect(r.stderr).toContain(`failpoint ${point}`);
      expect(snapshot(s.out)).toEqual(before);
      expect(identities(s.out)).toEqual(ids);
      expect(readdirSync(s.root).filter((f) => f.startsWith('out.'))).toEqual([]);
    },
  );

  it('on bad input after a run killed between the renames of its swap still puts back the out/ that run moved aside', async () => {
    const ids = identities(s.out);
    renameSync(s.out, `${s.out}.previous-${spawnSync('true').pid}`);
    editPaperLine(s, 266, '175B', '175X');
    const r = await buildCommand(s).nothrow();
    editPaperLine(s, 266, '175X', '175B');
    expect(r.exitCode).toBe(1);
    expect(identities(s.out)).toEqual(ids);
    expect(readdirSync(s.root).filter((f) => f.startsWith('out.'))).toEqual([]);
  });
});

// In order even under --sequence.shuffle: the last two cases read what the case before them left (a killed swap's
// leftover, then the rebuild that cleared it).
describe('a build killed with SIGKILL', { shuffle: false }, () => {
  let repo: RepoCopy;
  let clean: Map<string, string>;
  let cleanDb: string;
  beforeAll(async () => {
    repo = repoCopy({ built: true });
    await make(repo.dir, 'all');
    clean = snapshot(repo.out);
    cleanDb = (await databaseContentHash(path.join(repo.out, DATABASE_FILE))).digest;
  });
  afterAll(() => repo.remove());

  it('as a failing make all, leaves out/ byte for byte and time for time as it was', async () => {
    const [before, times] = [snapshot(repo.out), mtimes(repo.out)];
    // The changed text accepted as `make accept-source` would (accept-source.test.ts runs that command), here by
    // writing its checksum: about 1 s of CPU less than the command through tsx, twice.
    const source = { source: path.join(repo.dir, 'sources', 'chang2024') };
    const paper = path.join(source.source, 'paper.txt');
    const original = readFileSync(paper, 'utf8');
    writeFileSync(paper, original.replace('GPT-3 OpenAI 175B', 'GPT-3 OpenAI 175X'));
    acceptPaper(source);
    const r = await make(repo.dir, 'all').nothrow();
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain('"175X" is not a quantity');
    expect(snapshot(repo.out)).toEqual(before);
    expect(mtimes(repo.out)).toEqual(times);
    writeFileSync(paper, original);
    acceptPaper(source);
  });

  // Every step of the build and of the swap, killed there by a failpoint rather than after a guessed delay. A
  // step where the build can wait is paused and make's whole process group killed; inside the swap (synchronous)
  // the build kills itself. Either way the kill is checked to have happened (make reports the killed recipe).
  // From after-sources to before-emit the build holds the lock and nothing else on disk (the staging folder is made
  // after before-emit: pipelines/stages/build.ts), so those two points stand for the stage ends between them
  // (after-extract, after-normalise, after-annotate, after-validate), where a kill leaves the same state.
  const GROUP = ['after-sources', 'before-emit', 'after-table-files', 'before-swap'];
  const SELF = ['after-csv', 'after-duckdb', 'swap-moved-aside', 'swap-renamed'];

  async function killAt(point: string): Promise<void> {
    touchSource(repo.dir);
    if (GROUP.includes(point)) {
      const m = startMakeAll(repo.dir, { LME_FAILPOINT: `${point}=pause` });
      const seen = await m.waitFor(/failpoint \S+ paused \(pid (\d+)\)/);
      expect(seen.index, seen[0]).toBeGreaterThanOrEqual(0);
      process.kill(-m.pid, 'SIGKILL');
      const r = await m.exited;
      expect(r.signal, `make killed at ${point}`).toBe('SIGKILL');
    } else {
      const r = await startMakeAll(repo.dir, { LME_FAILPOINT: `${point}=kill` }).exited;
      expect(r.stderr, `build killed at ${point}`).toMatch(/Killed|Error 137/);
    }
  }

  it.each(GROUP.concat(SELF.slice(0, 2)))(
    'at %s leaves every file of out/ as it was, not even rewritten',
    async (point) => {
      const [before, ids] = [snapshot(repo.out), identities(repo.out)];
      await killAt(point);
      expect(snapshot(repo.out)).toEqual(before);
      expect(identities(repo.out)).toEqual(ids);
    },
  );

  it('between the two renames of the swap (out/ moved aside), the next make all puts it back or rebuilds it', async () => {
    await killAt('swap-moved-aside');
    expect(existsSync(repo.out)).toBe(false);
    expect(readdirSync(repo.dir).filter((f) => f.startsWith('out.previous-'))).toHaveLength(1);
    await make(repo.dir, 'all');
    expect(rebuildable(snapshot(repo.out))).toEqual(rebuildable(clean));
    expect(readdirSync(repo.dir).filter((f) => f.startsWith('out.'))).toEqual([]);
  });

  it('after the swap, before the old out/ is removed, the next make all clears the leftover although out/ is current', async () => {
    // The window behind a leftover out.previous-NNNN after a rebuild: out/ was already new, so Make saw nothing
    // to do and no run cleared it. A leftover now forces a run.
    await killAt('swap-renamed');
    expect(rebuildable(snapshot(repo.out))).toEqual(rebuildable(clean));
    expect(readdirSync(repo.dir).filter((f) => f.startsWith('out.previous-'))).toHaveLength(1);
    await make(repo.dir, 'all');
    expect(readdirSync(repo.dir).filter((f) => f.startsWith('out.'))).toEqual([]);
  });

  // The previous case's make all rebuilt after every kill of this file (a leftover forces the run): its out/ is the
  // rebuild checked here, rather than one more build of the same sources.
  it('after all of these, make all rebuilds the same bytes and then has nothing to do', async () => {
    expect(rebuildable(snapshot(repo.out))).toEqual(rebuildable(clean));
    expect((await databaseContentHash(path.join(repo.out, DATABASE_FILE))).digest).toBe(cleanDb);
    expect(readdirSync(repo.dir).filter((f) => f.startsWith('out.'))).toEqual([]);
    expect((await make(repo.dir, 'all')).stdout).toContain('Nothing to be done');
  });
});
