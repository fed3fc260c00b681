// The commands' bundles the tests run (TEST_BUNDLES in the Makefile) hold their pure-JavaScript packages (only DuckDB
// and parquet-wasm stay requires): after a dependency upgrade (a newer package-lock.json) they are made again, or the
// tests would run the old packages' code while users run the new through tsx. Asked with `make -q`, the install stamp
// taken as done (-o), in a built copy: nothing is made or installed.

import { utimesSync } from 'node:fs';
import path from 'node:path';
import { $ } from 'zx';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BUNDLED } from '../helpers/built-out.ts';
import { repoCopy, type RepoCopy } from '../helpers/repo-copy.ts';

let repo: RepoCopy;
beforeAll(() => {
  repo = repoCopy({ built: true });
});
afterAll(() => repo.remove());

const upToDate = async (target: string) =>
  (await $({ cwd: repo.dir, quiet: true, nothrow: true })`make -q -o node_modules/.installed ${target}`).exitCode === 0;

const BUNDLES = BUNDLED.map((name) => `.build/${name.replace(/\.ts$/, '.cjs')}`);

it("are made again after package-lock.json changes (a bundle holds the packages' code)", async () => {
  for (const bundle of BUNDLES) expect(await upToDate(bundle), `${bundle} is out of date in a built copy`).toBe(true);
  const later = new Date(Date.now() + 60_000);
  utimesSync(path.join(repo.dir, 'package-lock.json'), later, later);
  for (const bundle of BUNDLES) expect(await upToDate(bundle), bundle).toBe(false);
});
