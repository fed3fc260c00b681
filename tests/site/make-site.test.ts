// `make site` as a user runs it, in a copy of the project: it builds out/site/ from a built out/, a second run does
// nothing, and a rebuild of the data (which replaces out/ as a whole, the site with it) makes the next `make site`
// build the site again.

import { cpSync, existsSync, readdirSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { make, repoCopy, snapshot, type RepoCopy } from '../helpers/repo-copy.ts';
import { startMake, touchSource } from '../helpers/make-process.ts';
import { ROOT } from '../helpers/project.ts';
import { bundledNode } from '../helpers/bundled-make.ts';

let repo: RepoCopy;
beforeAll(() => {
  repo = repoCopy({ built: true });
  for (const p of ['site', 'queries'])
    cpSync(path.join(ROOT, p), path.join(repo.dir, p), { recursive: true, preserveTimestamps: true });
});
afterAll(() => repo.remove());

// The site's command from this run's bundle (bundledNode()): what these show is Make's (what is up to date, the lock,
// the order), not tsx's start, about 0.6 s of CPU a run.
const site = () => make(repo.dir, 'site', ...bundledNode('site.ts'));
const upToDate = async () => (await make(repo.dir, '-q', 'site').nothrow()).exitCode === 0;

describe('make site', () => {
  it('builds the site into out/site/ after the data', async () => {
    await site();
    for (const f of [
      'index.html',
      'data.json',
      'assets/main.js',
      'duckdb/duckdb-eh.wasm',
      'duckdb/duckdb-browser-eh.worker.js',
      'data/large_model_ecosystem.duckdb',
      'data/models.csv',
      'data/models.parquet',
      'data/models.json',
    ]) {
      expect(existsSync(path.join(repo.out, 'site', f)), f).toBe(true);
    }
  });

  it('does nothing the second time', async () => {
    await site(); // the first time, unless the case before did it (not under --sequence.shuffle)
    expect(await upToDate()).toBe(true);
    expect((await site()).stdout).toContain("Nothing to be done for 'site'");
  });

  it("holds the build's lock while it runs (a build and make clean refuse), and Ctrl-C leaves out/site/ and no staging folder", async () => {
    await site();
    const before = snapshot(path.join(repo.out, 'site'));
    utimesSync(path.join(repo.out, 'site', 'index.html'), 0, 0); // out of date, so that make runs it again
    const m = startMake(repo.dir, 'site', { LME_FAILPOINT: 'site-before-swap=pause' });
    const pid = Number((await m.waitFor(/failpoint site-before-swap paused \(pid (\d+)\)/))[1]);
    expect(readdirSync(repo.out).filter((f) => f.startsWith('site.staging-'))).toEqual([`site.staging-${pid}`]);
    touchSource(repo.dir); // never -B: it would run npm ci in the node_modules this copy shares
    const build = await make(repo.dir, 'all').nothrow();
    expect(build.stderr).toContain(`out.lock: is held by another build (pid ${pid}, started `);
    const clean = await make(repo.dir, 'clean').nothrow();
    expect(clean.stderr).toContain(`out.lock: is held by a running process (pid ${pid}, started `);
    process.kill(-m.pid, 'SIGINT');
    const r = await m.exited;
    expect(r.stderr).toContain('Interrupted (SIGINT). out/site/ was not changed.');
    expect(r.stderr).not.toMatch(/Bug:|Deleting file/);
    expect(readdirSync(repo.out).filter((f) => f.startsWith('site.'))).toEqual([]);
    expect(existsSync(`${repo.out}.lock`)).toBe(false);
    const after = snapshot(path.join(repo.out, 'site'));
    expect(after).toEqual(before);
  });

  it('rebuilds the site after a data build replaced out/', async () => {
    const now = new Date();
    utimesSync(path.join(repo.dir, 'sources', 'chang2024', 'paper.txt'), now, now);
    await make(repo.dir, 'all');
    expect(existsSync(path.join(repo.out, 'site'))).toBe(false);
    expect(await upToDate()).toBe(false);
    await site();
    expect(existsSync(path.join(repo.out, 'site', 'index.html'))).toBe(true);
    expect(await upToDate()).toBe(true);
  });
});
