// The first `make all` of a fresh clone installs only package.json's dependencies (npm ci --omit=dev, from npm's
// cache here) and they are enough: the build (with ajv's validators, generated first) and the SQL runner work with
// nothing else, in at most 250 MB. With nothing changed, `make all` then does nothing; with a package folder gone
// ("Cannot find module"), it would install again and build (the install itself: first-run.test.ts). A real npm ci,
// in a copy of the project with a node_modules of its own, never the one this checkout's other tests share.

import { existsSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { $ } from 'zx';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROOT } from '../helpers/project.ts';
import { repoCopy, type RepoCopy } from '../helpers/repo-copy.ts';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

let repo: RepoCopy;
let first: string;
beforeAll(async () => {
  repo = repoCopy();
  unlinkSync(path.join(repo.dir, 'node_modules'));
  rmSync(path.join(repo.dir, VALIDATORS), { force: true }); // generated, not in git
  first = (await $({ cwd: repo.dir, quiet: true })`make --no-print-directory all`).stdout;
}, 300_000);
afterAll(() => repo?.remove());

const VALIDATORS = 'pipelines/generated/validators.cjs';
const modules = () => path.join(repo.dir, 'node_modules');
const make = (target: string) => $({ cwd: repo.dir, quiet: true })`make --no-print-directory ${target}`;

it('installs the dependencies and none of the devDependencies, in at most 250 MB', async () => {
  expect(first).toContain('npm ci --omit=dev --ignore-scripts');
  for (const name of Object.keys(pkg.dependencies))
    expect(existsSync(path.join(modules(), name, 'package.json')), name).toBe(true);
  for (const name of Object.keys(pkg.devDependencies)) expect(existsSync(path.join(modules(), name)), name).toBe(false);
  const kib = Number((await $`du -sk ${modules()}`).stdout.split('\t')[0]);
  expect(kib / 1024).toBeLessThanOrEqual(250);
});

it('generates the validators, builds the dataset and runs the SQL runner with them alone', async () => {
  expect(readFileSync(path.join(repo.dir, VALIDATORS), 'utf8')).toBe(readFileSync(path.join(ROOT, VALIDATORS), 'utf8'));
  expect(existsSync(path.join(repo.out, 'large_model_ecosystem.duckdb'))).toBe(true);
  const r = await $({
    cwd: repo.dir,
    quiet: true,
  })`npm run --silent sql -- --csv ${'SELECT count(*) AS n FROM models'}`;
  expect(r.stdout).toBe('n\n23\n');
});

it('does nothing the second time, and would install again and build when a package is missing', async () => {
  expect((await make('all')).stdout).toContain("Nothing to be done for 'all'");
  // What Make decides, without a second real install (first-run.test.ts runs the install itself with a stand-in npm;
  // the real one is above): the install, then the bundle and the build, in that order.
  rmSync(path.join(modules(), 'flatbuffers'), { recursive: true }); // needed by the build only through apache-arrow
  const plan = (await $({ cwd: repo.dir, quiet: true })`make --no-print-directory -n all`).stdout;
  expect(plan).toMatch(/bash pipelines\/install\.sh runtime\n[\s\S]*esbuild[\s\S]*\n.* \.build\/build\.cjs\n$/);
});
