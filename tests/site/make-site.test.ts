// `make site` as a user runs it, in a copy of the project: it builds out/site/ from a built out/, a second run does
// nothing, and a rebuild of the data (which replaces out/ as a whole, the site with it) makes the next `make site`
// build the site again.

import { cpSync, existsSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { make, repoCopy, type RepoCopy } from '../helpers/repo-copy.ts';
import { ROOT } from '../helpers/project.ts';

let repo: RepoCopy;
beforeAll(() => {
  repo = repoCopy();
  for (const p of ['site', 'queries']) cpSync(path.join(ROOT, p), path.join(repo.dir, p), { recursive: true, preserveTimestamps: true });
});
afterAll(() => repo.remove());

const upToDate = async () => (await make(repo.dir, '-q', 'site').nothrow()).exitCode === 0;

describe('make site', () => {
  it('builds the site into out/site/ after the data', async () => {
    await make(repo.dir, 'site');
    for (const f of ['index.html', 'data.json', 'assets/main.js', 'duckdb/duckdb-eh.wasm', 'duckdb/duckdb-browser-eh.worker.js', 'data/large_model_ecosystem.duckdb']) {
      expect(existsSync(path.join(repo.out, 'site', f)), f).toBe(true);
    }
  });

  it('does nothing the second time', async () => {
    expect(await upToDate()).toBe(true);
    expect((await make(repo.dir, 'site')).stdout).toContain("Nothing to be done for 'site'");
  });

  it('rebuilds the site after a data build replaced out/', async () => {
    const now = new Date();
    utimesSync(path.join(repo.dir, 'sources', 'chang2024', 'paper.txt'), now, now);
    await make(repo.dir, 'all');
    expect(existsSync(path.join(repo.out, 'site'))).toBe(false);
    expect(await upToDate()).toBe(false);
    await make(repo.dir, 'site');
    expect(existsSync(path.join(repo.out, 'site', 'index.html'))).toBe(true);
    expect(await upToDate()).toBe(true);
  });
});
