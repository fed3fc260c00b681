// No bulky generated file in git: every tracked file is at most 200 KB, but the vendored sources (sources/), the
// lockfile and the images the docs show. What a command generates (Stryker's full reports, ajv's compiled
// validators) is made where it is needed and ignored; what is kept of it is small text.

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { $ } from 'zx';
import { expect, it } from 'vitest';
import { ROOT } from '../helpers/project.ts';

const LIMIT = 200_000;
const exempt = (file: string) =>
  file.startsWith('sources/') || file === 'package-lock.json' || /\.(png|jpe?g|gif|webp|svg)$/.test(file);

it('tracks no file over 200 KB outside sources/, the lockfile and images', async () => {
  const files = (await $({ cwd: ROOT, quiet: true })`git ls-files -z`).stdout
    .split('\0')
    .filter((f) => f !== '' && !exempt(f));
  expect(files.length).toBeGreaterThan(100);
  const bulky = files.filter((f) => existsSync(path.join(ROOT, f)) && statSync(path.join(ROOT, f)).size > LIMIT);
  expect(bulky).toEqual([]);
});

it('ignores the generated files it replaced with small ones', async () => {
  const ignored = async (f: string) =>
    (await $({ cwd: ROOT, quiet: true, nothrow: true })`git check-ignore -q ${f}`).exitCode === 0;
  expect(await ignored('pipelines/generated/validators.cjs')).toBe(true);
  expect(await ignored('reports/mutation/extraction.incremental.json')).toBe(true);
  expect(await ignored('reports/mutation/extraction.scores.json')).toBe(false);
});
