// A failed or killed run leaves out/ exactly as it was (or absent), never a half-written file that looks
// current; and the next `make all` rebuilds the same bytes as a clean build.

import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseContentHash } from '../../pipelines/lib/emit/content-hash.ts';
import { DATABASE_FILE } from '../../pipelines/stages/emit.ts';
import { buildCommand, build, editPaperLine, sandbox, type Sandbox } from '../helpers/sandbox.ts';
import { make, mtimes, repoCopy, snapshot, startMake, type RepoCopy } from '../helpers/repo-copy.ts';

/** The files whose bytes must be reproducible; the DuckDB file is compared by content. */
const stable = (m: Map<string, string>) => new Map([...m].filter(([k]) => k !== DATABASE_FILE));

describe('a run that fails', () => {
  let s: Sandbox;
  beforeAll(async () => { s = sandbox(); await build(s); });
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

  it.each(['after-csv', 'after-duckdb', 'before-swap'])('on a crash (%s) leaves out/ as it was and no staging folder', async (point) => {
    const before = snapshot(s.out);
    const r = await buildCommand(s, { LME_FAILPOINT: point }).nothrow();
    expect(r.exitCode).toBe(70);
    expect(r.stderr).toContain(`failpoint ${point}`);
    expect(snapshot(s.out)).toEqual(before);
    expect(readdirSync(s.root).filter((f) => f.startsWith('out.'))).toEqual([]);
  });
});

describe('a build killed with SIGKILL', () => {
  let repo: RepoCopy;
  let clean: Map<string, string>;
  let cleanDb: string;
  beforeAll(async () => {
    repo = repoCopy();
    await make(repo.dir, 'all');
    clean = snapshot(repo.out);
    cleanDb = (await databaseContentHash(path.join(repo.out, DATABASE_FILE))).digest;
  });
  afterAll(() => repo.remove());

  it('as a failing make all, leaves out/ byte for byte and time for time as it was', async () => {
    const [before, times] = [snapshot(repo.out), mtimes(repo.out)];
    const paper = path.join(repo.dir, 'sources', 'chang2024', 'paper.txt');
    const original = readFileSync(paper, 'utf8');
    writeFileSync(paper, original.replace('GPT-3 OpenAI 175B', 'GPT-3 OpenAI 175X'));
    await make(repo.dir, 'accept-source', 'SOURCE=chang2024');
    const r = await make(repo.dir, 'all').nothrow();
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain('"175X" is not a quantity');
    expect(snapshot(repo.out)).toEqual(before);
    expect(mtimes(repo.out)).toEqual(times);
    writeFileSync(paper, original);
    await make(repo.dir, 'accept-source', 'SOURCE=chang2024');
  });

  it('at several moments leaves out/ complete or absent, and make all then rebuilds the same bytes', async () => {
    // The moments are a spread over a build's life (start, extraction, writing, swap), not timing targets.
    for (const delay of [20, 120, 250, 400, 550, 700, 850, 1000]) {
      // A newer source forces a rebuild without changing any value.
      const now = Date.now() / 1000;
      utimesSync(path.join(repo.dir, 'sources', 'chang2024', 'curated', 'models.csv'), now, now);
      const running = startMake(repo.dir);
      await new Promise((resolve) => setTimeout(resolve, delay));
      try { process.kill(-running.pid!, 'SIGKILL'); } catch { /* already finished */ }
      await running;
      if (existsSync(repo.out)) expect(stable(snapshot(repo.out)), `killed after ${delay} ms`).toEqual(stable(clean));
    }
    await make(repo.dir, 'all');
    expect(stable(snapshot(repo.out))).toEqual(stable(clean));
    expect((await databaseContentHash(path.join(repo.out, DATABASE_FILE))).digest).toBe(cleanDb);
    expect(readdirSync(repo.dir).filter((f) => f.startsWith('out.'))).toEqual([]);
    expect((await make(repo.dir, 'all')).stdout).toContain('Nothing to be done');
  });
});
