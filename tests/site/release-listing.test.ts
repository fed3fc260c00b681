// The explorer lists a release's files as complete only when dist/ holds the whole release built from this out/:
// every file SHA256SUMS lists, with that hash. A release still being written, or another build's, gives the partial
// list of the files copied from out/, which the page says is partial. `make -j4 all site release` builds the site
// after the release, whatever order make picks, so that it lists every file (it listed an incomplete set).
// One copy of the project, one release: the make run's release is the one the listing's cases read.

import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSha256sums } from '../../pipelines/lib/release/checksums.ts';
import { releaseFiles } from '../../pipelines/lib/site/downloads.ts';
import { DATABASE_FILE } from '../../pipelines/lib/paths.ts';
import { ROOT } from '../helpers/project.ts';
import { make, repoCopy, type RepoCopy } from '../helpers/repo-copy.ts';
import { bundledNode } from '../helpers/bundled-make.ts';

const URL = 'https://github.com/o/r';
const listedIn = (dist: string) => [
  ...parseSha256sums(readFileSync(path.join(dist, 'SHA256SUMS'), 'utf8')).keys(),
  'SHA256SUMS',
];

let repo: RepoCopy;
let dist: string;
beforeAll(async () => {
  repo = repoCopy({ built: true });
  dist = path.join(repo.dir, 'dist');
  for (const p of ['site', 'queries'])
    cpSync(path.join(ROOT, p), path.join(repo.dir, p), { recursive: true, preserveTimestamps: true });
  // The site and the release from this run's bundles (bundledNode()): the order is Make's, whatever runs the recipes.
  await make(repo.dir, '-j4', 'all', 'site', 'release', ...bundledNode('site.ts', 'release.ts'));
});
afterAll(() => repo.remove());

it('make -j4 all site release: the site, built after the release, lists every file of it', () => {
  const data = JSON.parse(readFileSync(path.join(repo.out, 'site', 'data.json'), 'utf8')) as {
    downloads: { complete: boolean; files: { name: string }[] };
  };
  expect(data.downloads.complete).toBe(true);
  expect(data.downloads.files.map((f) => f.name)).toEqual(listedIn(dist));
});

describe('the release files the explorer lists', () => {
  const list = (d = dist) => releaseFiles(repo.out, d, DATABASE_FILE, URL, '0.1.0');

  it('are every file of a whole release built from this out/, SHA256SUMS last', () => {
    const l = list();
    expect(l.complete).toBe(true);
    expect(l.files.map((f) => f.name)).toEqual(listedIn(dist));
  });

  it('are the files copied from out/ (complete: false) while a listed file is missing or not yet its bytes', () => {
    const partial = path.join(repo.dir, 'dist-partial');
    cpSync(dist, partial, { recursive: true });
    rmSync(path.join(partial, 'RELEASE_NOTES.md'));
    const missing = list(partial);
    expect(missing.complete).toBe(false);
    expect(missing.files.map((f) => f.name)).not.toContain('SHA256SUMS');
    cpSync(dist, partial, { recursive: true });
    writeFileSync(path.join(partial, 'models.parquet'), 'half written');
    expect(list(partial).complete).toBe(false);
  });
});
